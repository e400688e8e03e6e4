"""The director's questions on the overview and the district page: what changed since last year
(clubs that started or stopped meeting the standard, criteria that moved most) and why a district
is behind its province (gaps ranked by the clubs they would lift, each linked to its clubs)."""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from accounts.scope import Scope
from core.home import Home
from tests.dashboard.support import first_view
from warehouse import queries

DIRECTOR = Scope("director62", "director", "62")


def test_the_overview_lists_the_clubs_whose_standard_changed(
    client_as: Any, two_provinces: Home
) -> None:
    changes = queries.standard_changes(two_provinces, DIRECTOR, "62", 2568)
    page = first_view(client_as("director62"), "/", "?fy=2568&lang=en")
    assert "What changed" in page and "Criteria with the biggest moves" in page
    started = changes.filter(pl.col("change") == "started")
    assert f"Started meeting the standard ({started.height})" in page
    for r in changes.head(3).iter_rows(named=True):
        assert json.dumps(r["name"], ensure_ascii=False)[1:-1] in page  # as text, never HTML


def test_the_district_page_ranks_its_gaps_and_links_their_clubs(
    client_as: Any, two_provinces: Home
) -> None:
    gaps = queries.district_gaps(two_provinces, DIRECTOR, "6205", 2568)
    page = first_view(client_as("director62"), "/district", "?district=6205&fy=2568&lang=en")
    assert "Why behind the province" in page and "would lift" in page
    assert not gaps.is_empty() and (gaps["district"] < gaps["province"]).all()  # behind only
    failures = queries.criterion_failures(two_provinces, DIRECTOR, "6205", 2568)
    first = failures.filter(pl.col("criterion") == gaps["criterion"][0]).row(0, named=True)
    assert f"club={first['club_id']}" in page


def test_another_province_gets_no_changes_of_province_62(two_provinces: Home) -> None:
    other = Scope("director10", "director", "10")
    theirs = queries.standard_changes(two_provinces, other, "62", 2568)  # a director sees their own
    assert not theirs.is_empty() and set(theirs["district_code"].str.slice(0, 2)) == {"10"}
    assert queries.district_gaps(two_provinces, other, "6205", 2568).is_empty()


def test_the_year_in_progress_is_offered_and_says_who_has_sent(client_as: Any) -> None:
    """The fixtures' clock is 24 Nov 2026: FY 2570 has begun, no district has sent any of it."""
    page = first_view(client_as("director62"), "/", "?lang=en")
    assert '"label": "FY 2570 (2026–27)", "value": 2570' in page  # offered in the picker
    assert '"value": 2568, "clearable"' in page  # the page still opens on the newest with data
    assert "FY 2570 (2026–27) has begun: 0 of 11 districts have sent" in page
    chosen = first_view(client_as("director62"), "/", "?fy=2570&lang=th")
    assert "ยังไม่มีผลของชมรมใน ปีงบประมาณ 2570" in chosen or "2570" in chosen


def test_year_status_counts_days_left_and_late_against_the_rules_due_date(
    two_provinces: Home,
) -> None:
    from datetime import date, datetime

    now = datetime(2026, 11, 24, 9, 0)
    current = queries.year_status(two_provinces, DIRECTOR, "62", 2570, now)
    assert current.height == 11 and not current["sent"].any()
    assert set(current["due_on"]) == {date(2027, 11, 29)}  # 30 Sep 2027 + due_days 60
    assert set(current["days_left"]) == {(date(2027, 11, 29) - now.date()).days}
    ended = queries.year_status(two_provinces, DIRECTOR, "62", 2568, now)
    sent = ended.filter(pl.col("sent"))
    assert set(sent["district_code"]) == {"6201", "6205"}
    assert set(sent["history"]) == {True} and sent["days_late"].is_null().all()  # before 2569
    unsent = ended.filter(~pl.col("sent"))  # FY 2568 was due before the due rule: late for nobody
    assert unsent["history"].all() and unsent["days_late"].is_null().all()
    assert (
        queries.year_status(two_provinces, Scope("x", "officer", "10", "1001"), "62", 2568, now)[
            "district_code"
        ]
        .str.starts_with("10")
        .all()
    )
    later = datetime(2027, 12, 10, 9, 0)  # FY 2570 ended, due 29 Nov 2027: 11 days late unsent
    overdue = queries.year_status(two_provinces, DIRECTOR, "62", 2570, later)
    assert set(overdue["days_late"]) == {11} and not overdue["history"].any()


def test_one_loads_rejected_rows_are_counted_once_not_in_every_year(two_provinces: Home) -> None:
    from datetime import datetime

    frame = queries.submission_years(two_provinces, DIRECTOR, "62", datetime(2026, 11, 24, 9))
    mine = {
        r["fiscal_year"]: r
        for r in frame.filter(pl.col("district_code") == "6201").iter_rows(named=True)
    }
    assert mine[2568]["rows_rejected"] == 2 and mine[2568]["same_load_as"] is None
    assert mine[2567]["rows_rejected"] is None and mine[2567]["same_load_as"] == 2568


def test_the_quality_page_says_where_this_year_stands_and_has_no_empty_grids(
    client_as: Any,
) -> None:
    page = first_view(client_as("director62"), "/quality", "?lang=en")
    assert "FY 2570 (2026–27) has begun: 0 of 11 districts have sent" in page
    assert "sent in one load with FY 2568 (2024–25)" in page
    assert "quality-channels-grid" not in page  # the batches grid says how each came
    assert '"channel_text": "pulled"' in page or "pulled" in page


def test_the_overview_and_the_district_page_link_their_brief(client_as: Any) -> None:
    overview = first_view(client_as("director62"), "/", "?fy=2568&lang=en")
    assert "/brief?province=62&fy=2568&lang=en" in overview
    district = first_view(client_as("director62"), "/district", "?district=6205&fy=2568&lang=en")
    assert "/brief?province=62&district=6205&fy=2568&lang=en" in district
