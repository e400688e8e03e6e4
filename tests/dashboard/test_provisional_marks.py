"""Figures say what they are (issue 25): the overview, leaderboard, district, club and compare pages
mark the chosen fiscal year's figures provisional until approved, and say how many districts are
approved; nationally (the whole country) approved figures only by default, with a switch in the URL
to include provisional ones, then marked.

A home of this module's own (the session's has every year approved), signed off once for the whole
module through warehouse/approvals.py: every FY 2567 approved; of FY 2568, 6201 and 1001 approved,
6205 submitted, 1002 draft.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from accounts.scope import Scope
from accounts.store import open_store
from core.home import Home
from tests.dashboard.conftest import NOW, call
from tests.dashboard.support import as_user, first_view, page, unsigned_app
from warehouse import approvals, queries

PROVISIONAL = "Provisional figures, not approved yet"
NATIONAL = Scope("national", "national", None)
CLUBS = {"6201": 3, "6205": 4, "1001": 3, "1002": 3}  # clubs of each district, both years


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The two provinces, every role, signed off as the module's docstring says."""
    made = unsigned_app(tmp_path_factory.mktemp("provisional"))
    home: Home = made.server.config["TONBAEB_HOME"]
    at = (NOW - timedelta(days=1)).timestamp()
    store = open_store(home)
    try:
        for province in ("62", "10"):
            director = Scope(f"director{province}", "director", province)
            approvals.approve_history(store, home, director, province, 2568, at=at)
        for district in ("6201", "6205", "1001"):
            officer = Scope(f"officer{district}", "officer", district[:2], district)
            approvals.transition(store, home, officer, "submit", district, 2568, at=at)
        for district in ("6201", "1001"):
            director = Scope(f"director{district[:2]}", "director", district[:2])
            approvals.transition(store, home, director, "approve", district, 2568, at=at)
    finally:
        store.close()
    return made


def marked(text: str) -> bool:
    """Whether a page carries the provisional mark (as text and as the printed mark's class)."""
    return PROVISIONAL in text and "sign-off-provisional" in text


@pytest.mark.parametrize(
    ("path", "search"),
    [
        ("/", "?lang=en&fy={fy}"),
        ("/leaderboard", "?lang=en&fy={fy}"),
        ("/district", "?lang=en&fy={fy}"),  # no district chosen: the province's list
        ("/district", "?lang=en&district=6205&fy={fy}"),
        ("/club", "?lang=en&district=6205&club=6205-003&fy={fy}"),
    ],
)
def test_a_provisional_year_is_marked_and_an_approved_one_is_not(
    client_as: Any, path: str, search: str
) -> None:
    director = client_as("director62")
    provisional = first_view(director, path, search.format(fy=2568))
    assert marked(provisional), (path, search)
    approved = first_view(director, path, search.format(fy=2567))
    assert not marked(approved) and PROVISIONAL not in approved
    if "district=6205" in search:  # the district's own state of the year
        assert "Sign-off of Khlong Khlung, FY 2568 (2024–25): Submitted" in provisional
        assert "Sign-off of Khlong Khlung, FY 2567 (2023–24): Approved" in approved
    else:
        assert "Approved: 1 of 2 districts" in provisional
        assert "Approved figures: all 2 districts" in approved


def test_the_mark_is_in_thai_first(client_as: Any) -> None:
    thai = first_view(client_as("director62"), "/", "?fy=2568")
    assert "ตัวเลขเบื้องต้น ยังไม่รับรอง" in thai and "รับรองแล้ว 1 จาก 2 อำเภอ" in thai
    district = first_view(client_as("officer6205"), "/district", "?district=6205&fy=2568")
    assert "ส่งรับรองแล้ว" in district  # the district's state, in Thai


def test_the_club_page_says_its_districts_state_of_its_newest_year(client_as: Any) -> None:
    director = client_as("director62")
    pending = first_view(director, "/club", "?lang=en&district=6205&club=6205-003")
    assert marked(pending) and "FY 2568 (2024–25): Submitted" in pending
    signed = first_view(director, "/club", "?lang=en&district=6201&club=6201-001")
    assert (
        not marked(signed)
        and "Sign-off of Mueang Kamphaeng Phet, FY 2568 (2024–25): Approved" in signed
    )


def test_compare_marks_the_chosen_clubs_districts(client_as: Any) -> None:
    director = client_as("director62")
    both = first_view(director, "/compare", "?lang=en&clubs=6201/6201-001,6205/6205-003")
    assert marked(both) and "Khlong Khlung" in both and "Approved: 1 of 2 districts" in both
    one = first_view(director, "/compare", "?lang=en&clubs=6201/6201-001,6201/6201-002")
    assert not marked(one) and "Approved figures: all 1 districts" in one


def test_a_province_all_approved_is_not_marked(client_as: Any) -> None:
    text = first_view(client_as("national"), "/", "?lang=en&province=10&fy=2567")
    assert not marked(text) and "Approved figures: all 2 districts" in text
    assert "Include provisional figures" not in text  # the switch is the whole country's


def test_national_default_is_approved_figures_only_with_a_switch_in_the_url(
    client_as: Any,
) -> None:
    national = client_as("national")
    for path in ("/", "/leaderboard"):
        only = first_view(national, path, "?lang=en&fy=2568")
        assert "Showing approved figures only" in only and not marked(only)
        assert "Approved: 2 of 4 districts" in only
        switch = f"{path}?fy=2568&provisional=1&lang=en"
        assert switch in only  # the switch keeps the page's year
        both = first_view(national, path, "?lang=en&fy=2568&provisional=1")
        assert marked(both) and "Showing approved and provisional figures" in both
        assert f"{path}?fy=2568&lang=en" in both  # and back
    links = first_view(national, "/", "?lang=en&fy=2568&provisional=1")
    assert "Kamphaeng Phet · Provisional" in links  # both provinces hold a provisional district


def rows(client: Any, state: dict[str, Any]) -> list[dict[str, Any]]:
    dependency = next(
        d
        for d in client.get("/_dash-dependencies").json
        if d["output"].startswith("..leaderboard-grid.getRowsResponse")
    )
    values = {
        "leaderboard-grid.getRowsRequest": {"startRow": 0, "endRow": 100},
        "leaderboard-state.data": state,
    }
    answer = call(client, dependency, values)
    assert answer.status_code == 200
    return answer.json["response"]["leaderboard-grid"]["getRowsResponse"]["rowData"]


def test_national_leaderboard_leaves_out_provisional_districts_clubs(client_as: Any) -> None:
    national = client_as("national")
    only = rows(national, {"fy": 2568, "lang": "en"})
    districts = {r["key"].split("/")[0] for r in only}
    assert districts == {"6201", "1001"}
    assert [r["rank"] for r in only][:1] == [1] and not any(r.get("provisional") for r in only)
    both = rows(national, {"fy": 2568, "lang": "en", "provisional": True})
    assert {r["key"].split("/")[0] for r in both} == set(CLUBS)
    flagged = {r["key"].split("/")[0] for r in both if r.get("provisional")}
    assert flagged == {"6205", "1002"}
    assert all(r["district"].endswith("· Provisional") for r in both if r.get("provisional"))
    # a province's own leaderboard is never filtered, only marked
    director = rows(client_as("director62"), {"fy": 2568, "lang": "en", "province": "62"})
    assert len(director) == CLUBS["6201"] + CLUBS["6205"]
    assert {r["key"].split("/")[0] for r in director if r.get("provisional")} == {"6205"}


def kpis(app: Any, state: dict[str, Any]) -> dict[str, str]:
    """The overview's headline figures for the national role, label -> value."""
    with as_user(app, NATIONAL):
        drawn = page("overview").show_kpis(state)
    found: dict[str, str] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            props = node.get("props", {})
            kids = props.get("children")
            if isinstance(kids, list) and len(kids) >= 2 and all(isinstance(k, dict) for k in kids):
                texts = [k.get("props", {}).get("children") for k in kids[:2]]
                if [k.get("props", {}).get("className") for k in kids[:2]] == [
                    "kpi-label",
                    "kpi-value",
                ]:
                    found[str(texts[0])] = str(texts[1])
            for value in props.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(json.dumps(drawn.to_plotly_json(), default=lambda o: o.to_plotly_json())))
    return found


def test_national_overview_figures_are_of_approved_districts_by_default(app: Any) -> None:
    only = kpis(app, {"fy": 2568, "lang": "en"})
    both = kpis(app, {"fy": 2568, "lang": "en", "provisional": True})
    assert only["Clubs"] == str(CLUBS["6201"] + CLUBS["1001"])
    assert both["Clubs"] == str(sum(CLUBS.values()))
    home: Home = app.server.config["TONBAEB_HOME"]
    with as_user(app, NATIONAL):
        from dashboard import context

        approved = approvals.approved_pairs(context.store(), ["62", "10"])
    areas = queries.areas_year(home, NATIONAL, None, 2568, approved)
    assert dict(zip(areas["area_code"], areas["clubs"], strict=True)) == {"10": 3, "62": 3}
    trend = queries.trend(home, NATIONAL, None, approved)
    assert trend.height == 4  # both provinces, both years (each with an approved district)
    values = queries.area_values(home, NATIONAL, None, 2568, approved)
    assert dict(zip(values["area_code"], values["clubs"], strict=True)) == {"10": 3, "62": 3}
    everything = queries.areas_year(home, NATIONAL, None, 2568)
    assert dict(zip(everything["area_code"], everything["clubs"], strict=True)) == {
        "10": 6,
        "62": 7,
    }


def test_provinces_summed_from_every_approved_district_are_the_published_roll_ups(
    app: Any,
) -> None:
    home: Home = app.server.config["TONBAEB_HOME"]
    every = frozenset((d, y) for d in CLUBS for y in (2567, 2568))
    summed = queries.national_years(home, NATIONAL, every).sort("province_code", "fiscal_year")
    published = queries.national_years(home, NATIONAL).sort("province_code", "fiscal_year")
    assert summed.height == published.height == 4
    for column in ("clubs", "clubs_meeting_standard", "members", "meetings_held"):
        assert summed[column].to_list() == published[column].to_list(), column
    for column in ("meets_share", "meetings_rate", "mean_attendance", "meets_share_change"):
        for mine, theirs in zip(summed[column], published[column], strict=True):
            assert (mine is None) == (theirs is None), column
            assert mine is None or abs(mine - theirs) < 1e-9, column


def test_national_view_of_one_province_is_approved_figures_only_as_the_scorecards(
    app: Any, client_as: Any
) -> None:
    national = client_as("national")
    only = first_view(national, "/", "?lang=en&province=62&fy=2568")
    assert "Showing approved figures only" in only and "Approved: 1 of 2 districts" in only
    assert "/?province=62&fy=2568&provisional=1&lang=en" in only and not marked(only)
    both = first_view(national, "/", "?lang=en&province=62&fy=2568&provisional=1")
    assert marked(both) and "Khlong Khlung · Provisional" in both  # its district's link
    state = {"fy": 2568, "lang": "en", "province": "62"}
    assert kpis(app, state)["Clubs"] == str(CLUBS["6201"])
    assert kpis(app, state | {"provisional": True})["Clubs"] == str(CLUBS["6201"] + CLUBS["6205"])
    assert {r["key"].split("/")[0] for r in rows(national, state)} == {"6201"}
    marked_rows = rows(national, state | {"provisional": True})
    assert {r["key"].split("/")[0] for r in marked_rows if r.get("provisional")} == {"6205"}
    listed = first_view(national, "/district", "?lang=en&province=62&fy=2568")
    assert "Mueang Kamphaeng Phet" in listed and "district=6205" not in listed
