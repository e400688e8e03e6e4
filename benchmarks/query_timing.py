"""The query behind each callback, timed on its own: the same query-layer calls, with the cache cleared.

The callbacks are replayed once in this process through Flask's test client, with
every public function of `warehouse.queries` wrapped to record the outermost calls a
callback makes (function, arguments: the same home and Scope the server built). Those
calls are then run again directly, after the dashboard's cache is cleared, and timed: that is
the DuckDB query or roll-up read behind the callback, plus the query layer's own
polars work. A callback whose calls read no data at all (the scope or the page state
ruled it out first) has no query time.
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import polars as pl
from dash_driver import Call

Recorded = tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]
REPEAT = 5


def query_times(
    root: Path, password: str, calls: Iterable[tuple[str, Call]]
) -> dict[int, float | None]:
    """Seconds of the queries behind each callback (keyed by id of the Call), for (username, call) pairs."""
    from core.home import Home
    from dashboard import cache
    from dashboard.app import create_app
    from warehouse import queries

    app = create_app(Home(root))
    recorded: list[Recorded] = []
    depth = [0]

    def wrap(func: Callable[..., Any]) -> Callable[..., Any]:
        def recording(*args: Any, **kwargs: Any) -> Any:
            if depth[0] == 0:
                recorded.append((func, args, kwargs))
            depth[0] += 1
            try:
                return func(*args, **kwargs)
            finally:
                depth[0] -= 1

        return recording

    # The cache asks which versions a page covers and is given the warehouse's answers: not queries.
    # Classes (Areas, …) are not calls to time: wrapped, they would no longer be types.
    originals = {
        n: getattr(queries, n)
        for n in queries.__all__
        if callable(getattr(queries, n))
        and not isinstance(getattr(queries, n), type)
        and n not in ("keep_answers_with", "covered", "covered_versions")
    }
    clients: dict[str, Any] = {}
    found: dict[int, float | None] = {}
    try:
        for name, func in originals.items():
            setattr(queries, name, wrap(func))
        for username, call in calls:
            if call.body is None:
                continue
            if username not in clients:
                clients[username] = _login(app, username, password)
            recorded.clear()
            cache.clear()  # so that nothing kept hides the queries it was made from
            clients[username].post(call.path, json=call.body)
            found[id(call)] = time_queries(list(recorded)) if recorded else None
    finally:
        for name, func in originals.items():
            setattr(queries, name, func)
    return found


def time_queries(calls: list[Recorded]) -> float | None:
    """Median seconds of running the calls in order after clearing the query cache; None if they read nothing."""
    from dashboard import cache
    from warehouse.queries import base

    def quiet(value: Any) -> Any:
        audit = callable(value) and getattr(value, "__name__", "") == "audit"
        return (lambda *_a: None) if audit else value  # writing the audit log is not the query

    touched = [0]
    reading, scan = base.reading, pl.scan_parquet

    def counted(func: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            touched[0] += 1
            return func(*args, **kwargs)

        return run

    calls = [
        (f, tuple(quiet(a) for a in args), {k: quiet(v) for k, v in kw.items()})
        for f, args, kw in calls
    ]
    seconds = []
    base.reading, pl.scan_parquet = counted(reading), counted(scan)  # type: ignore[assignment]
    try:
        for _ in range(REPEAT):
            cache.clear()
            start = time.perf_counter()
            for func, args, kwargs in calls:
                func(*args, **kwargs)
            seconds.append(time.perf_counter() - start)
    finally:
        base.reading, pl.scan_parquet = reading, scan  # type: ignore[assignment]
    return statistics.median(seconds) if touched[0] else None


def _login(app: Any, username: str, password: str) -> Any:
    client = app.server.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token, "the login page has a CSRF field"
    answer = client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token.group(1)}
    )
    assert answer.status_code == 302, username
    return client
