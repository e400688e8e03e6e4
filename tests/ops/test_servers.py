"""Three `tonbaeb serve` processes behind nginx (least_conn, passive health checks, no sticky
sessions) on one shared home: a sign-in holds on every server, what one server writes the others
show, sign-in failures are counted across servers, and when one server is killed only the
requests in flight on it fail."""

from __future__ import annotations

import os
import re
import shutil
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
import pytest
import requests

from benchmarks.load.proxy import Nginx
from core.home import Home
from dashboard.identity import HEADER
from tests.ops.conftest import Served, answering, free_port, launch, sign_in, stop, wait_until
from tests.ops.support import history, propose, text
from tonbaeb.cli import main

NAMES = ("app0", "app1", "app2")
STRANGER = "203.0.113.7"  # the client nginx forwards for (X-Forwarded-For), as a browser's


@dataclass
class Cluster:
    servers: dict[str, Served]
    proxy: Nginx

    @property
    def base(self) -> str:
        return self.proxy.base


@pytest.fixture(params=["sqlite", "postgresql"])
def cluster(request: pytest.FixtureRequest, home_copy: Home, tmp_path: Path) -> Iterator[Cluster]:
    """app0-app2 (`--trusted-proxy 127.0.0.1 --server-id appN`, one worker each) behind nginx, on
    the home's SQLite store, or on a copy of it in PostgreSQL (every server told its address)."""
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        pytest.fail("needs Debian's nginx: `python3 tasks.py test` installs it")
    env = dict(os.environ)
    env.pop("TONBAEB_STATE_URL", None)
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres").new_database()
        assert main(["state", "copy", "--to", url, "--home", str(home_copy.root)]) == 0
        env["TONBAEB_STATE_URL"] = url
    servers = {
        name: launch(
            home_copy,
            tmp_path / f"{name}.log",
            env=env,
            args=("--trusted-proxy", "127.0.0.1", "--server-id", name),
        )
        for name in NAMES
    }
    try:
        for served in servers.values():
            answering(served)
        with Nginx(tmp_path / "nginx", free_port(), [s.address for s in servers.values()]) as px:
            yield Cluster(servers, px)
    finally:
        for served in servers.values():
            stop(served)


def answered_by(response: requests.Response) -> str:
    """The name of the server that answered (the header's last part is the worker's pid)."""
    return response.headers[HEADER].rsplit(":", 1)[0]


def test_three_servers_behind_nginx_act_as_one_and_lose_only_what_a_killed_one_held(
    cluster: Cluster, home_copy: Home
) -> None:
    _a_sign_in_holds_on_every_server(cluster)
    _a_decision_through_one_server_is_shown_by_the_others(cluster)
    _sign_in_failures_are_counted_across_servers(cluster)
    _a_killed_server_loses_only_the_requests_in_flight_on_it(cluster)


def _a_sign_in_holds_on_every_server(cluster: Cluster) -> None:
    session = sign_in(cluster.base, "director62")
    seen: set[str] = set()
    for _attempt in range(30):  # least_conn spreads one-at-a-time requests over all three
        page = session.get(f"{cluster.base}/district?district=6201", allow_redirects=False)
        assert page.status_code == 200, (page.status_code, page.headers.get("Location"))
        seen.add(answered_by(page))
        if seen == set(NAMES):
            break
    assert seen == set(NAMES)
    # Signing out through one server ends the session on all of them.
    assert session.post(f"{cluster.base}/logout", allow_redirects=False).status_code == 302
    for _attempt in range(6):
        after = session.get(f"{cluster.base}/district?district=6201", allow_redirects=False)
        assert after.status_code == 302 and after.headers["Location"].startswith("/login")


def _a_decision_through_one_server_is_shown_by_the_others(cluster: Cluster) -> None:
    session = sign_in(cluster.base, "director62")
    reason = "เสนอผ่านเซิร์ฟเวอร์หนึ่ง แสดงบนอีกเครื่อง"
    before = history(session, cluster.base)
    assert before.status_code == 200 and reason not in text(before)
    decided = propose(session, cluster.base, reason)
    assert decided.status_code == 200 and "exemplars-decided" in decided.text, decided.text
    writer = answered_by(decided)
    shown_by: set[str] = set()
    for _attempt in range(30):
        shown = history(session, cluster.base)
        assert shown.status_code == 200 and reason in text(shown)
        shown_by.add(answered_by(shown))
        if shown_by - {writer} == set(NAMES) - {writer}:
            break
    assert shown_by - {writer} == set(NAMES) - {writer}  # every other server shows it at once


def _sign_in_failures_are_counted_across_servers(cluster: Cluster) -> None:
    tried_on: list[str] = []
    stranger = requests.Session()
    for _attempt in range(3):
        page = stranger.get(f"{cluster.base}/login", headers={"X-Forwarded-For": STRANGER})
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token
        wrong = stranger.post(
            f"{cluster.base}/login",
            data={"username": "officer6201", "password": "not-it", "csrf_token": token.group(1)},
            headers={"X-Forwarded-For": STRANGER},
            allow_redirects=False,
        )
        assert wrong.status_code == 401
        tried_on.append(answered_by(wrong))
    assert len(set(tried_on)) >= 2, tried_on  # the failures went to different servers
    # The director's locks page, from whichever server answers, counts all three.
    director = sign_in(cluster.base, "director62")
    for _attempt in range(3):
        locks = director.get(f"{cluster.base}/account/locks")
        assert locks.status_code == 200
        assert re.search(r"<td>officer6201</td><td>3</td>", locks.text), locks.text


@dataclass
class Outcome:
    """One request of the stream: when it went relative to the kill, and how it ended."""

    sent_after_kill: bool  # sent once the killed server was gone
    ended_after_kill_began: bool
    ok: bool
    server: str | None
    what: str


def _a_killed_server_loses_only_the_requests_in_flight_on_it(cluster: Cluster) -> None:
    cookies = sign_in(cluster.base, "director62").cookies
    outcomes: list[Outcome] = []
    lock = threading.Lock()
    stopping, kill_began, killed = threading.Event(), threading.Event(), threading.Event()

    def client(number: int) -> None:
        session = requests.Session()
        session.cookies.update(cookies)
        for turn in range(10_000):
            if stopping.is_set():
                return
            what = "page" if (number + turn) % 2 else "callback"
            sent_after_kill = killed.is_set()
            try:
                if what == "page":
                    answer = session.get(
                        f"{cluster.base}/district?district=6201", allow_redirects=False, timeout=60
                    )
                else:
                    answer = history(session, cluster.base)
                ok, server = answer.status_code == 200, answered_by(answer)
            except (requests.RequestException, KeyError):
                ok, server = False, None
            with lock:
                outcomes.append(Outcome(sent_after_kill, kill_began.is_set(), ok, server, what))

    def count(condition: Any) -> int:
        with lock:
            return sum(1 for o in outcomes if condition(o))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    try:
        wait_until(
            lambda: all(count(lambda o, n=n: o.server == n) >= 3 for n in NAMES),
            120,
            "every server to answer some requests",
        )
        victim = cluster.servers["app1"]
        group = [psutil.Process(victim.process.pid)]
        group += group[0].children(recursive=True)
        kill_began.set()
        os.killpg(victim.process.pid, signal.SIGKILL)  # the server and its worker, as a host dies
        victim.process.wait(timeout=30)
        # Gone once its worker is too: until then the listening socket still takes connections.
        _gone, alive = psutil.wait_procs(group, timeout=30)
        assert not alive, alive
        killed.set()
        wait_until(
            lambda: count(lambda o: o.sent_after_kill) >= 60, 180, "sixty requests after the kill"
        )
    finally:
        stopping.set()
        for thread in threads:
            thread.join(timeout=120)
    failed = [o for o in outcomes if not o.ok]
    after = [o for o in outcomes if o.sent_after_kill]
    # A request that failed was in flight at the kill, and no client had more than one in flight.
    assert all(not o.sent_after_kill and o.ended_after_kill_began for o in failed), failed
    assert len(failed) <= len(threads), failed
    # Everything sent after the kill was answered, by the two servers left.
    assert all(o.ok for o in after), [o for o in after if not o.ok]
    assert {o.server for o in after} == {"app0", "app2"}
    assert {o.what for o in after} == {"page", "callback"}
