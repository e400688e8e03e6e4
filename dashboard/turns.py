"""Drawing turns: a worker's callbacks run TURNS at a time; the others wait, using no CPU.

A worker has many threads (dashboard/serve.py: sign-ins waiting for a hashing slot hold one each,
and keep-alive connections wait on them), but a callback is Python drawing a page. With dozens
drawing at once they share one interpreter lock, and each page view costs about a fifth more CPU
than with a few at a time. With turns, 100 users of the load benchmark were served 2,635 page
views in 120 s instead of 2,083, page view p95 5.1 s instead of 8.4 s (back to back, on
2026-12-07; docs/benchmarks.md#load). So callbacks take turns; sign-ins, pages' HTML, bundles and
/healthz never wait for one.

A callback that waits for something else for long (an upload read in a child process, a load
writing the warehouse) steps `aside()` meanwhile, and takes a turn again after.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

TURNS = 2  # per worker process: DuckDB and polars let go of the interpreter lock, so two overlap
TAKING_TURNS = ("/_dash-update-component",)

_held = threading.local()  # this thread's turns, while one of its callbacks runs


def taking_turns(wsgi_app: Callable[..., Any], turns: int = TURNS) -> Callable[..., Any]:
    """The WSGI app, its callbacks running `turns` at a time (the answer's body included)."""
    slots = threading.BoundedSemaphore(turns)

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if not environ.get("PATH_INFO", "").startswith(TAKING_TURNS):
            return wsgi_app(environ, start_response)
        with slots:
            _held.slots = slots
            try:
                answer = wsgi_app(environ, start_response)
                try:
                    return [b"".join(answer)]
                finally:
                    close = getattr(answer, "close", None)
                    if close is not None:
                        close()
            finally:
                _held.slots = None

    app.slots = slots  # type: ignore[attr-defined]  # the turns, for tests
    return app


@contextmanager
def aside() -> Iterator[None]:
    """Let another callback have this thread's turn while the block waits (no-op outside one)."""
    slots: threading.BoundedSemaphore | None = getattr(_held, "slots", None)
    if slots is None:
        yield
        return
    slots.release()
    try:
        yield
    finally:
        slots.acquire()
