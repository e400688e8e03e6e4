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
    assert "Why behind the province" in page
    if gaps.is_empty():
        assert "Not behind the province on any criterion this year" in page
    else:
        assert "would lift" in page
        failures = queries.criterion_failures(two_provinces, DIRECTOR, "6205", 2568)
        first = failures.filter(pl.col("criterion") == gaps["criterion"][0]).row(0, named=True)
        assert f"club={first['club_id']}" in page


def test_another_province_gets_no_changes_of_province_62(two_provinces: Home) -> None:
    other = Scope("director10", "director", "10")
    theirs = queries.standard_changes(two_provinces, other, "62", 2568)  # a director sees their own
    assert not theirs.is_empty() and set(theirs["district_code"].str.slice(0, 2)) == {"10"}
    assert queries.district_gaps(two_provinces, other, "6205", 2568).is_empty()
