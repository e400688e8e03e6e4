"""Pull a source's bytes and keep them unchanged, by content hash, before parsing.

A local file is not read again while it looks exactly as it did when it was last
archived: same size, modification time, change time and inode (its fingerprint,
kept in `archive/seen/PROVINCE.json` with the file's hash). Any difference and the
file is read and hashed again: the content hash stays the truth. The change time
and inode catch a file replaced by another of the same size and modification
time (copied with its times kept, or its mtime set back), which size and mtime
alone would miss; nobody sets a change time by hand. A file changed less than
RECENT_NS before it was looked at is not remembered, since a write in the same
clock tick would leave its times as they were (git's "racily clean" files).
URLs are always fetched.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from etl import local, sealed
from etl.download import download
from etl.limits import Limits
from etl.local import Fingerprint, local_files, read_local
from etl.sources import Source

SEEN = "seen"
TMP = "tmp"  # files being written, named .<pid>.<uuid>.tmp: a dead writer's are removed


@dataclass(frozen=True)
class Pulled:
    """A source's files as fetched, each file's hash, and the hash that names the submission."""

    source: Source
    files: dict[str, bytes]
    digests: dict[str, str]  # file name -> SHA-256
    # Local files as they looked just before they were read; left out when changed too recently.
    fingerprints: dict[str, Fingerprint] = field(default_factory=dict)
    # When a local source last changed (its newest file's modification time); None for a URL.
    changed_at: datetime | None = None

    @property
    def content_sha256(self) -> str:
        """One hash for the submission: of its one file, or of the sorted manifest of a folder."""
        return submission_sha256(self.digests)

    @property
    def size(self) -> int:
        """Bytes of all its files."""
        return sum(len(data) for data in self.files.values())


def pull(source: Source, limits: Limits | None = None) -> Pulled:
    """Fetch a workbook, a folder of CSVs, or an http(s) URL; raises FetchFailed."""
    fingerprints: dict[str, Fingerprint] = {}
    changed_at = None
    if source.is_url:
        files = {_url_name(source.uri): download(source.uri, limits or Limits())}
    else:
        files, fingerprints, changed = read_local(source.uri, limits or Limits())
        changed_at = datetime.fromtimestamp(changed)
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    return Pulled(source, files, digests, fingerprints, changed_at)


def submission_sha256(digests: dict[str, str]) -> str:
    """One hash for a submission, from its files' hashes (name -> SHA-256)."""
    if len(digests) == 1:
        return next(iter(digests.values()))
    return hashlib.sha256(json.dumps(sorted(digests.items())).encode()).hexdigest()


def archive(root: Path, pulled: Pulled) -> Path:
    """Store every file under its own hash, sealed with its province's key, plus a manifest; returns the manifest."""
    keys = sealed.Keyring(_secrets(root), pulled.source.province)
    for name, data in pulled.files.items():
        digest = pulled.digests[name]
        if not _stored(root, digest).exists():
            _write_once(_stored(root, digest), sealed.seal(keys, digest, data))
    body = json.dumps(
        {"source": pulled.source.uri, "district": pulled.source.district, "files": pulled.digests},
        ensure_ascii=False,
        sort_keys=True,
        indent=1,
    ).encode("utf-8")
    path = _manifest(root, pulled.content_sha256)
    _write_once(path, body)
    return path


def read_archived(root: Path, digest: str) -> bytes:
    """An archived file's bytes as sent (opened with its province's key); raises SealError, OSError."""
    blob = _stored(root, digest).read_bytes()
    return sealed.open_sealed(_secrets(root), digest, blob) if sealed.is_sealed(blob) else blob


def archived_files(root: Path, province: str) -> list[tuple[str, Path]]:
    """(SHA-256, path) of every archived file of a province's submissions (from the manifests)."""
    found: dict[str, Path] = {}
    for manifest in sorted((root / "submissions").glob("*.json")):
        try:
            entry = json.loads(manifest.read_bytes())
        except (OSError, ValueError):
            continue
        if str(entry.get("district", ""))[:2] == province:
            for digest in entry.get("files", {}).values():
                if _stored(root, digest).is_file():
                    found[digest] = _stored(root, digest)
    return sorted(found.items())


def rotate_key(root: Path, province: str) -> int:
    """A new archive key for the province, its files re-sealed with it, older keys removed; files re-sealed."""
    return sealed.rotate(_secrets(root), province, archived_files(root, province), _write)


def _secrets(root: Path) -> Path:
    return root.parent / "secrets"  # the archive is HOME/archive, its keys HOME/secrets/archive/


class Seen:
    """The local sources of some provinces as they looked when last archived."""

    def __init__(self, root: Path, provinces: Iterable[str]) -> None:
        self.root = root
        self.entries = {p: _read_seen(root / SEEN / f"{p}.json") for p in provinces}
        self.touched: set[str] = set()

    def recall(self, source: Source) -> str | None:
        """The source's content hash if each file looks as it did when archived; else None."""
        entry = self.entries.get(source.province, {}).get(source.district)
        if source.is_url or entry is None or entry["source"] != source.uri:
            return None
        try:
            now = {p.name: Fingerprint.of(p) for p in local_files(Path(source.uri))}
        except (OSError, ValueError):  # gone, a loop, a NUL byte: it is read (and fails) again
            return None
        files = entry["files"]
        if now.keys() != files.keys():
            return None
        if any(Fingerprint(*files[name]["fingerprint"]) != now[name] for name in now):
            return None
        digests = {name: file["sha256"] for name, file in files.items()}
        sha = submission_sha256(digests)
        stored = [_stored(self.root, d) for d in digests.values()] + [_manifest(self.root, sha)]
        return sha if all(path.is_file() for path in stored) else None

    def remember(self, pulled: Pulled) -> None:
        """Keep the fingerprints of a source just archived (or forget it, for a URL or a
        file changed too recently to be sure of)."""
        source = pulled.source
        entries = self.entries.setdefault(source.province, {})
        self.touched.add(source.province)
        if pulled.fingerprints.keys() != pulled.files.keys():
            entries.pop(source.district, None)
            return
        entries[source.district] = {
            "source": source.uri,
            "files": {
                name: {"sha256": pulled.digests[name], "fingerprint": list(fingerprint)}
                for name, fingerprint in pulled.fingerprints.items()
            },
        }

    def save(self) -> None:
        """Write the index of each province that was remembered into."""
        for province in sorted(self.touched):
            body = json.dumps(self.entries[province], sort_keys=True, indent=1).encode()
            _write(self.root / SEEN / f"{province}.json", body)


def _read_seen(path: Path) -> dict[str, Any]:
    try:
        entries = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}  # no index yet, or an unreadable one: every file is read and hashed
    return entries if isinstance(entries, dict) else {}


def _stored(root: Path, digest: str) -> Path:
    return root / digest[:2] / digest


def _manifest(root: Path, content_sha256: str) -> Path:
    return root / "submissions" / f"{content_sha256}.json"


def _write_once(path: Path, data: bytes) -> None:
    if not path.exists():
        _write(path, data)


def _write(path: Path, data: bytes) -> None:
    """Replace a file in one rename, so that nobody reads half of it; nothing is left on failure."""
    path.parent.mkdir(parents=True, exist_ok=True)
    folder = _archive_root(path) / TMP
    folder.mkdir(exist_ok=True)
    # Unique per write: two sources may hold the same file, archived by two threads at once.
    tmp = folder / f".{os.getpid()}.{uuid.uuid4().hex}.tmp"
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _archive_root(path: Path) -> Path:
    """The archive holding `path` (archive/ab/abc…, archive/submissions/…, archive/seen/…)."""
    return path.parent.parent


def remove_stale_tmp(root: Path) -> list[Path]:
    """Remove the temporary files of writers that died (their process is gone); returns them.

    Also the `.NAME.UUID.tmp` files that writers before archive/tmp left beside the files.
    """
    removed = []
    for entry in _entries(root / TMP):
        pid = entry.name.split(".")[1] if entry.name.count(".") >= 3 else ""
        if pid.isdigit() and not _alive(int(pid)):
            removed.append(Path(entry.path))
    for folder in _entries(root):
        if folder.is_dir(follow_symlinks=False) and folder.name != TMP:
            removed += [
                Path(e.path)
                for e in _entries(Path(folder.path))
                if e.name.startswith(".") and e.name.endswith(".tmp")
            ]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        return list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _url_name(url: str) -> str:
    name = PurePosixPath(url.split("?", 1)[0].split("#", 1)[0]).name
    return name or "submission"


def local_size(source: Source) -> int:
    """Bytes of a local source's files now (0 for a URL or a path that cannot be read)."""
    return local.local_size(source.uri, source.is_url)
