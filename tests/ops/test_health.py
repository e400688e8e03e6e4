"""/healthz on a real server: every warehouse and the state store by name, no login, no data."""

from __future__ import annotations

import subprocess
import sys

import pytest
import requests

from core.home import Home
from tests.ops.conftest import wait_until
from warehouse import health as readable
from warehouse.publish import current, point_current

HOLD_STORE = """
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("begin immediate")  # the write lock, held until told to stop
print("held", flush=True)
sys.stdin.readline()
con.execute("rollback")
"""


def health(base: str) -> tuple[int, dict[str, object]]:
    answer = requests.get(f"{base}/healthz", timeout=30)
    assert answer.headers["Content-Type"].startswith("application/json")
    return answer.status_code, answer.json()


def test_healthz_is_ok_without_a_login_and_names_only(home_copy: Home, serve) -> None:  # type: ignore[no-untyped-def]
    served = serve(home_copy)
    status, body = health(served.base)
    assert status == 200
    assert body == {"ok": ["10", "62", "state"], "failing": [], "status": "ok"}
    assert (
        requests.get(f"{served.base}/", allow_redirects=False, timeout=30).status_code == 302
    )  # the rest needs a login


def test_healthz_names_a_broken_warehouse_and_a_locked_store(home_copy: Home, serve) -> None:  # type: ignore[no-untyped-def]
    served = serve(home_copy)
    assert health(served.base)[0] == 200
    # Province 10's CURRENT now names a version whose file is not a DuckDB database.
    published = current(home_copy, "10")
    assert published is not None
    broken = published.path.with_name("v000099.duckdb")
    broken.write_bytes(b"not a database" * 1000)
    point_current(home_copy.tenant("10"), "v000099")
    status, body = health(served.base)
    assert status == 503 and body["failing"] == ["10"] and body["ok"] == ["62", "state"]

    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_STORE, str(home_copy.state / "app.sqlite")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        status, body = health(served.base)
        assert status == 503 and body["failing"] == ["10", "state"] and body["ok"] == ["62"]
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)
    point_current(home_copy.tenant("10"), published.version)
    wait_until(lambda: health(served.base)[0] == 200, 30, "healthz to recover")


def test_a_warehouse_seen_readable_is_opened_again_once_it_changes_or_a_minute_later(
    home_copy: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At national scale opening every file took 1.3 s a probe; an unchanged file is not opened again."""
    opened: list[str] = []
    opens = readable._opens
    monkeypatch.setattr(readable, "_opens", lambda path: opened.append(path) or opens(path))
    assert readable.failing(home_copy) == (["10", "62"], [])
    assert readable.failing(home_copy) == (["10", "62"], [])
    assert len(opened) == 2  # the second answer comes from what the first saw
    published = current(home_copy, "10")
    assert published is not None
    published.path.write_bytes(b"not a database" * 1000)  # the same version, rewritten in place
    assert readable.failing(home_copy) == (["62"], ["10"])
    assert len(opened) == 3
    monkeypatch.setattr(
        readable, "RECHECK", 0.0
    )  # the interval has passed: every file is opened again
    assert readable.failing(home_copy) == (["62"], ["10"])
    assert len(opened) == 5
