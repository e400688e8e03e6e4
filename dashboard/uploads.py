"""Uploads waiting between their dry run and their submission, kept on the server, sealed.

Each is kept under HOME/state/uploads/ by the hash of an unguessable token; the token
alone goes to the browser. An upload is found again only by the same user in the same
session (the hash of the session cookie is stored with it), within the keep time, and it
names its district itself: nothing the browser sends later can change which district
or which file is submitted. A user keeps at most KEEP_PER_USER uploads.

The file is sealed as the archive seals (etl/sealed.py, its province's archive key; the
seal authenticates the file's SHA-256), so what lies on disk is never the citizen data
itself. The keep time is `[uploads] keep_hours` in HOME/settings.toml (KEEP_HOURS if not
set): `sweep` removes every upload older than that; the server sweeps when it starts and
then, in each worker, before a request once SWEEP_SECONDS have passed (`install`).
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import flask

from accounts.guard import SESSION_COOKIE
from accounts.scope import Scope
from core.home import Home
from dashboard import context
from etl import sealed

FOLDER = "uploads"
KEEP_HOURS = 24
KEEP_PER_USER = 3
SWEEP_SECONDS = 300
TOKEN = re.compile(r"^[A-Za-z0-9_-]{40,64}$")


@dataclass(frozen=True)
class Pending:
    """An upload as it was received: whose, for which district, its file."""

    username: str
    district: str
    name: str
    data: bytes
    sha256: str

    @property
    def province(self) -> str:
        """The district's province."""
        return self.district[:2]


def keep(home: Home, scope: Scope, district: str, name: str, data: bytes) -> str:
    """Keep an upload (sealed) for this user, session and district; the token that finds it again."""
    now = context.now().timestamp()
    sweep(home, now)
    _trim(_folder(home), scope.username)
    token = secrets.token_urlsafe(32)
    folder = _folder(home) / _key(token)
    folder.mkdir(parents=True, mode=0o700)
    digest = hashlib.sha256(data).hexdigest()
    meta = {
        "username": scope.username,
        "session": _session(),
        "district": district,
        "name": name,
        "sha256": digest,
        "at": now,
    }
    (folder / "meta.json").write_text(
        json.dumps(meta), encoding="utf-8"
    )  # first: a sweep judges the folder by it
    (folder / "file").write_bytes(
        sealed.seal(sealed.Keyring(_secrets(home), district[:2]), digest, data)
    )
    return token


def find(home: Home, scope: Scope, token: object) -> Pending | None:
    """The upload a token names, if it is this user's, of this session, and not expired."""
    if not isinstance(token, str) or not TOKEN.match(token):
        return None
    folder = _folder(home) / _key(token)
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        blob = (folder / "file").read_bytes()
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict):
        return None
    fresh = context.now().timestamp() - _at(meta) < keep_seconds(home)
    mine = meta.get("username") == scope.username and secrets.compare_digest(
        str(meta.get("session")), _session()
    )
    if not (fresh and mine):
        return None
    try:
        data = sealed.open_sealed(_secrets(home), str(meta.get("sha256")), blob)
    except sealed.SealError:
        return None  # altered, or its key rotated away: uploaded again
    return Pending(meta["username"], meta["district"], meta["name"], data, meta["sha256"])


def drop(home: Home, token: object) -> None:
    """Forget an upload (submitted or cancelled)."""
    if isinstance(token, str) and TOKEN.match(token):
        shutil.rmtree(_folder(home) / _key(token), ignore_errors=True)


def keep_seconds(home: Home) -> float:
    """How long an upload waits: HOME/settings.toml [uploads] keep_hours, in seconds."""
    hours = home.settings("uploads").get("keep_hours", KEEP_HOURS)
    valid = isinstance(hours, int | float) and not isinstance(hours, bool) and hours > 0
    return (hours if valid else KEEP_HOURS) * 3600


def sweep(home: Home, now: float) -> int:
    """Remove every upload older than the keep time at `now` (the server's clock); how many were removed.

    A folder without a readable meta.json (a keep cut short) is judged by its own modification time.
    """
    limit = keep_seconds(home)
    removed = 0
    for folder, meta in _waiting(_folder(home)):
        old = now - _at(meta) >= limit if meta else time.time() - _mtime(folder) >= limit
        if old:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def install(server: flask.Flask, home: Home, clock: Callable[[], float]) -> None:
    """Sweep now, and again before a request once SWEEP_SECONDS have passed since (in this worker)."""
    due = [clock() + SWEEP_SECONDS]
    sweep(home, clock())

    @server.before_request
    def swept() -> None:
        now = clock()
        if now >= due[0]:
            due[0] = (
                now + SWEEP_SECONDS
            )  # before sweeping: the worker's other threads do not sweep too
            sweep(home, now)


def _waiting(root: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Every upload folder and its meta ({} when it cannot be read)."""
    try:
        folders = [f for f in root.iterdir() if f.is_dir()]
    except OSError:
        return
    for folder in folders:
        try:
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = {}
        yield folder, meta if isinstance(meta, dict) else {}


def _trim(root: Path, username: str) -> None:
    """Remove this user's oldest uploads beyond KEEP_PER_USER - 1 (room for the one being kept)."""
    # Oldest by the server's clock, then by when it was written (a clock fixed in tests gives all one time).
    mine = sorted(
        (_at(meta), _mtime(f / "meta.json"), f)
        for f, meta in _waiting(root)
        if meta.get("username") == username
    )
    for *_when, folder in mine[: max(0, len(mine) - KEEP_PER_USER + 1)]:
        shutil.rmtree(folder, ignore_errors=True)


def _at(meta: dict[str, Any]) -> float:
    try:
        return float(meta.get("at", 0))
    except (TypeError, ValueError):
        return 0.0


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _folder(home: Home) -> Path:
    return (
        Path(home.root) / "state" / FOLDER
    )  # home.state, for a Home made from a str too (as Home.secret allows)


def _secrets(home: Home) -> Path:
    return Path(home.root) / "secrets"  # the archive's keys: HOME/secrets/archive/PROVINCE/


def _key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _session() -> str:
    cookie = flask.request.cookies.get(SESSION_COOKIE, "") if flask.has_request_context() else ""
    return hashlib.sha256(cookie.encode()).hexdigest()
