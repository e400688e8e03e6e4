"""The removal guard: a published club, its members or a year of its meetings never
disappear because of one bad cell or a row left out; a person publishes a removal on purpose."""

from __future__ import annotations

import getpass
import json
from contextlib import closing
from pathlib import Path

import pytest

from accounts import audit
from accounts.scope import Scope
from accounts.store import open_store
from core.home import Home
from dashboard.pages.quality.run_summary import run_card
from etl import runs
from etl.limits import Limits
from etl.pipeline import run
from etl.sources import read_sources
from tests.conftest import TODAY
from tests.etl.support import published
from tonbaeb.cli import main
from warehouse.connection import reading
from warehouse.rules import load_rules


def load(home: Home, sources: Path, limits: Limits | None = None) -> list:
    return run(home, read_sources(sources), load_rules(None), today=TODAY, workers=1, limits=limits)


def audited(home: Home) -> list:
    """The audit entries of accepted removals."""
    if not (home.state / "app.sqlite").exists():
        return []
    with closing(open_store(home)) as store:
        return [e for e in audit.read(store, None) if e["action"] == "etl_accept_removal"]


def edit_lines(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(change(lines)), encoding="utf-8")


def blank_name(lines: list[str], row: int) -> list[str]:
    """The clubs sheet with the name cell of spreadsheet row `row` emptied."""
    cells = lines[row - 1].split(",")
    cells[1] = ""
    lines[row - 1] = ",".join(cells)
    return lines


def test_a_blank_required_cell_in_a_club_row_holds_the_district_and_names_the_club_and_the_cell(
    home: Home, inbox: Path
) -> None:
    load(home, inbox)
    before = published(home, "6205")
    edit_lines(inbox.parent / "6205" / "clubs.csv", lambda lines: blank_name(lines, 3))
    [held] = load(home, inbox)
    assert held.status == "held", held.message
    # (of its 3 member rows, 2 are rejected in the fixture: 1 published member)
    assert (
        "6205-002 เครือข่ายพัฒนาบทบาทสตรีตำบลท่ามะเขือ: 1 member, 0 meetings, 1 fiscal year"
        in held.message
    )
    why = held.message.split("its row clubs!3 was rejected: ")[
        1
    ]  # (clubs.csv: the sheet is the file)
    assert "name" in why.split(";")[0] and "required" in why.split(";")[0]
    assert "--accept-removal 6205" in held.message and "\n" not in held.message
    assert published(home, "6205") == before  # nothing disappeared


def test_accept_removal_publishes_it_on_purpose(
    home: Home, inbox: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["etl", "run", "--home", str(home.root), "--sources", str(inbox), "--workers", "1"]
    assert main(args) == 0
    edit_lines(inbox.parent / "6205" / "clubs.csv", lambda lines: blank_name(lines, 3))
    capsys.readouterr()
    assert main(args) == 1
    assert "held" in capsys.readouterr().out
    why = ["--reason", "the club merged into 6205-001"]
    assert (
        main([*args, "--accept-removal", "6299", *why]) == 2
    )  # a typo never silently does nothing
    capsys.readouterr()
    assert main([*args, "--accept-removal", "6205"]) == 2  # no reason: refused, nothing loaded
    assert "--accept-removal needs --reason" in capsys.readouterr().err
    assert main([*args, "--accept-removal", "6205", "--reason", "  "]) == 2
    assert not audited(home)
    assert main([*args, "--accept-removal", "6205", *why]) == 0
    out = capsys.readouterr().out
    assert "removed on purpose: 6205-002 เครือข่ายพัฒนาบทบาทสตรีตำบลท่ามะเขือ" in out
    [entry] = audited(home)
    fields = json.loads(entry["fields"])
    assert entry["province_code"] == "62" and entry["ip"] == "cli"
    assert entry["username"] == getpass.getuser()
    assert fields["clubs"] == "6205-002" and fields["reason"] == "the club merged into 6205-001"
    assert fields["status"] == "loaded" and "its row clubs!3 was rejected" in fields["removed"]
    assert "removed=6205-002" in entry["detail"] and "reason=the club merged" in entry["detail"]
    assert runs.latest(home, "62")["provinces"]["62"]["removed"]["6205"][0]["club_id"] == "6205-002"
    card = str(run_card(home, Scope("d", "director", "62"), "62", "en"))  # the quality page
    assert "1 removal published on purpose (clubs 6205-002)" in card
    with reading(home, "62") as (con, _version):
        clubs = {
            c
            for (c,) in con.execute(
                "select club_id from clubs where district_code = '6205'"
            ).fetchall()
        }
    assert "6205-002" not in clubs and "6205-001" in clubs


def test_a_club_left_out_of_the_file_is_held_the_same_way(home: Home, inbox: Path) -> None:
    load(home, inbox)
    edit_lines(
        inbox.parent / "6205" / "clubs.csv",
        lambda lines: [line for line in lines if not line.startswith("6205-002,")],
    )
    [held] = load(home, inbox)
    assert held.status == "held"
    assert (
        "6205-002 เครือข่ายพัฒนาบทบาทสตรีตำบลท่ามะเขือ: 1 member" in held.message
        and "it is not in the file" in held.message
    )


def test_a_staying_club_losing_most_of_its_members_is_held_and_named(
    home: Home, inbox: Path
) -> None:
    load(home, inbox)
    before = published(home, "6205")
    members = inbox.parent / "6205" / "members.csv"
    edit_lines(members, lambda lines: [line for line in lines if not line.startswith("6205-002,")])
    [held] = load(home, inbox)
    assert (
        held.status == "held"
        and "6205-002 เครือข่ายพัฒนาบทบาทสตรีตำบลท่ามะเขือ: members 1 → 0" in held.message
    )
    assert published(home, "6205") == before
    [loaded] = load(home, inbox, Limits(max_club_loss=0.99, accept_removal=frozenset()))
    assert loaded.status == "held"  # none left is always a removal, whatever the share
    [loaded] = load(home, inbox, Limits(accept_removal=frozenset({"6205"})))
    assert loaded.status == "loaded"


def test_a_staying_club_losing_a_years_meetings_is_held(home: Home, inbox: Path) -> None:
    load(home, inbox)
    # 6205-001's meetings of FY 2559 (MT1-MT4): keep one of them.
    edit_lines(
        inbox.parent / "6205" / "meetings.csv",
        lambda lines: [
            line
            for line in lines
            if not line.startswith(("6205-001,MT2", "6205-001,MT3", "6205-001,MT4"))
        ],
    )
    [held] = load(home, inbox)
    assert (
        held.status == "held"
        and "6205-001" in held.message
        and "meetings of FY 2559" in held.message
    )
    assert (
        "--accept-shrink 6205" in held.message and "--accept-removal 6205" in held.message
    )  # both guards say why


def test_growing_and_small_losses_are_not_held(home: Home, inbox: Path) -> None:
    load(home, inbox)
    edit_lines(
        inbox.parent / "6205" / "members.csv",
        lambda lines: [line for line in lines if ",M10," not in line],
    )
    edit_lines(
        inbox.parent / "6205" / "clubs.csv",
        lambda lines: [*lines, "6205-006,ชมรมใหม่,otop,620501,,,,\n"],
    )
    [loaded] = load(home, inbox)
    assert loaded.status == "loaded", loaded.message
