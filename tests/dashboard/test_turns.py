"""Drawing turns: callbacks run a few at a time per worker, page view by page view; everything else
never waits for one."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

from dashboard import turns

CALLBACK = {"PATH_INFO": "/_dash-update-component", "REQUEST_METHOD": "POST"}


class Gate:
    """A WSGI app whose callbacks (named by their query) wait at a gate of their own, noting the
    order they came in and how many were inside at once."""

    def __init__(self, *gated: str) -> None:
        self.inside = 0
        self.most = 0
        self.came: list[str] = []
        self.lock = threading.Lock()
        self.entered = threading.Semaphore(0)
        self.gates = {name: threading.Event() for name in gated}

    def __call__(self, environ: dict[str, Any], start: Callable[..., Any]) -> Iterable[bytes]:
        name = environ.get("QUERY_STRING", "")
        start("200 OK", [])
        if not name:  # not a callback
            return [b"drawn "]
        with self.lock:
            self.inside += 1
            self.most = max(self.most, self.inside)
            self.came.append(name)
        self.entered.release()
        if name in self.gates:
            self.gates[name].wait()
        with self.lock:
            self.inside -= 1
        return [b"drawn ", name.encode()]


def callback(name: str, browser: str = "") -> dict[str, Any]:
    cookie = {"HTTP_COOKIE": f"tonbaeb_session={browser}"} if browser else {}
    return CALLBACK | {"QUERY_STRING": name} | cookie


def ask(app: Callable[..., Any], environ: dict[str, Any], answers: list[bytes]) -> threading.Thread:
    thread = threading.Thread(
        target=lambda: answers.append(b"".join(app(dict(environ), lambda *_a: None)))
    )
    thread.start()
    return thread


def waiting(app: Any, count: int) -> None:
    """Until `count` callbacks wait for a turn."""
    kept: turns.Turns = app.turns
    with kept.changed:
        kept.changed.wait_for(lambda: len(kept.waiting) == count)


def test_callbacks_take_turns_and_the_rest_never_waits() -> None:
    gate = Gate("one", "two")
    app = turns.taking_turns(gate, turns.Turns(2))
    answers: list[bytes] = []
    first = [ask(app, callback(q, q), answers) for q in ("one", "two")]
    gate.entered.acquire()
    gate.entered.acquire()
    assert app.turns.free == 0  # type: ignore[attr-defined]  # both turns are taken
    # a sign-in, a page and the health check go past the callbacks that wait their turn
    for path in ("/login", "/district", "/healthz"):
        assert b"".join(app({"PATH_INFO": path}, lambda *_a: None)) == b"drawn "
    third = ask(app, callback("three", "three"), answers)
    waiting(app, 1)
    gate.gates["one"].set()
    first[0].join()
    gate.gates["two"].set()
    for thread in [first[1], third]:
        thread.join()
    assert sorted(answers) == [b"drawn one", b"drawn three", b"drawn two"]
    assert gate.most == 2  # the third callback waited for a turn
    assert app.turns.free == 2  # type: ignore[attr-defined]  # every turn given back


def test_the_page_view_that_began_first_goes_first() -> None:
    """A grid's block asked after its page's answer goes ahead of pages opened since."""
    now = [100.0]
    gate = Gate("page", "other")
    app = turns.taking_turns(gate, turns.Turns(1, clock=lambda: now[0]))
    answers: list[bytes] = []
    page = ask(app, callback("page", "reader"), answers)
    gate.entered.acquire()
    gate.gates["page"].set()
    page.join()  # the reader's page has answered; its grid asks for rows a second later
    now[0] += 0.5
    other = ask(app, callback("other", "someone"), answers)  # a page view of its own, begun now
    gate.entered.acquire()
    now[0] += 0.5
    late = ask(app, callback("later", "latecomer"), answers)  # begun after the reader's
    waiting(app, 1)
    rows = ask(app, callback("rows", "reader"), answers)  # the reader's page view goes on
    waiting(app, 2)
    gate.gates["other"].set()
    for thread in (other, rows, late):
        thread.join()
    assert gate.came == ["page", "other", "rows", "later"]
    now[0] += turns.QUIET + 1
    assert app.turns.place("reader") == now[0]  # type: ignore[attr-defined]  # quiet: a new one


def test_a_callback_waiting_on_something_else_steps_aside() -> None:
    gate = Gate()
    kept = turns.Turns(1)
    stepped: list[int] = []

    def sends(environ: dict[str, Any], start: Callable[..., Any]) -> Iterable[bytes]:
        if environ["QUERY_STRING"] == "upload":
            with turns.aside():
                stepped.append(kept.free)  # the turn is free meanwhile
        return gate(environ, start)

    app = turns.taking_turns(sends, kept)
    assert b"".join(app(callback("upload"), lambda *_a: None)) == b"drawn upload"
    assert stepped == [1]
    assert kept.free == 1  # given back whole after the answer
    with turns.aside():  # outside a callback: nothing to give
        pass
