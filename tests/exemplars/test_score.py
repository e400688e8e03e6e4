"""Known answers for the exemplar score and candidacy, on a hand-built district loaded through
the real ETL (club_year_exemplar and district_year_submissions, warehouse/rules/standard.toml)."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from core.home import Home
from tests.exemplars.submission import (
    DISTRICT,
    MODEL,
    Submission,
    backdate,
    load,
    model_club,
    row,
    rows,
)
from warehouse import metrics
from warehouse.publish import current
from warehouse.rules import DEFAULT_FILE, load_rules

SECOND, WEAK = "6205-002", "6205-003"
WEIGHTS = {
    "streak": 0.30,
    "steps": 0.20,
    "attendance": 0.15,
    "partners": 0.10,
    "retention": 0.10,
    "growth": 0.05,
    "trend": 0.10,
}


def score(**parts: float) -> float:
    """100 x sum(weight x part) / sum(weights), by hand."""
    return 100 * sum(WEIGHTS[k] * v for k, v in parts.items()) / sum(WEIGHTS.values())


@pytest.fixture
def district(tmp_path: Path) -> tuple[Home, Path]:
    return Home(tmp_path / "home"), tmp_path / "inbox" / DISTRICT


def test_every_part_at_its_boundary_and_the_score_by_hand(district: tuple[Home, Path]) -> None:
    home, folder = district
    sub = Submission()
    model_club(sub, range(2565, 2569))
    sub.club(SECOND, "ชมรมที่สองคลองขลุง", members=8)
    sub.model_year(SECOND, 2566, attendees=7, skip=("regular",))  # two meetings: does not meet
    sub.model_year(SECOND, 2567, attendees=7)
    sub.model_year(SECOND, 2568, attendees=7, skip=("knowledge_summary",))
    sub.club(WEAK, "ชมรมยังไม่ผ่านคลองขลุง")
    sub.sheets["governance"] = [
        g for g in sub.sheets["governance"] if (g["club_id"], g["kind"]) != (WEAK, "rules_adopted")
    ]
    sub.model_year(WEAK, 2568)
    load(home, folder, sub)

    model = row(home, "club_year_exemplar", club_id=MODEL, fiscal_year=2568)
    parts = {k: model[f"{k}_part"] for k in WEIGHTS}
    assert parts == pytest.approx({
        "streak": 1.0,           # four years in a row, capped at scored_years = 3
        "steps": 1.0,            # evaluation forum, knowledge summary and publicity
        "attendance": 0.9,       # 9 of 10 at every meeting
        "partners": 5 / 6,       # 5 distinct over 2566-2568 (2565's police station is outside)
        "retention": 0.9,        # 9 of the 10 on the roll on 30 Sep 2567 are still there
        "growth": 1.0,           # 10 -> 11 is +10%, exactly growth_full
        "trend": 1.0,            # 7 of 9 criteria in 2567, 9 of 9 in 2568: +2 = trend_full
    })  # fmt: skip
    assert (model["streak_years"], model["steps_passed"], model["partners"]) == (4, 3, 5)
    assert (
        model["members_start"],
        model["members_kept"],
        model["members_end"],
        model["criteria_change"],
    ) == (10, 9, 11, 2)
    assert model["exemplar_score"] == pytest.approx(score(**parts)) == pytest.approx(95.8333333)
    assert (model["candidate"], model["reasons"]) == (True, [])

    before = row(home, "club_year_exemplar", club_id=MODEL, fiscal_year=2567)
    assert (
        before["streak_years"],
        before["steps_passed"],
        before["criteria_change"],
        before["trend_part"],
    ) == (3, 1, -2, 0.0)
    assert (before["candidate"], before["reasons"]) == (False, ["no_publicity"])

    second = row(home, "club_year_exemplar", club_id=SECOND, fiscal_year=2568)
    assert (second["streak_years"], second["streak_part"]) == (2, pytest.approx(2 / 3))
    assert (second["retention_part"], second["growth_part"], second["trend_part"]) == (
        1.0,
        0.0,
        0.25,
    )
    assert second["exemplar_score"] == pytest.approx(
        score(
            streak=2 / 3,
            steps=2 / 3,
            attendance=7 / 8,
            partners=2 / 6,
            retention=1.0,
            growth=0.0,
            trend=0.25,
        )
    )
    assert second["reasons"] == ["no_knowledge_summary"]
    weak = row(home, "club_year_exemplar", club_id=WEAK, fiscal_year=2568)
    assert (weak["meets_standard"], weak["streak_years"], weak["reasons"]) == (
        False,
        0,
        ["not_meeting_standard"],
    )
    submissions = rows(home, "district_year_submissions")
    assert [(s["fiscal_year"], s["complete"], s["on_time"], s["history"]) for s in submissions] == [
        (y, True, True, True) for y in range(2565, 2569)
    ]  # years before the due rule (due_from_fy 2569) are history, on time, however late loaded


def test_a_late_year_against_an_on_time_year_and_a_history_year(
    district: tuple[Home, Path],
) -> None:
    home, folder = district
    shipped = load_rules(None)  # the due rule judges FY 2566 on; FY 2565 was due before it existed
    rules = dataclasses.replace(
        shipped, exemplar_settings=shipped.exemplar_settings | {"due_from_fy": 2566}
    )
    sub = Submission()
    model_club(sub, range(2565, 2567))
    load(home, folder, sub, rules)
    backdate(home, datetime(2023, 9, 1, 10), rules)  # first ever load: before FY 2566 ended
    assert row(home, "district_year_submissions", fiscal_year=2566)["reasons"] == ["not_submitted"]
    sub.activity(MODEL, date(2023, 9, 15), "other")
    load(home, folder, sub, rules)
    backdate(
        home, datetime(2023, 11, 10, 10), rules
    )  # 19 days before FY 2566 was due (29 Nov 2023)
    model_club(sub := Submission(), range(2565, 2568))
    load(home, folder, sub, rules)
    backdate(home, datetime(2025, 1, 8, 10), rules)  # FY 2567 was due on 29 Nov 2024: 40 days late

    years = {r["fiscal_year"]: r for r in rows(home, "district_year_submissions")}
    assert (years[2565]["history"], years[2565]["on_time"], years[2565]["days_late"]) == (
        True,
        True,
        None,
    )
    assert (years[2566]["history"], years[2566]["on_time"], years[2566]["days_late"]) == (
        False,
        True,
        None,
    )
    assert years[2566]["submitted_at"] == datetime(2023, 11, 10, 10, 1)
    assert (years[2567]["due_on"], years[2567]["days_late"], years[2567]["on_time"]) == (
        date(2024, 11, 29),
        40,
        False,
    )
    assert (years[2567]["complete"], years[2567]["reasons"]) == (True, ["late"])
    assert row(home, "club_year_exemplar", club_id=MODEL, fiscal_year=2566)["candidate"] is True
    late = row(home, "club_year_exemplar", club_id=MODEL, fiscal_year=2567)
    assert late["reasons"] == ["no_publicity", "district_late:2567"]


def test_due_days_come_from_the_rules_file(district: tuple[Home, Path], tmp_path: Path) -> None:
    home, folder = district
    path = tmp_path / "rules.toml"
    path.write_text(
        DEFAULT_FILE.read_text(encoding="utf-8").replace("due_days = 60", "due_days = 100"),
        encoding="utf-8",
    )
    rules = load_rules(path)
    sub = Submission()
    model_club(sub, range(2565, 2567))
    load(home, folder, sub, rules)
    backdate(home, datetime(2023, 9, 1, 10), rules)
    load(home, folder, sub, rules)
    backdate(home, datetime(2024, 1, 8, 10), rules)  # 40 days after 29 Nov, 0 after 8 Jan
    year = row(home, "district_year_submissions", fiscal_year=2566)
    assert (year["due_on"], year["on_time"], year["days_late"]) == (date(2024, 1, 8), True, None)


def test_a_rejected_share_over_the_threshold_makes_every_year_incomplete(
    district: tuple[Home, Path],
) -> None:
    home, folder = district
    sub = Submission()
    model_club(sub, range(2566, 2569))
    bad = 3  # member rows of an unknown club, rejected as unknown_club
    while sub.rows_read() < 19 * bad:  # pad with valid rows that no criterion counts
        sub.activity(MODEL, date(2025, 5, 1), "other")
    assert sub.rows_read() == 19 * bad, "pick `bad` so the padding lands exactly"
    for n in range(bad):
        sub.member("6205-999", f"X{n}")
    outcome = load(home, folder, sub)
    assert (outcome.rows_read, outcome.rows_rejected) == (20 * bad, bad)  # exactly 5%
    assert row(home, "district_year_submissions", fiscal_year=2568)["complete"] is True
    assert row(home, "club_year_exemplar", club_id=MODEL, fiscal_year=2568)["candidate"] is True

    sub.member("6205-999", "X-one-more")
    outcome = load(home, folder, sub)
    assert outcome.rows_rejected / outcome.rows_read > 0.05
    years = {y["fiscal_year"]: y["reasons"] for y in rows(home, "district_year_submissions")}
    assert years == {
        2565: ["no_records", "too_many_rejected"],  # members joined in 2565; nothing else then
        2566: ["too_many_rejected"], 2567: ["too_many_rejected"], 2568: ["too_many_rejected"],
    }  # fmt: skip
    model = row(home, "club_year_exemplar", club_id=MODEL, fiscal_year=2568)
    assert model["reasons"] == [
        "district_incomplete:2566",
        "district_incomplete:2567",
        "district_incomplete:2568",
    ]
    assert (
        model["exemplar_score"] > 90
    )  # still strong-looking: the page says why it is not a candidate


def test_a_submission_without_a_needed_sheet_is_incomplete(district: tuple[Home, Path]) -> None:
    home, folder = district
    sub = Submission()
    model_club(sub, range(2567, 2569))
    sub.sheets["governance"] = []
    load(home, folder, sub)
    year = row(home, "district_year_submissions", fiscal_year=2568)
    assert (year["complete"], year["missing_sheets"], year["reasons"]) == (
        False,
        ["governance"],
        ["missing_sheets"],
    )


def test_weights_come_from_the_rules_file(district: tuple[Home, Path], tmp_path: Path) -> None:
    home, folder = district
    path = tmp_path / "rules.toml"
    text = DEFAULT_FILE.read_text(encoding="utf-8")
    for key in (
        "consecutive_years = 0.30",
        "steps_done = 0.20",
        "partners = 0.10",
        "retention = 0.10",
        "growth = 0.05",
        "trend = 0.10",
    ):
        text = text.replace(key, key.split(" = ")[0] + " = 0")
    path.write_text(text.replace("attendance = 0.15", "attendance = 2"), encoding="utf-8")
    sub = Submission()
    model_club(sub, range(2567, 2569))
    load(home, folder, sub, load_rules(path))
    assert row(home, "club_year_exemplar", club_id=MODEL, fiscal_year=2568)[
        "exemplar_score"
    ] == pytest.approx(90.0)


def test_exemplar_expectations_hold_and_catch_a_planted_fault(
    district: tuple[Home, Path], tmp_path: Path
) -> None:
    home, folder = district
    sub = Submission()
    model_club(sub, range(2565, 2569))
    load(home, folder, sub)
    checks = {
        k: v
        for k, v in metrics.expectation_queries().items()
        if "exemplar" in k or "submission" in k
    }
    assert len(checks) >= 4
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(current(home, "62").path, copy)  # type: ignore[union-attr]
    con = duckdb.connect(str(copy))
    for name, query in checks.items():
        assert con.execute(query).fetchall() == [], name
    con.execute(
        "update club_year_exemplar set candidate = true, exemplar_score = 101 "
        "where fiscal_year = 2567"
    )
    failing = {name for name, query in checks.items() if con.execute(query).fetchall()}
    assert failing == {"exemplar_score_is_its_weighted_parts", "exemplar_candidate_has_no_reason"}
