"""The shrink guard: a submission that would cut a published sheet is held, not published."""

from __future__ import annotations

from pathlib import Path

import pytest

from accounts.scope import Scope
from core.home import Home
from etl.limits import Limits
from etl.pipeline import run
from etl.shrink import check
from etl.sources import read_sources
from tests.conftest import TODAY
from tests.etl.support import published
from tonbaeb.cli import main
from warehouse import queries
from warehouse.connection import reading
from warehouse.rules import load_rules

DIRECTOR = Scope("d62", "director", "62")
DISTRICT_ROWS = "select count(*) from {table} where district_code = ?"


def load(home: Home, sources: Path, limits: Limits | None = None) -> list:
    return run(home, read_sources(sources), load_rules(None), today=TODAY, workers=1, limits=limits)


def test_the_verdict_is_a_pure_function_of_the_counts() -> None:
    assert not check({"clubs": 10}, {"clubs": 5}, 0.5).held  # exactly half: allowed
    assert check({"clubs": 10}, {"clubs": 4}, 0.5).cuts == {"clubs": (10, 4)}
    assert check({"clubs": 10, "members": 3}, {"clubs": 10}, 0.9).cuts == {"members": (3, 0)}
    assert not check({}, {"clubs": 1}, 0.5).held  # nothing published yet: nothing to cut
    assert not check({"clubs": 10}, {"clubs": 30}, 0.0).held  # growing is never held
    assert check({"clubs": 10}, {"clubs": 9}, 0.0).held  # max_shrink 0: any loss is held
    verdict = check({"clubs": 120, "members": 800}, {"clubs": 0, "members": 300}, 0.5)
    assert verdict.counts() == "clubs 120 → 0, members 800 → 300"


def test_a_submission_that_loses_a_sheet_is_held_and_the_old_data_stays(
    home: Home, two_districts: Path
) -> None:
    load(home, two_districts)
    before = published(home, "6205")
    (two_districts.parent / "6205" / "members.csv").unlink()  # the reader would see no members
    (two_districts.parent / "6201" / "clubs.csv").write_text(  # 6201 changes, within limits
        (two_districts.parent / "6201" / "clubs.csv").read_text(encoding="utf-8") + "\n",
        encoding="utf-8",
    )
    outcomes = {o.source.district: o for o in load(home, two_districts)}
    held = outcomes["6205"]
    assert held.status == "held"
    assert (
        "members" in held.message
        and "→ 0" in held.message
        and "--accept-shrink 6205" in held.message
    )
    assert "\n" not in held.message
    assert outcomes["6201"].status == "loaded"  # the other district of the run still publishes
    assert published(home, "6205") == before
    frame = queries.held(home, DIRECTOR, "62")
    assert frame["district_code"].to_list() == ["6205"]
    assert "members 11 → 0" in frame["cuts"][0]  # (its attendance goes with its members)


def test_accept_shrink_publishes_it_on_purpose(
    home: Home, inbox: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["etl", "run", "--home", str(home.root), "--sources", str(inbox), "--workers", "1"]
    assert main(args) == 0
    clubs = inbox.parent / "6205" / "clubs.csv"
    lines = clubs.read_text(encoding="utf-8").splitlines(keepends=True)
    clubs.write_text("".join(lines[:2]), encoding="utf-8")  # one club of the published three
    capsys.readouterr()
    assert main(args) == 1
    out = capsys.readouterr().out
    assert "held" in out and "clubs 3 → 1" in out
    assert main([*args, "--max-shrink", "0.9"]) == 1  # a looser guard lets it through, but
    assert "--accept-removal 6205" in capsys.readouterr().out  # two published clubs would go
    # (an accepted removal needs a reason since it is audited: tests/etl/test_removals.py)
    why = ["--reason", "two clubs closed"]
    assert main([*args, "--max-shrink", "0.9", "--accept-removal", "6205", *why]) == 0
    with reading(home, "62") as (con, _version):
        assert con.execute(DISTRICT_ROWS.format(table="clubs"), ["6205"]).fetchone() == (1,)


def test_accept_shrink_names_the_district(
    home: Home, inbox: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["etl", "run", "--home", str(home.root), "--sources", str(inbox), "--workers", "1"]
    assert main(args) == 0
    (inbox.parent / "6205" / "meetings.csv").write_text("meeting_id,club_id\n", encoding="utf-8")
    assert main(args) == 1
    assert (
        main([*args, "--accept-shrink", "6205"]) == 1
    )  # the clubs' meetings of each year would go
    why = ["--reason", "no meetings were held"]  # an accepted removal is audited with its reason
    assert main([*args, "--accept-shrink", "6205", "--accept-removal", "6205", *why]) == 0
    with reading(home, "62") as (con, _version):
        assert con.execute(DISTRICT_ROWS.format(table="meetings"), ["6205"]).fetchone() == (0,)
    assert queries.held(home, DIRECTOR, "62").is_empty()  # loaded since: not listed
    assert main([*args, "--max-shrink", "1.5"]) == 2
    assert main([*args, "--accept-shrink", "6299"]) == 2  # a typo never silently does nothing
