"""Reading a local source: only regular files, opened without blocking, within the size limit.

A path may name anything: a FIFO (which would block an open for ever), a device
(/dev/zero never ends), a symlink loop, a folder. Each is looked at with os.stat
before it is opened, and anything but a regular file is refused with its kind.
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path
from typing import NamedTuple

from etl.errors import FetchFailed
from etl.limits import Limits

RECENT_NS = 2_000_000_000  # coarser than any file system's time stamps (FAT: 2 s)
KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


class Fingerprint(NamedTuple):
    """How a local file looked: if all of these are the same, its content is too."""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int

    @classmethod
    def of(cls, path: Path) -> Fingerprint:
        """The file's fingerprint now; raises OSError."""
        st = path.stat()
        return cls(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def local_files(path: Path) -> list[Path]:
    """The files a local source is made of: the file itself, or the regular files of the folder."""
    if not path.is_dir():
        return [path]
    return [
        p for p in sorted(path.iterdir()) if not p.name.startswith((".", "~$")) and _is_regular(p)
    ]


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except (OSError, ValueError):
        return False


def local_size(uri: str, is_url: bool) -> int:
    """Bytes of a local source's files now (0 for a URL or a path that cannot be read)."""
    if is_url:
        return 0
    try:
        return sum(Fingerprint.of(p).size for p in local_files(Path(uri)))
    except (OSError, ValueError):
        return 0


def read_local(uri: str, limits: Limits) -> tuple[dict[str, bytes], dict[str, Fingerprint], float]:
    """A local file's bytes, or a folder's files' (only regular files, within the size limit),
    the fingerprints of those not changed too recently to remember, and when the newest of them
    last changed (seconds since the epoch)."""
    if "\0" in uri:
        raise FetchFailed(f"{uri!r}: the path holds a NUL byte")
    path = Path(uri)
    files, fingerprints, changed_ns = {}, {}, 0
    try:
        found = local_files(path) if stat.S_ISDIR(os.stat(path).st_mode) else [path]
        if not found:
            raise FetchFailed(f"{path}: the folder holds no readable files")
        total = 0
        for file in found:
            looked_at = time.time_ns()
            data, before = _read_regular(file, limits.max_bytes - total, limits)
            total += len(data)
            files[file.name] = data
            changed_ns = max(changed_ns, before.mtime_ns)
            if max(before.mtime_ns, before.ctime_ns) < looked_at - RECENT_NS:
                fingerprints[file.name] = before
    except FileNotFoundError as error:
        raise FetchFailed(f"{path}: no such file or folder") from error
    except OSError as error:
        raise FetchFailed(f"{path}: cannot be read: {error.strerror or error}") from error
    return files, fingerprints, changed_ns / 1e9


def _read_regular(path: Path, room: int, limits: Limits) -> tuple[bytes, Fingerprint]:
    """A regular file's bytes (at most `room`), opened without blocking: a FIFO never hangs."""
    kind = os.stat(path).st_mode
    if not stat.S_ISREG(kind):
        what = KINDS.get(stat.S_IFMT(kind), "a special file")
        raise FetchFailed(f"{path}: not a regular file but {what}")
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(fd)  # the file opened, which may have been swapped since the stat above
        if not stat.S_ISREG(st.st_mode):
            raise FetchFailed(f"{path}: not a regular file")
        if st.st_size > room:
            raise FetchFailed(
                f"{path}: {st.st_size / 2**20:,.1f} MB, over the limit of "
                f"{limits.describe_bytes()} per source"
            )
        data = handle.read(room + 1)
    if len(data) > room:
        raise FetchFailed(f"{path}: over the limit of {limits.describe_bytes()} per source")
    return data, Fingerprint(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
