"""Drawing turns: callbacks run a few at a time per worker; everything else never waits for one."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

from dashboard import turns

CALLBACK = {"PATH_INFO": "/_dash-update-component", "REQUEST_METHOD": "POST"}


class Gate:
    """A WSGI app whose callbacks (named by their query) wait at a gate of their own, counting how
    many are inside at once."""

    def __init__(self) -> None:
        self.inside = 0
        self.most = 0
        self.lock = threading.Lock()
        self.entered = threading.Semaphore(0)
        self.gates: dict[str, threading.Event] = {}

    def __call__(self, environ: dict[str, Any], start: Callable[..., Any]) -> Iterable[bytes]:
        name = environ.get("QUERY_STRING", "")
        if not name:  # not a callback
            start("200 OK", [])
            return [b"drawn "]
        with self.lock:
            self.inside += 1
            self.most = max(self.most, self.inside)
        self.entered.release()
        if name in self.gates:
            self.gates[name].wait()
        with self.lock:
            self.inside -= 1
        start("200 OK", [])
        return [b"drawn ", name.encode()]


def ask(app: Callable[..., Any], environ: dict[str, Any], answers: list[bytes]) -> threading.Thread:
    thread = threading.Thread(
        target=lambda: answers.append(b"".join(app(dict(environ), lambda *_a: None)))
    )
    thread.start()
    return thread


def test_callbacks_take_turns_and_the_rest_never_waits() -> None:
    gate = Gate()
    app = turns.taking_turns(gate, turns=2)
    gate.gates = {"one": threading.Event(), "two": threading.Event()}
    answers: list[bytes] = []
    first = [ask(app, CALLBACK | {"QUERY_STRING": q}, answers) for q in ("one", "two")]
    gate.entered.acquire()
    gate.entered.acquire()
    assert not app.slots.acquire(blocking=False)  # both turns are taken
    # a sign-in, a page and the health check go past the callbacks that wait their turn
    for path in ("/login", "/district", "/healthz"):
        assert b"".join(app({"PATH_INFO": path}, lambda *_a: None)) == b"drawn "
    third = ask(app, CALLBACK | {"QUERY_STRING": "three"}, answers)
    gate.gates["one"].set()
    first[0].join()
    gate.gates["two"].set()
    for thread in [first[1], third]:
        thread.join()
    assert sorted(answers) == [b"drawn one", b"drawn three", b"drawn two"]
    assert gate.most == 2  # the third callback waited for a turn


def test_a_callback_waiting_on_something_else_steps_aside() -> None:
    gate = Gate()
    app = turns.taking_turns(gate, turns=1)
    stepped: list[bool] = []

    def waiting(environ: dict[str, Any], start: Callable[..., Any]) -> Iterable[bytes]:
        if environ["QUERY_STRING"] == "upload":
            with turns.aside():
                stepped.append(app.slots.acquire(blocking=False))  # the turn is free meanwhile
                app.slots.release()
        return gate(environ, start)

    app = turns.taking_turns(waiting, turns=1)
    assert b"".join(app(CALLBACK | {"QUERY_STRING": "upload"}, lambda *_a: None)) == b"drawn upload"
    assert stepped == [True]
    assert app.slots.acquire(blocking=False)  # given back whole after the answer
    with turns.aside():  # outside a callback: nothing to give
        pass
