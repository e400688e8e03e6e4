"""What happened to one district in a run, and its reasons in one line."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field

import duckdb

from etl.errors import BatchError
from etl.sources import Source

STATUSES = ("loaded", "unchanged", "failed", "held", "locked")
WRITE_FAILURES = ("No space left on device", "File too large", "Disk quota exceeded")


@dataclass
class Outcome:
    """What happened to one district in a run."""

    source: Source
    status: str  # loaded | unchanged | failed | held | locked
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    message: str = ""  # one line
    sheets: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    locked_years: tuple[int, ...] = ()  # approved years kept as published (etl/year_locks.py)
    removed: tuple[tuple[str, str], ...] = ()  # (club id, what went) removed on purpose

    @property
    def refused(self) -> bool:
        """Whether something of the submission was not published (the run exits with 1)."""
        return self.status in ("failed", "held", "locked") or bool(self.locked_years)


def one_line(text: str) -> str:
    """Text as one line, whitespace collapsed (a message is printed in one table row)."""
    return " ".join(text.split())


def reason(error: BaseException) -> str:
    """Why reading or checking a district failed, in one line."""
    if isinstance(error, BatchError):
        return one_line(str(error))
    if isinstance(error, MemoryError):
        return "not enough memory to read it"
    if isinstance(error, RecursionError):
        return "nested too deeply to read"
    if isinstance(error, zlib.error):
        return one_line(f"its compressed data is corrupt ({error})")
    if isinstance(error, OSError) and error.strerror:
        return one_line(f"{error.filename + ': ' if error.filename else ''}{error.strerror}")
    detail = str(error).splitlines()[0] if str(error) else ""
    return one_line(f"{type(error).__name__}: {detail}" if detail else type(error).__name__)


def write_failure(what: str, error: BaseException, where: object = None) -> str:
    """Why `what` could not be written, in one line, naming the file (else `where`): a full
    disk says so, never a traceback."""
    text = str(error)
    cause = next((w for w in WRITE_FAILURES if w in text), None)
    path = _quoted_path(text)
    if isinstance(error, OSError):
        cause = error.strerror or cause
        path = error.filename or path
    if cause is None:
        first = text.splitlines()[0] if text else type(error).__name__
        if isinstance(error, duckdb.Error):
            first = first.removeprefix("FATAL Error: ").removeprefix("IO Error: ")
        cause = first
    place = path or where
    return one_line(f"could not write {what}{f' ({place})' if place else ''}: {cause}")


def _quoted_path(text: str) -> str | None:
    """The first quoted absolute path in an error message (DuckDB quotes the file it failed on)."""
    found = re.search(r"[\"'](/[^\"']+)[\"']", text)
    return found.group(1) if found else None
