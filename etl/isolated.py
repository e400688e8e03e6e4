"""Reading a submission in a child process, bounded in memory and in time.

The readers under polars (calamine for workbooks, polars' own for CSV) are native code: a
hostile file can make them allocate without bound, panic or abort, and an abort ends the
process it happens in. So every submission is read (`extract.read_submission`) by a child
process that holds nothing else: its address space is limited (RLIMIT_AS), its answer is
awaited for a limited time, and when it dies or is too slow that is the district's failure
with a one-line reason (a BadFile), never the dashboard's worker or the night's run.

A child reads one submission after another (starting one costs about half a second of
imports) and is not used again once it failed; a process keeps its IDLE most recently used.
Children are started with the interpreter's own command line, not forked: the parent may hold
polars' and DuckDB's thread pools.
A child that loses its parent reads end-of-file and exits.
"""

from __future__ import annotations

import atexit
import os
import pickle
import resource
import select
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from etl.errors import BadFile
from etl.limits import MB, Limits

LENGTH = struct.Struct(">Q")
ROOT = Path(__file__).resolve().parent.parent  # the folder holding the etl package
IDLE = 2  # children kept waiting per process


class _Child:
    """One reading process and its pipes."""

    def __init__(self, memory_mb: int) -> None:
        self.memory_mb = memory_mb
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 (the child's stderr, for its whole life)
        env = dict(os.environ, POLARS_MAX_THREADS="1", RUST_BACKTRACE="0")
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "etl.isolated", str(memory_mb * MB)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            env=env,
            close_fds=True,
        )
        self.reads = 0

    def ask(self, request: Any, seconds: float) -> Any:
        """Send one request and wait for its answer; raises _Died or _TooSlow."""
        assert self.process.stdin is not None and self.process.stdout is not None
        data = pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self.process.stdin.write(LENGTH.pack(len(data)) + data)
            self.process.stdin.flush()
        except (BrokenPipeError, OSError) as error:
            raise _Died(self.last_words()) from error
        deadline = time.monotonic() + seconds
        head = _read(self.process.stdout, LENGTH.size, deadline, self)
        answer = pickle.loads(_read(self.process.stdout, LENGTH.unpack(head)[0], deadline, self))
        self.reads += 1
        return answer

    def last_words(self) -> str:
        """What the child wrote last to its standard error (a panic's message), in one line."""
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.stop()
        self.errors.seek(0, os.SEEK_END)
        size = self.errors.tell()
        self.errors.seek(max(0, size - 4096))
        lines = [
            line.strip() for line in self.errors.read().decode("utf-8", "replace").splitlines()
        ]
        said = next(
            (line for line in lines if "memory allocation" in line or "MemoryError" in line), ""
        )
        said = said or next((line for line in reversed(lines) if line), "")
        return said[:200]

    def stop(self) -> None:
        """Kill the child and reap it."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()
        self.errors.close()


class _Died(Exception):
    """The child ended without answering."""


class _TooSlow(Exception):
    """The child did not answer in time."""


def _read(stream: IO[bytes], count: int, deadline: float, child: _Child) -> bytes:
    """Exactly `count` bytes from the child, or _TooSlow at the deadline, or _Died at its end."""
    parts, left, fd = [], count, stream.fileno()
    while left:
        wait = deadline - time.monotonic()
        if wait <= 0 or not select.select([fd], [], [], wait)[0]:
            raise _TooSlow()
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise _Died(child.last_words())
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


_idle: list[_Child] = []
_lock = threading.Lock()
started = 0  # children started by this process (a test counts them)


def _waiting(memory_mb: int) -> _Child | None:
    """An idle, living child with this memory limit (the caller holds _lock)."""
    return next((c for c in _idle if c.memory_mb == memory_mb and c.process.poll() is None), None)


def _start(memory_mb: int) -> _Child:
    global started
    started += 1
    return _Child(memory_mb)


def _keep(child: _Child) -> None:
    """Keep a child as the newest idle one; the oldest beyond IDLE is stopped."""
    with _lock:
        _idle.append(child)
        evicted = _idle[:-IDLE]
        del _idle[:-IDLE]
    for old in evicted:
        old.stop()


@contextmanager
def _child(memory_mb: int) -> Iterator[_Child]:
    """An idle child with this memory limit, or a new one; kept for reuse only if it answered."""
    with _lock:
        child = _waiting(memory_mb)
        if child is not None:
            _idle.remove(child)
    child = child or _start(memory_mb)
    try:
        yield child
    except BaseException:
        child.stop()
        raise
    _keep(child)


@atexit.register
def _stop_idle() -> None:
    with _lock:
        children, _idle[:] = list(_idle), []
    for child in children:
        child.stop()


def warm(limits: Limits | None = None) -> None:
    """Start a child now, unless one is idle, so its imports overlap the caller's own work (a run
    warms one while it pulls and archives; a small reload then waits for no imports)."""
    memory_mb = (limits or Limits()).parse_mb
    with _lock:
        if _waiting(memory_mb) is not None:
            return
    _keep(_start(memory_mb))


def read_submission(files: dict[str, bytes], limits: Limits | None = None) -> Any:
    """`extract.read_submission(files)` in a child process; raises BadFile when the file is
    refused, or when reading it needs more memory or time than the limits give."""
    limits = limits or Limits()
    where = ", ".join(sorted(files)) or "(no files)"
    with _child(limits.parse_mb) as child:
        try:
            kind, *answer = child.ask(files, limits.parse_seconds)
        except _TooSlow:
            child.stop()
            raise BadFile(
                where, f"reading it took longer than {limits.parse_seconds:g} s: stopped"
            ) from None
        except _Died as died:
            said = f" ({died.args[0]})" if died.args and died.args[0] else ""
            raise BadFile(
                where,
                f"reading it needs more than {limits.parse_mb:,} MB of memory, or made the "
                f"reader fail: stopped{said}",
            ) from None
    if kind == "ok":
        return answer[0]
    if kind == "bad":
        raise BadFile(*answer)
    raise BadFile(where, f"cannot be read: {answer[0]}")


def _serve(memory: int) -> None:
    """The child: limit its own address space, then answer requests until end-of-file."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl-C is the parent's to handle
    from etl import extract  # imported before the limit: the imports are not the file's doing
    from etl.outcome import reason

    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    while head := requests.read(LENGTH.size):
        files = pickle.loads(requests.read(LENGTH.unpack(head)[0]))
        try:
            answer: tuple[Any, ...] = ("ok", extract.read_submission(files))
        except BadFile as error:
            answer = ("bad", error.file, error.problem)
        except Exception as error:  # a reader's bug, MemoryError, a panic: one line, this file only
            answer = ("error", reason(error))
        data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        answers.write(LENGTH.pack(len(data)) + data)
        answers.flush()


if __name__ == "__main__":
    _serve(int(sys.argv[1]))
