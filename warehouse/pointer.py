"""Reading a `CURRENT` pointer file: re-read only when the file itself was replaced.

Every query asks which version is published, many times per page; the answer changes
only when a writer replaces `CURRENT` (a new file renamed over it: a new inode and a
new modification time). So a reader keeps what it read with the file's identity and
asks the file system only for that identity (one `stat`, no open or read).
"""

from __future__ import annotations

import os
from pathlib import Path

_READ: dict[str, tuple[tuple[int, int, int, int], str]] = {}
MAX_KEPT = 4096  # pointer files remembered (provinces and homes); beyond, forgotten all at once


def identity(path: Path) -> tuple[int, int, int, int] | None:
    """What changes when a file is replaced or rewritten (device, inode, modification time, size);
    None when there is no such file."""
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_size


def read(path: Path) -> str | None:
    """The stripped ASCII text of the pointer file, or None when there is none."""
    key = str(path)
    now = identity(path)
    if now is None:
        return None
    kept = _READ.get(key)
    if kept is not None and kept[0] == now:
        return kept[1]
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    if len(_READ) >= MAX_KEPT:
        _READ.clear()
    _READ[key] = (now, text)
    return text
