"""PostgreSQL restarted under load: while it is down every request gets the 503 page in Thai
(never a traceback, never a reset connection), the pool reconnects by itself once it is back,
and a decision tried during the outage leaves nothing, its audit entry neither."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
import requests

from benchmarks import throwaway_postgres
from core.home import Home
from tests.ops.conftest import answering, launch, sign_in, stop, wait_until
from tests.ops.support import history, propose, text
from tonbaeb.cli import main

PAGE = "/district?district=6201"


def shown(session: requests.Session, base: str) -> str:
    answer = history(session, base)
    assert answer.status_code == 200, answer.text
    return text(answer)


def test_a_postgresql_restart_under_load_gets_503_pages_then_the_pool_reconnects(
    home_copy: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with throwaway_postgres.Cluster.started() as database:
        url = database.new_database()
        monkeypatch.delenv("TONBAEB_STATE_URL", raising=False)
        assert main(["state", "copy", "--to", url, "--home", str(home_copy.root)]) == 0
        monkeypatch.setenv("TONBAEB_STATE_URL", url)
        served = launch(home_copy, tmp_path / "serve.log", workers=2, env=dict(os.environ))
        try:
            answering(served)
            session = sign_in(served.base, "director62")
            dependencies = session.get(f"{served.base}/_dash-dependencies", timeout=30).json()
            answers: list[tuple[str, int, str]] = []  # (when: up/down/back, status, body)
            when = ["up"]
            stopping = threading.Event()

            def browse() -> None:
                browser = requests.Session()
                browser.cookies.update(session.cookies)
                while not stopping.is_set():
                    page = browser.get(served.base + PAGE, allow_redirects=False, timeout=60)
                    answers.append((when[0], page.status_code, page.text))

            browsers = [threading.Thread(target=browse) for _ in range(4)]
            for browser in browsers:
                browser.start()
            try:
                wait_until(lambda: sum(a[0] == "up" for a in answers) >= 8, 60, "pages served")
                when[0] = "down"  # from here on an answer may be a 503
                database.stop()  # every connection of the pool is cut, as in a restart
                wait_until(
                    lambda: sum(a[:2] == ("down", 503) for a in answers) >= 4, 60, "503 pages"
                )
                reason = "เสนอระหว่างฐานข้อมูลหยุด"
                refused = propose(session, served.base, reason, dependencies)
                assert refused.status_code == 503, refused.text
                assert "Traceback" not in refused.text
                database.start()
                when[0] = "back"
                wait_until(
                    lambda: sum(a[:2] == ("back", 200) for a in answers) >= 8, 60, "pages again"
                )
            finally:
                stopping.set()
                for browser in browsers:
                    browser.join(timeout=120)

            statuses = {status for _when, status, _body in answers}
            assert statuses <= {200, 503}, statuses  # no 500, no reset connection
            down = [body for when_, status, body in answers if status == 503]
            assert down and all("ขัดข้องชั่วคราว" in body for body in down)
            assert not any("Traceback" in body or "psycopg" in body for _w, _s, body in answers)
            assert [s for w, s, _b in answers if w == "up"] == [200] * sum(
                w == "up" for w, _s, _b in answers
            )

            # Back: the same session, reads and writes work again; the refused decision left nothing.
            assert reason not in shown(session, served.base)
            again = "เสนอหลังฐานข้อมูลกลับมา"
            decided = propose(session, served.base, again, dependencies)
            assert decided.status_code == 200 and "exemplars-decided" in decided.text
            assert again in shown(session, served.base)
        finally:
            stop(served)
        assert not any("Traceback" in line for line in served.lines())
        assert main(["audit", "--verify", "--home", str(home_copy.root)]) == 0
