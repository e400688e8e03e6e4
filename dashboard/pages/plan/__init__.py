"""Expansion plan (แผนขยายผล): which networks in need each selected exemplar mentors, on a map and
in a table; the director proposes a plan, removes pairs and pairs networks by hand; everyone who
may read the province sees it and downloads it as a workbook; later years show who now meets
the standard.

The layout draws the whole first view (the router's one answer); callbacks only answer the user:
an exemplar chosen (its networks), a change (the plan and the exemplars redrawn when
`plan-version` bumps), a download, a click on the map, and the year or province (into the URL)."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, hooks, html

from core import formats
from core.texts import N_, _
from dashboard import context, exports, figures, map_clicks, maps, preamble, this_year
from dashboard.components import error_message, labelled, message, year_select
from dashboard.pages import served
from dashboard.pages.plan import tables
from dashboard.pages.plan.changes import club_key
from dashboard.pages.plan.parts import (
    DOWNLOAD,
    DOWNLOAD_BUTTON,
    EXEMPLAR,
    FY,
    HEADLINE,
    MAP,
    NETWORK,
    PAIRS,
    PROVINCE,
    STATE,
    UNCOVERED,
    VERSION,
    Drawn,
    body,
    no_exemplars,
    title,
)
from dashboard.urls import LOCATION, with_params
from exemplars import expansion, plan_board, plans
from warehouse import queries


@context.guarded(error_message)
def layout(**query: Any) -> html.Div:
    """The plan of the province's year; without selected exemplars, what to do first."""
    start = preamble.opening(query, current=True, whole=("/plan", N_("Expansion plan")))
    if start.shown is not None:
        return start.shown
    state, lang, scope, home, years = start.state, start.lang, start.scope, start.home, start.years
    province, national = state["province"], scope.role == "national"
    choices = [
        {"label": formats.province_name(p, lang), "value": p}
        for p in (queries.provinces(home, scope) if national else [province])
    ]
    chooser = dcc.Dropdown(
        id=PROVINCE, options=choices, value=province, clearable=False, disabled=not national
    )
    head = [
        dcc.Store(id=STATE, data=state),
        dcc.Store(id=VERSION, data=0),
        title(province, lang),
        dbc.Row(
            [
                labelled(_(lang, "Province"), chooser, md=3),
                labelled(_(lang, "Fiscal year"), year_select(FY, years, state["fy"], lang), md=3),
            ],
            className="filters g-2 mb-3",
        ),
    ]
    if start.waiting:  # the year in progress, before any club result of it
        return html.Div([*head, this_year.waiting(province, state["fy"], lang)])
    store = context.store()
    year = expansion.province_year(store, home, scope, province, state["fy"])
    planned = year is not None and plans.latest_plan(store, scope, province, year.fiscal_year)
    if year is None or not (year.exemplars or planned):  # an old plan shows, with notes
        return html.Div([*head, no_exemplars(state["fy"], province if national else None, lang)])
    director = plans.may_change(scope, province)
    exemplars = show_exemplars(state, 0)[0] if director else []
    return html.Div([*head, *body(year.boundaries, director, show_plan(state, 0), exemplars, lang)])


def _board(data: object) -> tuple[plan_board.Board | None, str]:
    scope, home, s = context.state(data)
    return plan_board.board(context.store(), home, scope, s["province"], s["fy"]), s["lang"]


@hooks.callback(
    Output(HEADLINE, "children"),
    Output(MAP, "figure"),
    Output(PAIRS, "children"),
    Output(UNCOVERED, "children"),
    State(STATE, "data"),
    Input(VERSION, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: (error_message(), figures.failed(), error_message(), error_message()))
def show_plan(data: object, _version: object) -> Drawn:
    """The headline, the map, the pairs and the uncovered networks of the year's newest plan."""
    board, lang = _board(data)
    if board is None:
        nothing = message(_(lang, "No data you may see yet"))
        return nothing, figures.empty(_(lang, "The plan on the map"), lang), nothing, nothing
    areas = queries.area_shapes(context.home(), context.scope(), board.province)
    figure = maps.plan_map(areas, board.exemplars, board.pairs, board.uncovered, lang)
    return (
        tables.headline(board, lang),
        figure,
        tables.pairs_table(board, lang),
        tables.uncovered_table(board, lang),
    )


@hooks.callback(
    Output(EXEMPLAR, "options"),
    Output(EXEMPLAR, "value"),
    State(STATE, "data"),
    Input(VERSION, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: ([], None))
def show_exemplars(data: object, _version: object) -> tuple[list[dict[str, str]], None]:
    """The exemplars with room that could take a network by hand now (director only)."""
    scope, home, s = context.state(data)
    choices = expansion.choices(context.store(), home, scope, s["province"], s["fy"])
    return tables.exemplar_options(choices, s["lang"]), None


@hooks.callback(
    Output(NETWORK, "options"),
    Output(NETWORK, "value"),
    Input(EXEMPLAR, "value"),
    State(STATE, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: ([], None))
def show_networks(exemplar: object, data: object) -> object:
    """The networks in need the chosen exemplar may take, best first."""
    scope, home, s = context.state(data)
    chosen = club_key(exemplar)
    if chosen is None:
        return [], None
    choices = expansion.choices(context.store(), home, scope, s["province"], s["fy"])
    return tables.network_options(choices, chosen, s["lang"]), None


@hooks.callback(
    Output(DOWNLOAD, "data"),
    Input(DOWNLOAD_BUTTON, "n_clicks"),
    State(STATE, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: dash.no_update)
def download(clicks: object, data: object) -> object:
    """The plan shown (pairs, and the networks left uncovered) as an Excel workbook; audited."""
    board, lang = _board(data)
    if not clicks or board is None or board.plan is None:
        return dash.no_update
    pairs = (
        _(lang, "plan"),
        exports.plan_rows(board.pairs, lang, board.later_years),
        exports.plan_columns(lang, board.later_years),
    )
    uncovered = (
        _(lang, "uncovered"),
        exports.uncovered_rows(board.uncovered, lang),
        exports.uncovered_columns(lang),
    )
    context.audit(
        "export_plan",
        f"plan={board.plan.plan_id} province={board.province} fy={board.fiscal_year} "
        f"pairs={board.pairs.height} uncovered={board.uncovered.height}",
    )
    title = exports.served_title(lang, _(lang, "Expansion plan"), board.province, board.fiscal_year)
    content = exports.workbook_of([pairs, uncovered], title, lang)
    return dcc.send_bytes(content, exports.file_name("plan", board.province, board.fiscal_year))


# A click on a club's point opens the club's page.
open_clicked = map_clicks.map_clicks(MAP, STATE, ("club",))


@hooks.callback(
    Output(LOCATION, "search", allow_duplicate=True),
    Input(FY, "value"),
    Input(PROVINCE, "value"),
    State(LOCATION, "search"),
    State(STATE, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: dash.no_update)
def choose(year: object, province: object, search: object, data: object) -> object:
    """Fiscal year (and, for the national role, province) go into the URL."""
    now = context.view(data)
    wanted = {"fy": context.integer(year), "province": context.text(province)}
    if all(now[k] == v for k, v in wanted.items()):
        return dash.no_update
    if context.scope().role != "national":
        wanted["province"] = None
    return with_params(search, **wanted)


def register() -> None:
    """Register the page with Dash (dashboard.pages.register calls this once the app exists)."""
    dash.register_page(
        __name__,
        path="/plan",
        name="Expansion plan",
        order=10,
        group="workflow",
        label=N_("Expansion plan"),
        layout=served(__name__, "/plan", layout),
    )
