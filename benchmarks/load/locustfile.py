"""Locust users for benchmarks/load/run.py: logged-in people clicking through the dashboard.

Each user has an account of its own (LOAD_ACCOUNTS: national users, directors, and officers of the
largest districts of three provinces), signs in, then goes round overview -> leaderboard (and its
row blocks) -> a district -> a club, 1-3 s between pages, the district and the club chosen at
random across everything the account may read (a national user: every province; a director or an
officer: the whole province, club scores being province-wide). So most page views ask for
something the server has not drawn for that scope yet: a page view is "cold" the first time its
page, address and scope are asked in the run (LOAD_SEEN keeps them from phase to phase), "warm"
afterwards. Each page view also notes the server time its requests took (their Server-Timing).

A page view is everything the browser asks for when a page opens (benchmarks/dash_driver.py
replays the renderer's callback chain): a user's first page (and one in ten later) is a full
load (the page, its layout and dependencies, then the callbacks); the others are clicks on a
link inside the app, which fire only the callbacks. Callbacks set off by the same answer go
out side by side on up to six connections, as a browser sends them; a chain's next level
waits for the answer that sets it off. The leaderboard adds a sorted block and the next block
of rows. A page view is timed as one Locust entry of type PAGE named for the page; its HTTP
requests are counted too. Accounts come from LOAD_ACCOUNTS (a JSON file).

The load generator runs on the server's two cores, so it is kept light: users speak HTTP through
Locust's FastHttpUser (geventhttpclient, which asks for Brotli as browsers do) and answers are
decoded by orjson; with python-requests and the json module, Locust took half a core, HTTP and
decoding three quarters of it.

LOAD_STORM_AT (epoch seconds) makes `Stormer` users log in all at once at that moment;
LOAD_OUT names a folder where each Locust process writes what it timed (page views,
logins) as JSON when the test stops.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import gevent
import gevent.lock
import orjson
from locust import FastHttpUser, between, events, task

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from dash_driver import LOCATION, Driver, Reply, Visit, grids

ACCOUNTS = json.loads(Path(os.environ["LOAD_ACCOUNTS"]).read_text(encoding="utf-8"))
PASSWORD = ACCOUNTS["password"]
VIEWERS = itertools.cycle(ACCOUNTS["viewers"])
STORMERS = itertools.cycle(ACCOUNTS["stormers"])
STORM_AT = float(os.environ.get("LOAD_STORM_AT") or 0)
STORM_COUNT = int(os.environ.get("LOAD_STORMERS") or 0)
OUT = Path(os.environ.get("LOAD_OUT", "."))
SEEN_FILE = Path(os.environ["LOAD_SEEN"]) if os.environ.get("LOAD_SEEN") else None
SEEN: set[str] = set(
    json.loads(SEEN_FILE.read_text(encoding="utf-8")) if SEEN_FILE and SEEN_FILE.exists() else []
)
# page -> (ended at, seconds, ok, cold, server seconds)
TIMED: dict[str, list[tuple[float, float, bool, bool, float]]] = {}
SERVER_TIMING = re.compile(r"app;dur=([0-9.]+)")
LOGINS: list[tuple[float, float, bool]] = []  # (started at, ended at, ok)


CONNECTIONS = 6  # a browser's connections to one HTTP/1.1 host


class Answer(Reply):
    """A reply decoded by orjson: decoding the answers was a third of the load generator's CPU,
    which shares the server's two cores."""

    def json(self) -> Any:
        return orjson.loads(self.body) if self.body else None


class Client:
    """The driver's client over a Locust HTTP session (every request counted by Locust too)."""

    def __init__(self, session: Any) -> None:
        self.session = session
        self.failed: list[str] = []
        self.server_seconds = 0.0  # what the server said it spent on this page view's requests
        self.slots = gevent.lock.BoundedSemaphore(CONNECTIONS)

    def get(self, path: str) -> Reply:
        with self.slots:
            started = time.perf_counter()
            answer = self.session.get(path, allow_redirects=False, name=path.split("?")[0])
            return self._sent("GET", path, answer, time.perf_counter() - started)

    def post(self, path: str, body: dict[str, Any]) -> Reply:
        with self.slots:
            started = time.perf_counter()
            answer = self.session.post(path, json=body, name="callback")
            return self._sent("POST", path, answer, time.perf_counter() - started)

    def _sent(self, method: str, path: str, answer: Any, seconds: float) -> Reply:
        if answer.status_code != 200:
            self.failed.append(f"{method} {path} {answer.status_code}")
        timing = SERVER_TIMING.search(answer.headers.get("Server-Timing", ""))
        if timing:
            self.server_seconds += float(timing.group(1)) / 1000
        return Answer(answer.status_code, answer.content or b"", seconds)


class Browser(Driver):
    """dash_driver's renderer, sending the callbacks one answer sets off side by side, and
    navigating inside the app (no page, layout or dependencies again) after the first load."""

    def __init__(self, client: Client) -> None:
        super().__init__(client)
        self.pending: list[gevent.Greenlet] = []
        self.shell: Any = None

    def open(self, url: str, full: bool) -> Visit:
        """A page view: a full load, or a click on a link inside the app."""
        if full or self.shell is None:
            visit = self.visit(url)
            self.shell = self._get_json(visit, "/_dash-layout")
        else:
            visit = Visit(url)
            self._mount(visit, self.shell, initial=False)
            parts = urlsplit(url)
            visit.props.update(
                {
                    f"{LOCATION}.pathname": parts.path or "/",
                    f"{LOCATION}.search": f"?{parts.query}" if parts.query else "",
                }
            )
            self._changed(visit, [f"{LOCATION}.pathname", f"{LOCATION}.search"])
        self.settle()
        return visit

    def fire(
        self, visit: Visit, dependency: dict[str, Any], name: str, values: dict[str, Any]
    ) -> Reply:
        reply = super().fire(visit, dependency, name, values)
        self.settle()
        return reply

    def _run(self, visit: Visit, dependency: dict[str, Any], name: str, changed: list[str]) -> None:
        self.pending.append(gevent.spawn(Driver._run, self, visit, dependency, name, changed))

    def settle(self) -> None:
        """Wait until every callback of the chain has answered (and what they set off)."""
        for _ in range(10_000):
            if not self.pending:
                return
            greenlet = self.pending.pop(0)
            greenlet.join()
            if greenlet.exception is not None:
                gevent.killall(self.pending)
                self.pending.clear()
                raise greenlet.exception
        raise RuntimeError("a callback chain that never ends")


def sign_in(user: FastHttpUser, username: str) -> bool:
    page = user.client.get("/login", name="/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text or "")
    if not token:
        return False
    answer = user.client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": token.group(1)},
        allow_redirects=False,
        name="/login POST",
    )
    return answer.status_code == 302


class Viewer(FastHttpUser):
    """A national user, director or officer going round overview -> leaderboard -> a district ->
    a club, 1-3 s between pages (each account used by one user)."""

    wait_time = between(1, 3)
    concurrency = CONNECTIONS

    def on_start(self) -> None:
        self.account = next(VIEWERS)
        self.driver = Browser(Client(self.client))
        self.step = 0
        if not sign_in(self, self.account["username"]):
            raise RuntimeError(f"{self.account['username']} could not sign in")

    @task
    def next_page(self) -> None:
        """The next page of the round."""
        pages = (self.overview, self.leaderboard, self.district, self.club)
        pages[self.step % len(pages)]()
        self.step += 1

    def page(self, name: str, url: str, more: Any = None) -> Visit | None:
        client: Client = self.driver.client  # type: ignore[assignment]
        client.failed = []
        client.server_seconds = 0.0
        seen = f"{name} {url} {self.account['role']}:{self.account['province']}:{self.account['district']}"
        cold = seen not in SEEN
        SEEN.add(seen)
        started = time.perf_counter()
        error: Exception | None = None
        visit = None
        try:
            visit = self.driver.open(url, full=random.random() < 0.1)
            if more:
                more(visit)
        except Exception as caught:
            error = caught
        seconds = time.perf_counter() - started
        if error is None and client.failed:
            error = RuntimeError("; ".join(client.failed[:3]))
        label = f"{name} (storm)" if storming() else name
        events.request.fire(
            request_type="PAGE",
            name=label,
            response_time=seconds * 1000,
            response_length=0,
            exception=error,
            context={},
        )
        TIMED.setdefault(label, []).append(
            (time.time(), seconds, error is None, cold, client.server_seconds)
        )
        return visit

    def _province(self) -> tuple[str, str]:
        """A province the account may read, and the query naming it (for a national user)."""
        province = self.account["province"] or random.choice(ACCOUNTS["provinces"])
        return province, f"&province={province}" if self.account["role"] == "national" else ""

    def overview(self) -> None:
        self.page("overview", "/")

    def leaderboard(self) -> None:
        province, suffix = self._province()
        district = random.choice(ACCOUNTS["districts"][province])
        url = random.choice(
            [f"/leaderboard?{suffix[1:]}", f"/leaderboard?district={district}{suffix}"]
        )
        self.page("leaderboard", url.rstrip("?"), self._blocks)

    def _blocks(self, visit: Visit) -> None:
        """A sorted first block and the second block, as scrolling and a header click ask."""
        for grid in grids(visit):
            dependency = next(
                d
                for d in self.driver.dependencies
                if any(i["id"] == grid and i["property"] == "getRowsRequest" for i in d["inputs"])
            )
            size = (visit.props.get(f"{grid}.dashGridOptions") or {}).get("cacheBlockSize", 100)
            sort = {
                "startRow": 0,
                "endRow": size,
                "sortModel": [{"colId": "name", "sort": "asc"}],
                "filterModel": {},
            }
            self.driver.fire(visit, dependency, "sorted", {f"{grid}.getRowsRequest": sort})
            second = {"startRow": size, "endRow": 2 * size, "sortModel": [], "filterModel": {}}
            self.driver.fire(visit, dependency, "second", {f"{grid}.getRowsRequest": second})

    def district(self) -> None:
        province, suffix = self._province()
        district = random.choice(ACCOUNTS["districts"][province])
        self.page("district", f"/district?district={district}{suffix}")

    def club(self) -> None:
        province, _suffix = self._province()
        district, club = random.choice(ACCOUNTS["clubs"][province]).split("/", 1)
        self.page("club", f"/club?district={district}&club={club}")


class Stormer(FastHttpUser):
    """Someone arriving at 9 am: waits for LOAD_STORM_AT, logs in once with everyone else, then idles."""

    fixed_count = STORM_COUNT
    wait_time = between(3600, 3600)

    def on_start(self) -> None:
        gevent.sleep(max(0.0, STORM_AT - time.time()))
        started = time.time()
        try:
            ok = sign_in(self, next(STORMERS)["username"])
        except Exception:
            ok = False
        LOGINS.append((started, time.time(), ok))

    @task
    def idle(self) -> None:
        """Nothing more: the storm is the logins."""


def storming() -> bool:
    """Whether this moment is inside the login storm (from its start until every login ended)."""
    if not STORM_AT or time.time() < STORM_AT:
        return False
    return len(LOGINS) < STORM_COUNT


if STORM_COUNT:
    Viewer.fixed_count = int(os.environ.get("LOAD_VIEWERS", "50"))
else:
    del Stormer  # Locust runs the user classes it finds in this module


@events.test_stop.add_listener
def _written(**_kwargs: Any) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"timed-{os.getpid()}.json").write_text(
        json.dumps({"pages": TIMED, "logins": LOGINS}), encoding="utf-8"
    )
    if SEEN_FILE:
        SEEN_FILE.write_text(json.dumps(sorted(SEEN)), encoding="utf-8")
