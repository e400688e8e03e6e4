"""The state store under writes from several processes at once loses nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from accounts.store import open_store
from core.home import Home

WRITER = """
import sys, time
from accounts import audit, sessions
from accounts.scope import Scope
from accounts.store import open_store
from core.home import Home
home, me, count = Home(__import__("pathlib").Path(sys.argv[1])), sys.argv[2], int(sys.argv[3])
store = open_store(home)
scope = Scope("writer", "director", "62")
sys.stdin.readline()  # start together
for n in range(count):
    audit.record(store, scope, "view_members", f"{me}/{n}", "127.0.0.1")
    sessions.create_session(store, "writer", time.time(), "127.0.0.1", f"{me}-{n}")
"""


def test_concurrent_writers_lose_no_row(home: Home) -> None:
    from accounts.users import add_user

    store = open_store(home)
    add_user(store, "writer", "director", "62", None, "a-long-password-62")
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(home.root), f"w{n}", "150"],
            stdin=subprocess.PIPE,
            cwd=Path(__file__).resolve().parents[2],
            text=True,
        )
        for n in range(4)
    ]
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    for writer in writers:
        assert writer.wait(timeout=300) == 0
    details = {
        row[0] for row in store.execute("select detail from audit where action = 'view_members'")
    }
    assert details == {f"w{w}/{n}" for w in range(4) for n in range(150)}
    assert (
        store.execute("select count(*) from sessions where username = 'writer'").fetchone()[0]
        == 600
    )
    assert store.execute("pragma integrity_check").fetchone()[0] == "ok"
