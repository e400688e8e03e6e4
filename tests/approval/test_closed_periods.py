"""A period closed ([approval] expiry_days after the due day): a load or upload changing a year
that closed unapproved is locked with its own message, until the province's director grants a
lock exception. On the SQLite store and on PostgreSQL."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from accounts import audit
from accounts.store import open_store
from core.home import Home
from etl import dry_run
from etl.sources import Source
from tests.approval.conftest import ACCOUNTS, etl_load
from tests.conftest import TODAY
from tests.etl.support import published
from tonbaeb.cli import main
from warehouse import approvals
from warehouse.connection import reading
from warehouse.rules import load_rules

AT = 1_790_000_000.0
MT3 = ("6205-001,MT3,2016-05-20", "6205-001,MT3,2016-05-21")  # a meeting of FY 2559
# FY 2559 ends 30 Sep 2016, is due 60 days later (29 Nov 2016) and closes 30 days after that.
CLOSED_ON = "29 Dec 2016"


@pytest.fixture
def home(tmp_path: Path, state_url: str | None) -> Home:
    """An empty home whose state store is the SQLite file or PostgreSQL."""
    return Home(tmp_path / "home", state_url)


def expire(home: Home, days: int = 30) -> None:
    (home.root / "settings.toml").write_text(
        f"[approval]\nexpiry_days = {days}\n", encoding="utf-8"
    )


def edit(sources: Path, district: str, old: str, new: str) -> None:
    meetings = sources.parent / district / "meetings.csv"
    text = meetings.read_text(encoding="utf-8")
    assert old in text
    meetings.write_text(text.replace(old, new), encoding="utf-8")


def held_on(home: Home, meeting: str) -> str:
    with reading(home, "62") as (con, _version):
        found = con.execute(
            "select held_on from meetings where district_code = '6205' and meeting_id = ?",
            [meeting],
        ).fetchone()
    assert found is not None
    return str(found[0])


def last_batch(home: Home, district: str) -> tuple[str, str]:
    with reading(home, "62") as (con, _version):
        found = con.execute(
            "select status, message from load_batches where district_code = ?"
            " order by started_at desc limit 1",
            [district],
        ).fetchone()
    assert found is not None
    return found[0], found[1]


def open_period(home: Home, user: str, reason: str = "ส่งข้อมูลตกหล่น") -> int:
    return main(
        ["approval", "open-period", "--home", str(home.root), "--province", "62",
         "--district", "6205", "--fiscal-year", "2559", "--user", user, "--reason", reason]
    )  # fmt: skip


def exceptions(home: Home) -> list[tuple[object, ...]]:
    store = open_store(home)
    try:
        rows = store.execute(
            "select district_code, fiscal_year, reason, username from period_exceptions"
        ).fetchall()
        return [tuple(r) for r in rows]
    finally:
        store.close()


def test_a_pulled_load_changing_a_closed_year_is_locked_with_the_closed_message(
    loaded: Home, two_districts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expire(loaded)
    before = published(loaded, "6205")
    edit(two_districts, "6205", *MT3)
    args = ["etl", "run", "--home", str(loaded.root), "--sources", str(two_districts)]
    capsys.readouterr()
    assert main([*args, "--workers", "1"]) == 1
    out = capsys.readouterr().out
    assert "locked" in out and f"closed on {CLOSED_ON}" in out
    assert "ปิดงวดเมื่อ 29 ธ.ค. 2559" in out
    assert "tonbaeb approval open-period --province 62 --district 6205 --fiscal-year 2559" in out
    assert "approved by" not in out and "รับรองแล้ว" not in out  # not the approval's words
    assert published(loaded, "6205") == before  # no change to the warehouse
    status, message = last_batch(loaded, "6205")
    assert status == "locked" and "FY 2559 of district 6205 closed on" in message


def test_an_upload_shows_the_closed_period_in_its_dry_run_and_is_not_published(
    loaded: Home, two_districts: Path
) -> None:
    expire(loaded)
    before = published(loaded, "6205")
    edit(two_districts, "6205", *MT3)
    folder = two_districts.parent / "6205"
    files = {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}
    source = Source("62", "6205", "upload:6205.zip")
    rules = load_rules(None)
    checked = dry_run.dry_run(loaded, source, files, rules, TODAY)
    assert checked.locked is not None and checked.locked.held_whole
    lock = checked.locked.locked[0]
    assert (lock.fiscal_year, lock.why, lock.closed_on) == (2559, "closed", date(2016, 12, 29))
    assert "ปิดงวดเมื่อ 29 ธ.ค. 2559" in lock.text("th") and "ข้อยกเว้น" in lock.text("th")
    outcome = dry_run.submit(loaded, source, files, rules, TODAY, "officer6205")
    assert outcome.status == "locked" and f"closed on {CLOSED_ON}" in outcome.message
    assert "approved by" not in outcome.message
    assert published(loaded, "6205") == before
    assert last_batch(loaded, "6205")[0] == "locked"


def test_a_lock_exception_lets_the_closed_year_load_and_is_audited(
    loaded: Home, two_districts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expire(loaded)
    edit(two_districts, "6205", *MT3)
    assert etl_load(loaded, two_districts)["6205"].status == "locked"
    assert open_period(loaded, "director62") == 0
    assert "6205 2559 may change again" in capsys.readouterr().out
    assert exceptions(loaded) == [("6205", 2559, "ส่งข้อมูลตกหล่น", "director62")]
    store = open_store(loaded)
    entry = next(e for e in audit.read(store, "62") if e["action"] == "approval_open_period")
    assert entry["username"] == "director62" and entry["ip"] == "cli"
    assert json.loads(entry["fields"])["reason"] == "ส่งข้อมูลตกหล่น"
    assert json.loads(entry["fields"])["closed_on"] == "2016-12-29"
    assert audit.verify(store)[1] is None
    table = approvals.statuses(store, loaded, "62", 2559, rules=load_rules(None), today=TODAY)
    store.close()
    assert dict(zip(table["district_code"], table["closed"], strict=True)) == {
        "6201": True,
        "6205": False,
    }
    outcome = etl_load(loaded, two_districts)["6205"]
    assert outcome.status == "loaded" and outcome.locked_years == ()
    assert held_on(loaded, "MT3") == "2016-05-21"
    assert open_period(loaded, "director62") == 1  # open already: nothing to grant
    assert "is not closed" in capsys.readouterr().err


def test_an_officer_or_another_province_cannot_grant_an_exception(
    loaded: Home, capsys: pytest.CaptureFixture[str]
) -> None:
    expire(loaded)
    capsys.readouterr()
    assert open_period(loaded, "officer6205") == 1
    assert "Only the province's director" in capsys.readouterr().err
    assert open_period(loaded, "director10") == 1
    assert "Not your province" in capsys.readouterr().err
    assert open_period(loaded, "national") == 1
    assert open_period(loaded, "director62", reason=" ") == 1
    assert "Give a reason" in capsys.readouterr().err
    assert exceptions(loaded) == []
    assert open_period(loaded, "admin62") == 0  # an administrator, on the command line


def test_an_approved_year_keeps_the_approval_message_and_a_reopened_one_loads(
    loaded: Home, two_districts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expire(loaded)
    store = open_store(loaded)
    officer, director = ACCOUNTS["officer6205"], ACCOUNTS["director62"]
    approvals.transition(store, loaded, officer, "submit", "6205", 2559, at=AT)
    approvals.transition(store, loaded, director, "approve", "6205", 2559, at=AT)
    store.close()
    edit(two_districts, "6205", *MT3)
    outcome = etl_load(loaded, two_districts)["6205"]
    assert outcome.status == "locked" and "approved by director62" in outcome.message
    assert "closed on" not in outcome.message
    capsys.readouterr()
    assert open_period(loaded, "director62") == 1  # the approval locks it: reopen instead
    assert "The year is approved" in capsys.readouterr().err
    store = open_store(loaded)
    approvals.transition(store, loaded, director, "reopen", "6205", 2559, "แก้ไข", at=AT + 1)
    store.close()
    assert etl_load(loaded, two_districts)["6205"].status == "loaded"  # the reopen opened it
    assert held_on(loaded, "MT3") == "2016-05-21"


def test_by_default_periods_never_close(loaded: Home, two_districts: Path) -> None:
    store = open_store(loaded)
    table = approvals.statuses(store, loaded, "62", rules=load_rules(None), today=TODAY)
    store.close()
    assert not table["closed"].any() and table["overdue"].all()
    assert table["closes_on"].is_null().all()
    edit(two_districts, "6205", *MT3)
    assert etl_load(loaded, two_districts)["6205"].status == "loaded"
    assert held_on(loaded, "MT3") == "2016-05-21"


def test_closed_is_a_state_apart_from_overdue(
    loaded: Home, capsys: pytest.CaptureFixture[str]
) -> None:
    expire(loaded)
    capsys.readouterr()
    args = ["--home", str(loaded.root), "--province", "62", "--fiscal-year", "2559"]
    assert main(["approval", "status", *args]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("\t")[5] == "deadline"
    assert {line.split("\t")[5] for line in lines[1:]} == {"closed"}
    store = open_store(loaded)
    rules = load_rules(None)
    late = approvals.statuses(store, loaded, "62", 2559, rules=rules, today=date(2016, 12, 15))
    shut = approvals.statuses(store, loaded, "62", 2559, rules=rules, today=date(2016, 12, 30))
    store.close()
    assert late["overdue"].all() and not late["closed"].any()
    assert shut["closed"].all() and not shut["overdue"].any()
    assert set(shut["closes_on"]) == {date(2016, 12, 29)}
