"""`tonbaeb backup DEST` and `tonbaeb restore SRC --home DIR`: everything needed to rebuild a home.

A backup is one tar file holding the archive of sources (with each province's load
history, so a rebuild replays the same submissions in the same order), the state
store (the SQLite file copied with SQLite's backup API, consistent while the app writes to it;
a PostgreSQL store as every row of every table read in one REPEATABLE READ transaction, to
`state/store.json`, which `restore` writes into the empty store its home names), the
rules files, the boundaries (HOME/geo), the per-province secrets and a manifest of
every file's SHA-256. Warehouses are not in it: `tonbaeb rebuild` makes them again.
Files are copied as bytes, so archived files stay as they are (encrypted or not).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import tarfile
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from sqlalchemy.exc import SQLAlchemyError

from accounts import transfer
from accounts.schema import Outdated
from accounts.store import open_store, state_url
from core.home import Home
from warehouse.history import load_history

MANIFEST = "manifest.json"
STORE_DUMP = "state/store.json"  # a PostgreSQL store's rows (a SQLite store is state/app.sqlite)
HISTORY = "archive/history"
SHIPPED_RULES = Path(__file__).resolve().parents[1] / "warehouse" / "rules"
FOLDERS = ("archive", "geo", "secrets", "rules")  # copied file by file, as bytes
SECRETS_WARNING = (
    "warning: the backup holds HOME/secrets, the per-province keys of the citizen-ID hashes; "
    "anyone with it and the data can test a citizen ID against them. Keep it as safe as the home."
)


class BackupError(ValueError):
    """A backup that cannot be written or read, with the reason."""


def backup(home: Home, dest: Path) -> tuple[Path, int]:
    """Write the backup tar; returns its path and the number of files in it."""
    url = state_url(home)
    on_file = url.get_backend_name() == "sqlite"
    if on_file and not Path(url.database or "").is_file() and not home.archive.is_dir():
        raise BackupError(f"{home.root}: not a tonbaeb home (no state store, no archive)")
    target = dest / f"tonbaeb-{time.strftime('%Y%m%dT%H%M%S')}.tar" if dest.is_dir() else dest
    if target.exists():
        raise BackupError(f"{target}: exists already")
    hashes: dict[str, str] = {}
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    with tempfile.TemporaryDirectory() as scratch, tarfile.open(partial, "w") as tar:

        def add(name: str, data: bytes) -> None:
            hashes[name] = hashlib.sha256(data).hexdigest()
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), int(time.time()), 0o600
            tar.addfile(info, io.BytesIO(data))

        if on_file and Path(url.database or "").is_file():
            copy = Path(scratch) / "app.sqlite"
            _store_copy(Path(url.database or ""), copy)
            add("state/app.sqlite", copy.read_bytes())
        elif not on_file:
            store = open_store(home)
            try:
                add(STORE_DUMP, json.dumps(transfer.dump(store), ensure_ascii=False).encode())
            finally:
                store.close()
        for name, path in _files(home):
            add(name, path.read_bytes())
        for shipped in sorted(SHIPPED_RULES.glob("*.toml")):
            add(f"rules/shipped/{shipped.name}", shipped.read_bytes())
        for province in home.provinces():
            history = json.dumps(load_history(home, province), ensure_ascii=False, indent=1)
            add(f"{HISTORY}/{province}.json", history.encode("utf-8"))
        settings = home.root / "settings.toml"
        if settings.is_file():
            add("settings.toml", settings.read_bytes())
        manifest = {"made_at": time.time(), "home": str(home.root), "files": hashes}
        add(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode("utf-8"))
    os.replace(partial, target)
    return target, len(hashes)


def restore(src: Path, home: Home) -> int:
    """Unpack a backup into an empty home, checking every file's hash; returns the file count."""
    if any(home.root.iterdir()) if home.root.is_dir() else False:
        raise BackupError(f"{home.root}: not empty; restore only into an empty or new folder")
    rows: transfer.Dump | None = None
    try:
        with tarfile.open(src, "r") as tar:
            members = {m.name: m for m in tar.getmembers()}
            if MANIFEST not in members:
                raise BackupError(f"{src}: no {MANIFEST}: not a tonbaeb backup")
            manifest = json.loads(tar.extractfile(members[MANIFEST]).read())  # type: ignore[union-attr]
            expected = manifest["files"]
            for name, member in members.items():
                if name == MANIFEST:
                    continue
                if not member.isfile() or not _safe(name) or name not in expected:
                    raise BackupError(f"{src}: unexpected entry {name!r}")
                data = tar.extractfile(member).read()  # type: ignore[union-attr]
                if hashlib.sha256(data).hexdigest() != expected[name]:
                    raise BackupError(f"{src}: {name} does not match its hash in the manifest")
                if name == STORE_DUMP:
                    rows = json.loads(data)
                    continue
                _write(home.root / name, data, secret=name.startswith("secrets/"))
            missing = sorted(set(expected) - set(members) - {MANIFEST})
            if missing:
                raise BackupError(
                    f"{src}: files named in the manifest are missing: {', '.join(missing[:5])}"
                )
    except (tarfile.TarError, OSError, KeyError, ValueError) as error:
        if isinstance(error, BackupError):
            raise
        raise BackupError(f"{src}: unreadable backup: {error}") from error
    if rows is not None:
        _load_store(home, rows)
    return len(expected)


def _load_store(home: Home, rows: transfer.Dump) -> None:
    """The dumped rows into the home's store, which must be empty (a new database)."""
    try:
        store = open_store(home)
    except (Outdated, SQLAlchemyError) as error:
        raise BackupError(f"the state store of {home.root}: {error}") from error
    try:
        transfer.load(store, rows)
    except transfer.CopyError as error:
        raise BackupError(f"{error}: restore into an empty database") from error
    finally:
        store.close()


def _store_copy(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite store (its backup API, page by page under its locks)."""
    con = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    out = sqlite3.connect(target)
    try:
        con.backup(out)
    finally:
        out.close()
        con.close()


def _files(home: Home) -> Iterator[tuple[str, Path]]:
    """Every file of the copied folders, by its name in the backup (a history is made afresh)."""
    for folder in FOLDERS:
        base = home.root / folder
        for path in sorted(base.rglob("*")) if base.is_dir() else []:
            name = path.relative_to(home.root).as_posix()
            if (
                path.is_file()
                and not name.startswith(HISTORY + "/")
                and not path.name.endswith(".tmp")
            ):
                yield name, path


def _safe(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return (
        bool(parts)
        and not name.startswith("/")
        and ".." not in parts
        and parts[0]
        in (
            *FOLDERS,
            "state",
            "settings.toml",
        )
    )


def _write(path: Path, data: bytes, *, secret: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700 if secret else 0o777)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if secret else 0o644)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
