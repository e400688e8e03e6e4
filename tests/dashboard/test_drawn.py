"""Parts of pages kept per scope and published version: drawn once per scope, drawn again after a publish."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from accounts.scope import Scope
from dashboard import drawn, i18n
from tests.dashboard.conftest import publish_province
from tests.dashboard.test_callbacks import DIRECTOR, OFFICER, as_user, page
from tests.dashboard.test_maps import serving
from warehouse.home import Home
from warehouse.queries import cache

DIRECTOR_10 = Scope("director10", "director", "10")
STATE = {"province": "62", "district": "6205", "fy": 2568, "lang": "th"}


def counted() -> tuple[list[object], Any]:
    """A part that notes each time it is drawn and says for whom."""
    draws: list[object] = []

    @drawn.kept("test.part")
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
        assert part(STATE | {"lang": "en"}, "meets_share") is not first  # the page state is all in the key
        assert part(STATE, "members") is not first  # and so are the menus' values
        assert part(STATE, {"forged": ["x"]})["n"] == 4 and part(STATE, {"forged": ["x"]})["n"] == 5  # odd input: never kept
    with as_user(app, OFFICER):
        assert part(STATE, "meets_share")["drawn_for"] == OFFICER.tenant  # another scope: its own part
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
        other = str(overview.show_areas(STATE))  # a forged province 62 for Bangkok's director: not the kept part
    khlong_khlung, phra_nakhon = i18n.area_name("6205", "th"), i18n.area_name("1001", "th")
    assert khlong_khlung in kept and phra_nakhon not in kept
    assert phra_nakhon in other and khlong_khlung not in other
