"""An approved year is locked: a pulled load or an upload that would change it is not published."""

from __future__ import annotations

from pathlib import Path

import pytest

from accounts.store import open_store
from core.home import Home
from tests.approval.conftest import ACCOUNTS, etl_load
from tests.etl.support import published
from tonbaeb.cli import main
from warehouse import approvals
from warehouse.connection import reading

AT = 1_790_000_000.0


def approve(home: Home, district: str, year: int) -> None:
    store = open_store(home)
    officer = ACCOUNTS[f"officer{district}"]
    approvals.transition(store, home, officer, "submit", district, year, at=AT)
    approvals.transition(store, home, ACCOUNTS["director62"], "approve", district, year, at=AT)
    store.close()


def reopen(home: Home, district: str, year: int) -> None:
    store = open_store(home)
    director = ACCOUNTS["director62"]
    approvals.transition(store, home, director, "reopen", district, year, "แก้ไข", at=AT + 1)
    store.close()


def edit(sources: Path, district: str, old: str, new: str) -> None:
    meetings = sources.parent / district / "meetings.csv"
    text = meetings.read_text(encoding="utf-8")
    assert old in text
    meetings.write_text(text.replace(old, new), encoding="utf-8")


def meetings_of(home: Home, district: str) -> list[tuple[object, ...]]:
    with reading(home, "62") as (con, _version):
        return con.execute(
            "select meeting_id, held_on, fiscal_year from meetings where district_code = ?"
            " order by all",
            [district],
        ).fetchall()


def batch_statuses(home: Home, district: str) -> list[tuple[str, str]]:
    with reading(home, "62") as (con, _version):
        return con.execute(
            "select status, message from load_batches where district_code = ? order by started_at",
            [district],
        ).fetchall()


def test_a_pulled_load_changing_only_an_approved_year_is_locked(
    loaded: Home, two_districts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    approve(loaded, "6205", 2559)
    before = published(loaded, "6205")
    edit(two_districts, "6205", "6205-001,MT3,2016-05-20", "6205-001,MT3,2016-05-21")
    edit(two_districts, "6201", "6205-001,MT5,1/10/2559", "6205-001,MT5,2/10/2559")
    args = ["etl", "run", "--home", str(loaded.root), "--sources", str(two_districts)]
    capsys.readouterr()
    assert main([*args, "--workers", "1"]) == 1
    out = capsys.readouterr().out
    assert "locked" in out and "approved by director62" in out and "รับรองแล้ว" in out
    assert "tonbaeb approval reopen --province 62 --district 6205 --fiscal-year 2559" in out
    assert published(loaded, "6205") == before  # no change to the warehouse
    status, message = batch_statuses(loaded, "6205")[-1]
    assert status == "locked" and "FY 2559" in message
    assert ("MT5", 2560) in [(m[0], m[2]) for m in meetings_of(loaded, "6201")]
    assert batch_statuses(loaded, "6201")[-1][0] == "loaded"  # the other district loads


def test_a_multi_year_file_publishes_the_unlocked_years_only(
    loaded: Home, two_districts: Path
) -> None:
    approve(loaded, "6205", 2559)
    before = [m for m in meetings_of(loaded, "6205") if m[2] == 2559]
    edit(two_districts, "6205", "6205-001,MT3,2016-05-20", "6205-001,MT3,2016-05-21")
    edit(two_districts, "6205", "6205-001,MT5,1/10/2559", "6205-001,MT5,2/10/2559")
    outcome = etl_load(loaded, two_districts)["6205"]
    assert outcome.status == "loaded" and outcome.locked_years == (2559,)
    assert outcome.refused  # the run exits with 1: something was not published
    assert "published the unlocked years only (FY 2559 kept as published)" in outcome.message
    after = meetings_of(loaded, "6205")
    assert [m for m in after if m[2] == 2559] == before
    assert str(next(m for m in after if m[0] == "MT5")[1]) == "2016-10-02"
    status, message = batch_statuses(loaded, "6205")[-1]
    assert status == "loaded" and "FY 2559" in message


def test_an_unchanged_approved_year_does_not_lock_and_a_reopened_one_loads(
    loaded: Home, two_districts: Path
) -> None:
    approve(loaded, "6205", 2559)
    edit(two_districts, "6205", "6205-001,MT5,1/10/2559", "6205-001,MT5,2/10/2559")
    outcome = etl_load(loaded, two_districts)["6205"]
    assert outcome.status == "loaded" and outcome.locked_years == ()
    reopen(loaded, "6205", 2559)
    edit(two_districts, "6205", "6205-001,MT3,2016-05-20", "6205-001,MT3,2016-05-21")
    assert etl_load(loaded, two_districts)["6205"].status == "loaded"
    assert str(next(m for m in meetings_of(loaded, "6205") if m[0] == "MT3")[1]) == "2016-05-21"


def test_an_upload_shows_the_lock_in_its_dry_run_and_is_not_published(
    loaded: Home, two_districts: Path
) -> None:
    from datetime import date

    from etl import dry_run
    from etl.sources import Source
    from warehouse.rules import load_rules

    approve(loaded, "6205", 2559)
    before = published(loaded, "6205")
    edit(two_districts, "6205", "6205-001,MT3,2016-05-20", "6205-001,MT3,2016-05-21")
    folder = two_districts.parent / "6205"
    files = {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}
    source = Source("62", "6205", "upload:6205.zip")
    rules = load_rules(None)
    checked = dry_run.dry_run(loaded, source, files, rules, date(2026, 11, 24))
    assert checked.locked is not None and checked.locked.held_whole
    assert [lock.fiscal_year for lock in checked.locked.locked] == [2559]
    assert "director62" in checked.locked.locked[0].text("th")
    outcome = dry_run.submit(loaded, source, files, rules, date(2026, 11, 24), "officer6205")
    assert outcome.status == "locked" and "approved by director62" in outcome.message
    assert published(loaded, "6205") == before
    assert batch_statuses(loaded, "6205")[-1][0] == "locked"


def test_reopen_reload_diff_approve(loaded: Home, two_districts: Path) -> None:
    from warehouse import approval_changes

    approve(loaded, "6205", 2559)
    store = open_store(loaded)
    version = approvals.approved_version(store, "6205", 2559)
    assert version is not None
    unchanged = approval_changes.since(loaded, "6205", 2559, version)
    assert not unchanged.any and not unchanged.pruned
    reopen(loaded, "6205", 2559)
    edit(two_districts, "6205", "6205-001,MT3,2016-05-20", "6205-001,MT3,2016-05-21")
    edit(two_districts, "6205", "6205-001,MT4,30/09/2559,evaluation_forum,\n", "")
    assert etl_load(loaded, two_districts)["6205"].status == "loaded"
    changes = approval_changes.since(loaded, "6205", 2559, version)
    assert changes.sheets["meetings"] == (0, 1, 1)  # MT4 removed, MT3 moved a day
    assert changes.sheets["clubs"] == (0, 0, 0)
    assert any(club == "6205-001" and "evaluation" in what for club, what in changes.clubs)
    director = ACCOUNTS["director62"]
    approvals.transition(store, loaded, ACCOUNTS["officer6205"], "submit", "6205", 2559, at=AT + 2)
    approvals.transition(store, loaded, director, "approve", "6205", 2559, at=AT + 3)
    assert approvals.approved_version(store, "6205", 2559) != version
    (loaded.tenant("62") / "versions" / f"{version}.duckdb").unlink()
    assert approval_changes.since(loaded, "6205", 2559, version).pruned
    store.close()


def test_a_member_change_reaching_into_an_approved_year_locks_the_whole_district(
    loaded: Home, two_districts: Path
) -> None:
    approve(loaded, "6205", 2559)
    before = published(loaded, "6205")
    members = two_districts.parent / "6205" / "members.csv"
    text = members.read_text(encoding="utf-8")
    assert "6205-001,M04,มาลี ทองคำ,1000000000041,F,member,01/10/2558," in text
    members.write_text(
        text.replace("6205-001,M04,มาลี ทองคำ,1000000000041,F,member,01/10/2558,",
                     "6205-001,M04,มาลี ทองคำ,1000000000041,F,member,01/10/2558,01/06/2559"),
        encoding="utf-8",
    )  # fmt: skip
    edit(two_districts, "6205", "6205-001,MT5,1/10/2559", "6205-001,MT5,2/10/2559")
    outcome = etl_load(loaded, two_districts)["6205"]
    assert outcome.status == "locked" and outcome.locked_years == (2559,)
    assert published(loaded, "6205") == before


def test_a_rebuild_after_restore_keeps_the_approvals_and_what_the_locks_kept(
    loaded: Home,
    two_districts: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    state_url: str | None,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    approve(loaded, "6205", 2559)
    edit(two_districts, "6205", "6205-001,MT3,2016-05-20", "6205-001,MT3,2016-05-21")
    edit(two_districts, "6205", "6205-001,MT5,1/10/2559", "6205-001,MT5,2/10/2559")
    assert etl_load(loaded, two_districts)["6205"].locked_years == (2559,)
    with reading(loaded, "62") as (con, _version):
        kept = con.execute(
            "select kept_years from load_batches where district_code = '6205' and status = 'loaded'"
            " order by started_at desc limit 1"
        ).fetchone()
    assert kept == ("2559",)
    before = meetings_of(loaded, "6205")
    assert main(["backup", "--home", str(loaded.root), str(tmp_path / "b.tar")]) == 0
    restored = Home(tmp_path / "restored")
    if state_url is not None:  # a PostgreSQL store is restored into an empty database
        url = request.getfixturevalue("postgres").new_database()
        monkeypatch.setenv("TONBAEB_STATE_URL", url)
        restored = Home(tmp_path / "restored", url)
    assert main(["restore", "--home", str(restored.root), str(tmp_path / "b.tar")]) == 0
    assert main(["rebuild", "--home", str(restored.root)]) == 0
    capsys.readouterr()
    assert meetings_of(restored, "6205") == before  # FY 2559 as approved, FY 2560 as sent
    store = open_store(restored)
    assert approvals.year_state(store, "6205", 2559).state == "approved"
    store.close()
