"""District, club, compare and knowledge pages draw their whole first view in the pages router's
one answer: no section waits for a second round trip."""

from __future__ import annotations

import json
from typing import Any

from accounts.audit import read as read_audit
from accounts.store import open_store
from tests.dashboard.conftest import (
    CLUB_6201,
    SECRET_KNOWLEDGE_6201,
    SECRET_MEMBER_6201,
    XSS_CLUB,
    call,
)
from tests.dashboard.support import component, drawn

STORES = ("district-state", "club-state", "compare-state", "knowledge-state")


def text_of(tree: Any) -> str:
    return json.dumps(tree, ensure_ascii=False)


def title(figure: dict[str, Any]) -> str:
    heading = figure.get("layout", {}).get("title", {})
    return heading.get("text", "") if isinstance(heading, dict) else str(heading)


def test_no_callback_waits_for_a_page_state_to_mount(client_as: Any) -> None:
    """A callback fired by a page's state Store would be a second round trip after the router's answer."""
    for dependency in client_as("director62").get("/_dash-dependencies").json:
        watched = {f"{i['id']}.{i['property']}" for i in dependency["inputs"]}
        for store in STORES:
            assert f"{store}.data" not in watched or dependency.get("prevent_initial_call"), (
                dependency["output"]
            )
        for section in ("club-", "district-", "compare-"):
            # no callback fills one of these pages' sections as the page mounts
            outputs = [
                o for o in dependency["output"].strip(".").split("...") if o.startswith(section)
            ]
            assert not outputs or dependency.get("prevent_initial_call"), dependency["output"]


def test_the_district_page_arrives_drawn(client_as: Any) -> None:
    page = drawn(client_as("director62"), "/district", "?district=6205&fy=2568&lang=en")
    grid = component(page, "district-grid")["props"]["figure"]
    assert XSS_CLUB in text_of(grid) or "&lt;img" in text_of(grid)
    assert "6205-001" in text_of(component(page, "district-clubs")) or "ชมรมอาสาคลองขลุง" in text_of(
        component(page, "district-clubs")
    )
    for graph in ("district-compare", "district-trend", "district-map"):
        figure = component(page, graph)["props"]["figure"]
        assert figure.get("data"), graph
    clubs = [
        c
        for t in component(page, "district-map")["props"]["figure"]["data"]
        if t.get("mode") == "markers"
        for c in t.get("customdata") or []
    ]
    assert sorted(c[1] for c in clubs) == ["6205-001", "6205-002", "6205-003", "6205-004"]


def test_the_club_page_arrives_drawn_with_its_meeting_audited_and_members_folded(
    client_as: Any, two_provinces: Any
) -> None:
    client = client_as("director62")
    page = drawn(client, "/club", "?district=6201&club=6201-001&meeting=2568-01")
    assert CLUB_6201 in text_of(component(page, "club-head"))
    assert "2568" in text_of(component(page, "club-criteria"))
    for graph in ("club-history", "club-timeline", "club-kinds", "club-partners"):
        assert component(page, graph)["props"]["figure"].get("data"), graph
    for section in ("club-meetings", "club-activities", "club-governance"):
        assert component(page, section)["props"]["children"], section
    assert SECRET_MEMBER_6201 in text_of(
        component(page, "club-meeting")
    )  # the URL's meeting, its attendance
    # The member list is drawn (and audited) only when its fold opens: a page view shows no member.
    assert component(page, "club-members") and not component(page, "club-members")["props"].get(
        "children"
    )
    actions = [
        (e["action"], e["detail"]) for e in read_audit(open_store(two_provinces), "62", limit=50)
    ]
    assert ("view_attendance", "6201/6201-001/2568-01") in actions and (
        "view_members",
        "6201/6201-001",
    ) not in actions
    state = component(page, "club-state")["props"]["data"]
    opening = next(
        d for d in client.get("/_dash-dependencies").json if d["output"] == "club-members.children"
    )
    assert opening.get("prevent_initial_call")
    answer = call(
        client,
        opening,
        {"club-members-list-fold.active_item": "club-members-list", "club-state.data": state},
    )
    assert answer.status_code == 200 and SECRET_MEMBER_6201 in text_of(answer.json)
    actions = [
        (e["action"], e["detail"]) for e in read_audit(open_store(two_provinces), "62", limit=50)
    ]
    assert actions.count(("view_members", "6201/6201-001")) == 1
    closing = call(
        client, opening, {"club-members-list-fold.active_item": None, "club-state.data": state}
    )
    assert SECRET_MEMBER_6201 not in closing.get_data(as_text=True)


def test_an_officer_gets_no_records_of_another_district_and_no_audit(
    client_as: Any, two_provinces: Any
) -> None:
    before = len(read_audit(open_store(two_provinces), None, limit=10_000))
    page = drawn(client_as("officer6205"), "/club", "?district=6201&club=6201-001&meeting=2568-01")
    assert CLUB_6201 in text_of(component(page, "club-head"))  # the roll-up is shown
    assert not component(page, "club-members") and not component(page, "club-meeting")
    assert SECRET_MEMBER_6201 not in text_of(page)
    entries = read_audit(open_store(two_provinces), None, limit=10_000)
    assert len(entries) == before


def test_the_compare_page_arrives_drawn(client_as: Any) -> None:
    page = drawn(client_as("director62"), "/compare", "?clubs=6205/6205-003,6201/6201-002&lang=en")
    table = text_of(component(page, "compare-table"))
    assert "6205-003" in table and "6201-002" in table
    for graph in ("compare-scores", "compare-attendance"):
        figure = component(page, graph)["props"]["figure"]
        assert len(figure["data"]) == 2, graph  # one line per club


def test_the_knowledge_pages_arrive_drawn(client_as: Any) -> None:
    client = client_as("director62")
    for path in ("/knowledge", "/knowledge/print"):
        assert SECRET_KNOWLEDGE_6201 in text_of(
            drawn(client, path, "?district=6201&club=6201-001&fy=2568")
        ), path
