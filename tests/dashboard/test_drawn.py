"""Parts of pages kept per scope and published version: drawn once per scope, drawn again after a publish."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import dash
import pytest

from accounts.audit import read as read_audit
from accounts.scope import Scope
from accounts.store import open_store
from core import formats
from core.home import Home
from dashboard import cache, drawing
from tests.dashboard.conftest import SECRET_MEMBER_6201, publish_province
from tests.dashboard.support import DIRECTOR, OFFICER, as_user, page, serving
from tests.dashboard.support import drawn as routed
from warehouse import queries

DIRECTOR_10 = Scope("director10", "director", "10")
STATE = {"province": "62", "district": "6205", "fy": 2568, "lang": "th"}


def counted() -> tuple[list[object], Any]:
    """A part that notes each time it is drawn and says for whom."""
    draws: list[object] = []

    @cache.cached("test.part")
    def part(data: object, measure: object = None) -> object:
        from dashboard import context

        draws.append((data, measure))
        return {"drawn_for": context.scope().tenant, "n": len(draws)}

    return draws, part


def test_a_part_is_drawn_once_per_scope_state_and_input(app: Any) -> None:
    cache.clear()
    draws, part = counted()
    with as_user(app, DIRECTOR):
        first = part(STATE, "meets_share")
        assert part(dict(STATE), "meets_share") is first and len(draws) == 1
        assert (
            part(STATE | {"lang": "en"}, "meets_share") is not first
        )  # the page state is all in the key
        assert part(STATE, "members") is not first  # and so are the menus' values
        assert (
            part(STATE, {"forged": ["x"]})["n"] == 4 and part(STATE, {"forged": ["x"]})["n"] == 5
        )  # odd input: never kept
    with as_user(app, OFFICER):
        assert (
            part(STATE, "meets_share")["drawn_for"] == OFFICER.tenant
        )  # another scope: its own part
    keys = [k for k in cache.entries() if k[3] == "drawn:test.part"]
    assert {k[1] for k in keys} == {DIRECTOR.tenant, OFFICER.tenant} and len(keys) == 4
    assert cache.weight() >= len('{"drawn_for": ""}')


def test_a_publish_draws_the_part_again(tmp_path: Path) -> None:
    home = Home(tmp_path / "home")
    publish_province(home, "10")
    draws, part = counted()
    state = {"province": "10", "fy": 2568, "lang": "th"}
    with serving(home, DIRECTOR_10):
        first = part(state)
        assert part(state) is first
        publish_province(home, "10")
        assert part(state) is not first and len(draws) == 2


def test_pages_keep_their_figures_and_still_show_only_the_scope(app: Any) -> None:
    cache.clear()
    overview = page("overview")
    with as_user(app, DIRECTOR):
        figure = overview.show_map(STATE, "meets_share", "level")
        assert overview.show_map(STATE, "meets_share", "level") is figure
        kept = str(overview.show_areas(STATE))
    with as_user(app, DIRECTOR_10):
        other = str(
            overview.show_areas(STATE)
        )  # a forged province 62 for Bangkok's director: not the kept part
    khlong_khlung, phra_nakhon = formats.area_name("6205", "th"), formats.area_name("1001", "th")
    assert khlong_khlung in kept and phra_nakhon not in kept
    assert phra_nakhon in other and khlong_khlung not in other


# --- whole pages -------------------------------------------------------------------------------


def framed_page(path: str) -> Any:
    """A registered page's layout as the pages router calls it (framed, localised, kept)."""
    return next(p for p in dash.page_registry.values() if p["path"] == path)["layout"]


def content(tree: Any) -> Any:
    """What a framed page holds inside its frame (between the navbar and the footer)."""
    return tree.children[1].children


@pytest.fixture
def page_draws(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the whole pages drawn (not answered from what was kept) since the test began."""
    drawn: list[str] = []
    opened = drawing.drawing

    def counted(name: str) -> Any:
        if name.startswith("page:"):
            drawn.append(name)
        return opened(name)

    monkeypatch.setattr(drawing, "drawing", counted)
    return drawn


def page_keys(name: str) -> list[tuple[object, ...]]:
    return [k for k in cache.entries() if k[3] == f"page:{name}"]


def test_a_page_is_kept_whole_for_its_scope_and_its_navbar_names_each_user(
    app: Any, tmp_path: Path, page_draws: list[str]
) -> None:
    home = Home(tmp_path / "home")
    publish_province(home, "10")
    district, query = framed_page("/district"), {"district": "1001", "fy": "2568"}
    cache.clear()
    with serving(home, DIRECTOR_10):
        first = district(**query)
    with serving(home, Scope("director10b", "director", "10")):  # the same scope, another person
        second = district(**query)
        junk = district(**query, utm_source="x" * 500)  # what the page does not read makes no entry
    assert isinstance(content(first), dict) and content(second) == content(first) == content(junk)
    assert len(page_draws) == 1  # drawn once: the others answered from what was kept
    assert "director10b" in str(second.children[0]) and "director10b" not in str(first.children[0])
    assert len(page_keys("dashboard.pages.district")) == 1
    with serving(
        home, Scope("officer1002", "officer", "10", "1002")
    ):  # another scope: its own entry
        district(**query)
    assert len(page_keys("dashboard.pages.district")) == 2 and len(page_draws) == 2
    publish_province(home, "10")
    with serving(home, DIRECTOR_10):
        district(**query)
    assert len(page_draws) == 3  # a publish renews the page


def test_the_scorecard_is_kept_whole_per_scope_sort_and_version(
    app: Any, tmp_path: Path, page_draws: list[str]
) -> None:
    home = Home(tmp_path / "home")
    publish_province(home, "10")
    scorecard = framed_page("/scorecard")
    cache.clear()
    with serving(home, DIRECTOR_10):
        first = scorecard(fy="2568")
        assert content(scorecard(fy="2568")) == content(first) and len(page_draws) == 1
        by_publicity = scorecard(fy="2568", sort="-publicity_rate")
    assert content(by_publicity) != content(first) and len(page_draws) == 2
    assert len(page_keys("dashboard.pages.scorecard")) == 2
    with serving(home, Scope("national", "national", None)):  # the provinces' table: its own entry
        national = scorecard(fy="2568")
    assert content(national) != content(first) and len(page_keys("dashboard.pages.scorecard")) == 3
    assert formats.province_name("10", "th") in json.dumps(content(first), ensure_ascii=False)
    publish_province(home, "10")
    with serving(home, DIRECTOR_10):
        scorecard(fy="2568")
    assert len(page_draws) == 4  # a publish renews it


def test_the_compare_page_is_kept_whole_per_scope_clubs_and_warning(
    app: Any, tmp_path: Path, page_draws: list[str]
) -> None:
    home = Home(tmp_path / "home")
    publish_province(home, "10")
    compare, clubs = framed_page("/compare"), "1001/1001-001,1001/1001-002"
    cache.clear()
    with serving(home, DIRECTOR_10):
        first = compare(clubs=clubs)
        assert content(compare(clubs=clubs)) == content(first) and len(page_draws) == 1
        limited = compare(clubs=clubs, limited="1")  # more were chosen than it shows: it says so
        other = compare(clubs="1001/1001-001")
    shown = json.dumps(content(first), ensure_ascii=False)
    assert "1001-002" in shown and "compare-limit" not in shown
    assert "compare-limit" in json.dumps(content(limited)) and content(other) != content(first)
    assert len(page_keys("dashboard.pages.compare")) == 3 and len(page_draws) == 3
    with serving(
        home, Scope("officer1002", "officer", "10", "1002")
    ):  # another scope: its own entry
        compare(clubs=clubs)
    assert len(page_draws) == 4


def test_a_page_showing_something_audited_is_drawn_and_audited_at_every_view(
    client_as: Any, two_provinces: Any
) -> None:
    client = client_as("director62")
    cache.clear()
    for _ in range(2):
        page_tree = routed(client, "/club", "?district=6201&club=6201-001&meeting=2568-01")
        assert SECRET_MEMBER_6201 in json.dumps(page_tree, ensure_ascii=False)
    actions = [
        (e["action"], e["detail"]) for e in read_audit(open_store(two_provinces), "62", limit=20)
    ]
    assert (
        actions[:2] == [("view_attendance", "6201/6201-001/2568-01")] * 2
    )  # newest first: one a view
    assert not page_keys("dashboard.pages.club")
    routed(
        client, "/club", "?district=6201&club=6201-001"
    )  # without the meeting: nothing audited, kept
    assert len(page_keys("dashboard.pages.club")) == 1


def test_a_page_with_a_failed_part_is_not_kept(
    client_as: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_as("director62")
    cache.clear()
    real = queries.headline
    monkeypatch.setattr(queries, "headline", lambda *_a, **_k: 1 / 0)  # the warehouse fails once
    failed = json.dumps(routed(client, "/", "?fy=2568"), ensure_ascii=False)
    assert not page_keys("dashboard.pages.overview") and not [
        k for k in cache.entries() if k[3] == "drawn:overview.kpis"
    ]
    monkeypatch.setattr(queries, "headline", real)
    again = json.dumps(routed(client, "/", "?fy=2568"), ensure_ascii=False)
    assert again != failed and len(page_keys("dashboard.pages.overview")) == 1


def test_the_quality_page_keeps_its_warehouse_parts_per_day_and_reads_runs_afresh(
    app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.clear()
    quality, state = (
        page("quality"),
        {"province": "62", "district": "6201", "fy": 2568, "lang": "th"},
    )
    morning = datetime(2026, 3, 1, 8, 0).timestamp()
    with as_user(app, DIRECTOR):
        monkeypatch.setitem(app.server.config, "TONBAEB_CLOCK", lambda: morning)
        summary = quality.show_summary(state)
        monkeypatch.setitem(app.server.config, "TONBAEB_CLOCK", lambda: morning + 10 * 3600)
        assert quality.show_summary(state) is summary  # later the same day: the kept part
        monkeypatch.setitem(app.server.config, "TONBAEB_CLOCK", lambda: morning + 24 * 3600)
        assert (
            quality.show_summary(state) is not summary
        )  # what is due and late: judged again each day
        framed_page("/quality")(district="6201")
    kept = {k[3] for k in cache.entries()}
    assert {"drawn:quality.rejected", "drawn:quality.periods", "drawn:quality.batches"} <= kept
    drawn_parts = {name for name in kept if name.startswith("drawn:quality.")}
    assert not any(
        "run" in name or "held" in name or "channel" in name for name in drawn_parts
    )  # read from the state store


def test_the_exemplars_page_keeps_its_warehouse_parts_and_reads_decisions_afresh(app: Any) -> None:
    cache.clear()
    exemplars, state = page("exemplars"), {"province": "62", "fy": 2568, "lang": "th"}
    with as_user(app, DIRECTOR):
        for part in (exemplars.show_figure, exemplars.show_weights, exemplars.show_strong):
            assert part(state) is part(state)
        exemplars.show_candidates(state, 0)  # statuses and history come from the state store
        exemplars.show_history(state, 0)
    names = {k[3] for k in cache.entries()}
    assert {"drawn:exemplars.figure", "drawn:exemplars.weights", "drawn:exemplars.strong"} <= names
    assert not [n for n in names if "candidates" in str(n) or "history" in str(n)]
    with as_user(app, DIRECTOR):
        mine = exemplars.show_figure(state)
    with as_user(
        app, DIRECTOR_10
    ):  # a forged province 62 for Bangkok's director: not the kept figure
        assert exemplars.show_figure(state) is not mine
    assert len([k for k in cache.entries() if k[3] == "drawn:exemplars.figure"]) == 2


def test_a_leaderboard_block_is_kept_per_scope_sort_and_rows(app: Any) -> None:
    cache.clear()
    board, state = page("leaderboard"), {"province": "62", "fy": 2568, "lang": "th"}
    by_name = {"startRow": 0, "endRow": 100, "sortModel": [{"colId": "name", "sort": "asc"}]}
    with as_user(app, DIRECTOR):
        first, _count = board.rows(by_name, state)
        assert board.rows(dict(by_name), dict(state))[0] is first  # the same block: kept
        assert (
            board.rows(by_name | {"startRow": 100, "endRow": 200}, state)[0] is not first
        )  # the next block
        ranked, _count = board.rows(by_name | {"sortModel": []}, state)
        assert (
            ranked is not first and ranked["rowData"] != first["rowData"]
        )  # another sort, other rows
        names = [r["name"] for r in first["rowData"]]
        assert names == sorted(names) and first["rowCount"] > 0
    with as_user(app, OFFICER):
        other, _count = board.rows(
            by_name, state
        )  # an officer sees the province too: the same rows, its own entry
    assert other is not first and other["rowData"] == first["rowData"]
    assert {k[1] for k in cache.entries() if k[3] == "drawn:leaderboard.block"} == {
        DIRECTOR.tenant,
        OFFICER.tenant,
    }
