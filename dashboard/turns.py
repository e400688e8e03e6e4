"""Drawing turns: a worker's callbacks run TURNS at a time, page view by page view; the others wait,
using no CPU.

A worker has many threads (dashboard/serve.py: sign-ins waiting for a hashing slot hold one each,
and keep-alive connections wait on them), but a callback is Python drawing a page. With dozens
drawing at once they share one interpreter lock, and each page view costs about a fifth more CPU
than with a few at a time. With turns, 100 users of the load benchmark were served 2,635 page
views in 120 s instead of 2,083, page view p95 5.1 s instead of 8.4 s (back to back, on
2026-12-07; docs/benchmarks.md#load). So callbacks take turns; sign-ins, pages' HTML, bundles and
/healthz never wait for one.

Turns go by page view, not by request: a page opens with one callback, and its answer sets off
others (a grid asks for its rows, then for a sorted block). Served in the order they arrive, each
of them would queue behind every page opened meanwhile; so a callback of a browser that has one
running, or had one answered less than QUIET seconds ago, keeps the place its page view took
(for LONGEST seconds at most), and the page view that began first goes first. Back to back with
100 users: page view p95 4.2 s, p99 4.7 s, every page alike; in arrival order 5.2 s and 7.1 s,
the leaderboard (four callbacks one after another) 6.6 s.

A callback that waits for something else for long (an upload read in a child process, a load
writing the warehouse) steps `aside()` meanwhile, and takes a turn again after.
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from werkzeug.http import parse_cookie

from accounts.guard import SESSION_COOKIE

TURNS = 2  # per worker process: DuckDB and polars let go of the interpreter lock, so two overlap
TAKING_TURNS = ("/_dash-update-component",)
QUIET = 1.5  # seconds: a page view's callbacks follow each other's answers closer than this
LONGEST = 10.0  # seconds a page view keeps its place
FORGET = 60.0  # seconds after which a browser's last page view is forgotten

_held = threading.local()  # this thread's turns and place, while one of its callbacks runs


@dataclass
class View:
    """A browser's page view: when it began, its callbacks running, when one last ended."""

    began: float
    running: int = 0
    ended: float = 0.0


class Turns:
    """`slots` turns handed out in the order page views began."""

    def __init__(self, slots: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.free = slots
        self.clock = clock
        self.changed = threading.Condition()  # its lock guards everything below
        self.waiting: list[tuple[float, int, threading.Event]] = []
        self.order = itertools.count()
        self.views: dict[str, View] = {}

    def place(self, browser: str) -> float:
        """The place of a browser's callback: when its page view began (a new one now)."""
        now = self.clock()
        with self.changed:
            view = self.views.get(browser)
            if view is None or (
                (view.running == 0 and now - view.ended > QUIET) or now - view.began > LONGEST
            ):
                view = self.views[browser] = View(now, 0, now)
            view.running += 1
            if len(self.views) > 1000:
                self.views = {
                    k: v for k, v in self.views.items() if v.running or now - v.ended < FORGET
                }
            return view.began

    def done(self, browser: str) -> None:
        """A browser's callback has answered."""
        with self.changed:
            view = self.views.get(browser)
            if view is not None:
                view.running = max(0, view.running - 1)
                view.ended = self.clock()

    def take(self, place: float) -> None:
        """Wait for a turn: the earliest place among those waiting gets the next one."""
        with self.changed:
            if self.free and not self.waiting:
                self.free -= 1
                return
            given = threading.Event()
            heapq.heappush(self.waiting, (place, next(self.order), given))
            self.changed.notify_all()
        given.wait()

    def give(self) -> None:
        """Give a turn back: to the first waiting, if any."""
        with self.changed:
            if self.waiting:
                heapq.heappop(self.waiting)[2].set()
            else:
                self.free += 1
            self.changed.notify_all()


def taking_turns(wsgi_app: Callable[..., Any], turns: Turns | None = None) -> Callable[..., Any]:
    """The WSGI app, its callbacks taking turns (the answer's body included)."""
    kept = turns or Turns(TURNS)

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if not environ.get("PATH_INFO", "").startswith(TAKING_TURNS):
            return wsgi_app(environ, start_response)
        browser = _browser(environ)
        place = kept.place(browser)
        kept.take(place)
        _held.turn = (kept, place)
        try:
            answer = wsgi_app(environ, start_response)
            try:
                return [b"".join(answer)]
            finally:
                close = getattr(answer, "close", None)
                if close is not None:
                    close()
        finally:
            _held.turn = None
            kept.give()
            kept.done(browser)

    app.turns = kept  # type: ignore[attr-defined]  # for tests
    return app


def _browser(environ: dict[str, Any]) -> str:
    """Who asks: a digest of the session cookie (the token itself is not kept)."""
    token = parse_cookie(environ.get("HTTP_COOKIE", "")).get(SESSION_COOKIE, "")
    return hashlib.blake2b(token.encode(), digest_size=8).hexdigest() if token else ""


@contextmanager
def aside() -> Iterator[None]:
    """Let another callback have this thread's turn while the block waits (no-op outside one)."""
    held: tuple[Turns, float] | None = getattr(_held, "turn", None)
    if held is None:
        yield
        return
    turns, place = held
    turns.give()
    try:
        yield
    finally:
        turns.take(place)
