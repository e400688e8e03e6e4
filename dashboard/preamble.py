"""How a page's layout starts: the page state from the URL, the province it shows, its fiscal
years and the chosen one, or what the page shows instead when it has nothing to show.

    start = preamble.opening(query, country=True, current=True)
    if start.shown is not None:
        return start.shown
    state, years = start.state, start.years  # state["province"] and state["fy"] are those served
    if start.waiting:  # the year in progress, chosen before any club result of it
        return html.Div([*head, this_year.waiting(state["province"], state["fy"], start.lang)])

The province is the user's own (for the national role, the one the URL asks for, if published),
checked against the scope; the year is the URL's if the province has data for it, else the newest.
Callbacks start from `context.state` instead (the page state the layout put in its Store).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from accounts.scope import Scope
from core import formats
from core.home import Home
from core.texts import _
from dashboard import context, country_view, province_picker
from dashboard.components import message
from warehouse import queries

Years = Callable[[Home, Scope, str | None], list[int]]


@dataclass
class Opening:
    """The start of a page's layout; `shown`, when set, is what the page shows instead of itself."""

    state: dict[str, Any]
    scope: Scope
    home: Home
    years: list[int] = field(default_factory=list)  # offered in the year picker
    data_years: list[int] = field(default_factory=list)  # with data (years, less the current)
    shown: Any = None  # a layout (a component tree)

    @property
    def lang(self) -> str:
        return str(self.state["lang"])

    @property
    def waiting(self) -> bool:
        """The chosen year is offered (the year in progress) but has no data yet."""
        fy = self.state.get("fy")
        return isinstance(fy, int) and fy not in self.data_years


def opening(
    query: dict[str, Any],
    *,
    country: bool = False,
    asked: str | None = None,
    years: Years | None = queries.fiscal_years,
    need_years: bool = True,
    prompt: Callable[[str], Any] = province_picker.prompt,
    current: bool = False,
    whole: tuple[str, str] | None = None,
) -> Opening:
    """A page's start from its URL `query`.

    `country`: the national role may see the whole country (province None) instead of choosing a
    province (`prompt(lang)` asks for one; anyone else without a province has no data).
    `asked`: the province the URL names another way (a district's first two digits).
    `years`: the province's fiscal years (None: the page has no year); `need_years`: without any,
    the page says there is no data. `current`: the fiscal year today is in is offered too, with
    or without data (the page says where it stands: `waiting`, this_year.waiting); the page still
    opens on the newest with data. `whole`: (path, title) of a page that shows one province at a
    time; the national role without a province gets the whole country's provinces, each opening it
    (dashboard/country_view.py) instead of a bare picker.
    """
    state = context.view(query)
    scope, home = context.scope(), context.home()
    start = Opening(state, scope, home)
    province = queries.chosen_province(home, scope, state["province"] or asked)
    if province is None and not (country and scope.role == "national"):
        national = scope.role == "national"
        start.shown = (
            country_view.provinces(start.lang, *whole, state["fy"])
            if national and whole is not None
            else prompt(start.lang)
        )
        return start
    state["province"] = province
    if years is None:
        return start
    start.data_years = years(home, scope, province)
    start.years = start.data_years
    if current and (province is not None or start.data_years):
        start.years = sorted({*start.data_years, formats.fiscal_year_of(context.now().date())})
    if not start.years and need_years:
        start.shown = message(_(start.lang, "No data you may see yet"))
    today = context.now().date()
    ended = [y for y in start.data_years if formats.fiscal_year_end(y) < today]
    newest = max(ended or start.data_years or start.years, default=None)  # not a year half done
    state["fy"] = state["fy"] if state["fy"] in start.years else newest
    return start
