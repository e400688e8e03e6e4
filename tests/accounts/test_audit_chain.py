"""The audit log is chained by hash (`tonbaeb audit --verify`) and shown escaped."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable

import pytest

os.environ.setdefault("TONBAEB_FAST_HASH", "1")

from accounts import audit
from accounts.database import Store
from accounts.scope import Scope
from accounts.store import connect, open_store
from core.home import Home
from tonbaeb.cli import main

DIRECTOR = Scope("dir62", "director", "62")


def five_entries(home: Home) -> None:
    store = open_store(home)
    for n in range(5):
        audit.record(
            store,
            DIRECTOR,
            "view_members",
            f"6201/6201-00{n}",
            "192.0.2.1",
            district="6201",
            club=f"6201-00{n}",
        )


def raw(home: Home) -> Store:
    """The store as an intruder with access to it would write: its tables, no tonbaeb checks."""
    return connect(home)


def verify(home: Home, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(["audit", "--verify", "--home", str(home.root)])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def test_an_intact_log_verifies(home: Home, capsys: pytest.CaptureFixture[str]) -> None:
    five_entries(home)
    status, text = verify(home, capsys)
    assert status == 0 and "5 entries" in text


@pytest.mark.parametrize(
    ("tamper", "first_bad"),
    [
        ("update audit set detail = '6201/6201-999' where id = 3", 3),
        ("update audit set username = 'dir10', province_code = '10' where id = 2", 2),
        ("update audit set at = at - 3600 where id = 4", 4),
        ("delete from audit where id = 3", 4),
        ("delete from audit where id = 5", 5),
        ("delete from audit where id >= 4", 4),
        (
            "insert into audit (id, at, username, role, province_code, action, detail, ip, fields, hash)"
            " select 6, at, 'x', role, province_code, action, detail, ip, fields, hash from audit where id = 5",
            6,
        ),
    ],
)
def test_a_changed_or_deleted_entry_is_found(
    home: Home, capsys: pytest.CaptureFixture[str], tamper: str, first_bad: int
) -> None:
    five_entries(home)
    raw(home).execute(tamper)
    status, text = verify(home, capsys)
    assert status == 1 and f"entry {first_bad}:" in text


def test_entries_written_before_the_chain_are_chained_on_upgrade(
    legacy_home: Home,
    capsys: pytest.CaptureFixture[str],
    old_store: Callable[[Home, int], sqlite3.Connection],
) -> None:
    con = old_store(legacy_home, 1)
    con.execute(
        "insert into audit (at, username, role, province_code, action, detail, ip)"
        " values (1.0, 'old', 'director', '62', 'view_members', '6201/6201-001', '192.0.2.2')"
    )
    con.close()
    assert main(["state", "upgrade", "--home", str(legacy_home.root)]) == 0
    five_entries(legacy_home)
    status, text = verify(legacy_home, capsys)
    assert status == 0 and "6 entries" in text


def test_control_characters_are_escaped_when_the_log_is_shown(
    home: Home, capsys: pytest.CaptureFixture[str]
) -> None:
    meeting = "2568-01\n2026-11-24T09:00:00\tdir10\tdirector\t10\tview_members\x1b[2J\x1b[H\u202e"
    audit.record(
        open_store(home),
        DIRECTOR,
        "view_attendance",
        f"6201/6201-001/{meeting}",
        "192.0.2.1",
        meeting=meeting,
    )
    assert main(["audit", "--province", "62", "--home", str(home.root)]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "\x1b" not in out and "\u202e" not in out
    assert (
        len(out.rstrip("\n").split("\t")) == 8
    )  # when, who, role, province, action, detail, fields, ip
    assert "\\x0a2026-11-24T09:00:00\\x09dir10" in out and "\\x1b[2J" in out and "\\u202e" in out
