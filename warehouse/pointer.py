"""Reading a `CURRENT` pointer file: re-read only when the file itself was replaced.

A reader asks which version is published at least once per question; the answer changes
only when a writer replaces `CURRENT` (a new file renamed over it: a new inode and a
new modification time). So a reader keeps what it read with the file's identity
(`LastRead`) and asks the file system only for that identity (one `stat`, no open or read).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

Identity = tuple[int, int, int, int]


class LastRead:
    """Each pointer file's text as last read, with the identity of the file it was read from.

    Not a cache of answers: it holds a few bytes per pointer file (one per province and one for
    the boundaries, per home served) and is checked against the file at every read, so it is
    never stale. Bounded all the same (a process serving many homes in tests): past MAX_KEPT
    files it forgets them all at once and reads again.
    """

    MAX_KEPT = 4096

    def __init__(self) -> None:
        self._texts: dict[str, tuple[Identity, str]] = {}
        self._lock = threading.Lock()

    def get(self, path: str, identity: Identity) -> str | None:
        """The text read from `path` when it had this identity, if that is the last one read."""
        kept = self._texts.get(path)
        return kept[1] if kept is not None and kept[0] == identity else None

    def put(self, path: str, identity: Identity, text: str) -> None:
        with self._lock:
            if len(self._texts) >= self.MAX_KEPT:
                self._texts.clear()
            self._texts[path] = (identity, text)


LAST_READ = LastRead()


def identity(path: Path) -> Identity | None:
    """What changes when a file is replaced or rewritten (device, inode, modification time, size);
    None when there is no such file."""
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_size


def read(path: Path) -> str | None:
    """The stripped ASCII text of the pointer file, or None when there is none."""
    now = identity(path)
    if now is None:
        return None
    known = LAST_READ.get(str(path), now)
    if known is not None:
        return known
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    LAST_READ.put(str(path), now, text)
    return text
