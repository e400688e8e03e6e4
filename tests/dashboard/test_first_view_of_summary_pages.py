"""The overview, scorecard, quality and leaderboard pages: the pages router's one answer carries the whole
first view (no chain of callbacks fired by the page's state once it mounts)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from core.texts import _
from tests.dashboard.conftest import call

PAGES = ("overview", "scorecard", "quality", "leaderboard")


def drawn(client: Any, path: str, search: str = "") -> dict[str, Any]:
    """The router's answer for a page (the page as the browser first receives it)."""
    dependencies = client.get("/_dash-dependencies").json
    router = next(d for d in dependencies if "_pages_content.children" in d["output"])
    response = call(
        client, router, {"_pages_location.pathname": path, "_pages_location.search": search}
    )
    assert response.status_code == 200
    return response.get_json()


def node(tree: Any, component_id: str) -> dict[str, Any]:
    """The component with that id inside a rendered layout (its props)."""
    if isinstance(tree, dict):
        props = tree.get("props")
        if isinstance(props, dict) and props.get("id") == component_id:
            return props
        for value in tree.values():
            try:
                return node(value, component_id)
            except LookupError:
                pass
    elif isinstance(tree, list):
        for value in tree:
            try:
                return node(value, component_id)
            except LookupError:
                pass
    raise LookupError(component_id)


def text(props: dict[str, Any]) -> str:
    """A drawn section as text."""
    return json.dumps(props, ensure_ascii=False)


def test_the_overview_arrives_drawn(client_as: Any) -> None:
    page = drawn(client_as("director62"), "/", "?fy=2568&lang=th")
    assert "ผ่านมาตรฐาน" in text(node(page, "overview-kpis"))
    assert "อัตราผ่านรายเกณฑ์" in text(node(page, "overview-criteria")["figure"]["layout"]["title"])
    assert (
        node(page, "overview-areas")["figure"]["data"]
        and node(page, "overview-trend")["figure"]["data"]
    )
    assert "เมืองกำแพงเพชร" in text(node(page, "overview-area-links")) and "เมืองกำแพงเพชร" in text(
        node(page, "overview-freshness")
    )
    assert node(page, "overview-map")["figure"][
        "data"
    ]  # the map's first measure, drawn with the page
    assert _("th", "Something went wrong; please try again") not in text(page)


def test_the_scorecard_and_quality_arrive_drawn(client_as: Any) -> None:
    client = client_as("director62")
    scorecard = drawn(client, "/scorecard", "?fy=2568")
    assert "เมืองกำแพงเพชร" in text(node(scorecard, "scorecard-table"))
    quality = drawn(client, "/quality", "?fy=2568&district=6201")
    for section in (
        "quality-summary",
        "quality-periods",
        "quality-held",
        "quality-submissions",
        "quality-sheets",
        "quality-reasons",
        "quality-batches",
        "quality-rejected",
    ):
        assert node(quality, section).get("children"), section
    assert "เมืองกำแพงเพชร" in text(node(quality, "quality-submissions"))
    assert _("th", "Something went wrong; please try again") not in text(scorecard) + text(quality)


def test_the_leaderboard_arrives_with_its_filters_and_columns(client_as: Any) -> None:
    page = drawn(client_as("director62"), "/leaderboard", "?fy=2568&sort=-score")
    assert (
        node(page, "leaderboard-district")["options"]
        and node(page, "leaderboard-fy")["value"] == 2568
    )
    assert any(c.get("sort") == "desc" for c in node(page, "leaderboard-grid")["columnDefs"])


@pytest.mark.parametrize("name", PAGES)
def test_nothing_fires_when_the_page_mounts(client_as: Any, name: str) -> None:
    """Every callback on the page's own components waits for the user (or, for the leaderboard, the grid's request)."""
    dependencies = client_as("director62").get("/_dash-dependencies").json
    on_page = [d for d in dependencies if any(i["id"].startswith(f"{name}-") for i in d["inputs"])]
    assert on_page
    assert all(d.get("prevent_initial_call") for d in on_page), [
        d["output"] for d in on_page if not d.get("prevent_initial_call")
    ]
    assert not any(i["id"] == f"{name}-state" for d in dependencies for i in d["inputs"])
