"""Uploads waiting between their dry run and their submission, kept on the server.

Each is kept under HOME/state/uploads/ by the hash of an unguessable token; the token
alone goes to the browser. An upload is found again only by the same user in the same
session (the hash of the session cookie is stored with it), within KEEP_SECONDS, and it
names its district itself: nothing the browser sends later can change which district
or which file is submitted. A user keeps at most KEEP_PER_USER uploads.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import flask

from accounts.scope import Scope
from accounts.web import SESSION_COOKIE
from warehouse.home import Home

FOLDER = "uploads"
KEEP_SECONDS = 3600
KEEP_PER_USER = 3
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
    """Keep an upload for this user, session and district; the token that finds it again."""
    root = home.state / FOLDER
    _expire(root, scope.username)
    token = secrets.token_urlsafe(32)
    folder = root / _key(token)
    folder.mkdir(parents=True, mode=0o700)
    (folder / "file").write_bytes(data)
    meta = {"username": scope.username, "session": _session(), "district": district, "name": name,
            "sha256": hashlib.sha256(data).hexdigest(), "at": time.time()}
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return token


def find(home: Home, scope: Scope, token: object) -> Pending | None:
    """The upload a token names, if it is this user's, of this session, and not expired."""
    if not isinstance(token, str) or not TOKEN.match(token):
        return None
    folder = home.state / FOLDER / _key(token)
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        data = (folder / "file").read_bytes()
    except (OSError, ValueError):
        return None
    fresh = time.time() - float(meta.get("at", 0)) < KEEP_SECONDS
    mine = meta.get("username") == scope.username and secrets.compare_digest(str(meta.get("session")), _session())
    if not (fresh and mine) or hashlib.sha256(data).hexdigest() != meta.get("sha256"):
        return None
    return Pending(meta["username"], meta["district"], meta["name"], data, meta["sha256"])


def drop(home: Home, token: object) -> None:
    """Forget an upload (submitted or cancelled)."""
    if isinstance(token, str) and TOKEN.match(token):
        shutil.rmtree(home.state / FOLDER / _key(token), ignore_errors=True)


def _key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _session() -> str:
    cookie = flask.request.cookies.get(SESSION_COOKIE, "") if flask.has_request_context() else ""
    return hashlib.sha256(cookie.encode()).hexdigest()


def _expire(root: Path, username: str) -> None:
    """Remove expired uploads, and this user's oldest beyond KEEP_PER_USER - 1."""
    if not root.is_dir():
        return
    mine = []
    for folder in root.iterdir():
        try:
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = {}
        at = float(meta.get("at", 0))
        if time.time() - at >= KEEP_SECONDS:
            shutil.rmtree(folder, ignore_errors=True)
        elif meta.get("username") == username:
            mine.append((at, folder))
    for _at, folder in sorted(mine)[: max(0, len(mine) - KEEP_PER_USER + 1)]:
        shutil.rmtree(folder, ignore_errors=True)
