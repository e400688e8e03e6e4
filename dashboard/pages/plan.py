"""Expansion plan (แผนขยายผล): which networks in need each selected exemplar mentors, on a map and
in a table; the director proposes a plan, removes pairs and pairs networks by hand; everyone who
may read the province sees it and downloads it as a workbook; later years show who now meets
the standard."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, callback, dcc, html

from dashboard import context, exports, figures, i18n, maps
from dashboard import plan_tables as tables
from dashboard.components import (
    card,
    error_message,
    graph,
    href,
    labelled,
    links,
    message,
    section,
    year_select,
)
from dashboard.urls import with_params
from exemplars import expansion, plan_board, plans
from exemplars.expansion import PlanError
from warehouse import queries
from warehouse.queries.base import is_district

dash.register_page(__name__, path="/plan", name="Expansion plan", order=9)

STATE = "plan-state"
VERSION = "plan-version"
FY = "plan-fy"
PROVINCE = "plan-province"
HEADLINE = "plan-headline"
MAP = "plan-map"
PAIRS = "plan-pairs"
UNCOVERED = "plan-uncovered"
LIMIT = "plan-limit"
PROPOSE = "plan-propose"
EXEMPLAR = "plan-exemplar"
NETWORK = "plan-network"
PAIR = "plan-pair"
FEEDBACK = "plan-feedback"
DOWNLOAD = "plan-download"
DOWNLOAD_BUTTON = "plan-download-button"
LOCATION = "_pages_location"
NOTHING = (dash.no_update, dash.no_update)


@context.guarded(error_message)
def layout(**query: Any) -> html.Div:
    """The plan of the province's year; without selected exemplars, what to do first."""
    state = context.view(query)
    lang, scope, home = state["lang"], context.scope(), context.home()
    national = scope.role == "national"
    province = queries.chosen_province(home, scope, state["province"])
    if province is None and national:
        published = queries.provinces(home, scope)
        places = [(i18n.province_name(p, lang), href("/plan", lang, province=p)) for p in published]
        return html.Div(
            [_title(None, lang), message(i18n.t("choose_province", lang)), links(places)]
        )
    if province is None:
        return message(i18n.t("no_data", lang))
    choices = [
        {"label": i18n.province_name(p, lang), "value": p}
        for p in (queries.provinces(home, scope) if national else [province])
    ]
    chooser = dcc.Dropdown(
        id=PROVINCE, options=choices, value=province, clearable=False, disabled=not national
    )
    years = queries.fiscal_years(home, scope, province)
    if not years:
        return message(i18n.t("no_data", lang))
    state |= {"province": province, "fy": state["fy"] if state["fy"] in years else max(years)}
    head = [
        dcc.Store(id=STATE, data=state),
        dcc.Store(id=VERSION, data=0),
        _title(province, lang),
        dbc.Row(
            [
                labelled(i18n.t("province", lang), chooser, md=3),
                labelled(
                    i18n.t("fiscal_year", lang), year_select(FY, years, state["fy"], lang), md=3
                ),
            ],
            className="filters g-2 mb-3",
        ),
    ]
    store = context.store()
    year = expansion.province_year(store, home, scope, province, state["fy"])
    planned = year is not None and plans.latest_plan(store, scope, province, year.fiscal_year)
    if year is None or not (year.exemplars or planned):  # an old plan shows, with notes
        return html.Div([*head, no_exemplars(state["fy"], province if national else None, lang)])
    return html.Div([*head, *body(year.boundaries, plans.may_change(scope, province), lang)])


def body(boundaries: bool, director: bool, lang: str) -> list[Any]:
    """The headline, the map beside the director's controls, the pairs, the uncovered networks."""
    warning = [] if boundaries else [message(i18n.t("plan_no_boundaries", lang), "warning")]
    read_only = dbc.Col(message(i18n.t("plan_read_only", lang)), lg=12)
    download = dbc.Button(
        i18n.t("download", lang), id=DOWNLOAD_BUTTON, color="secondary", size="sm", className="mb-2"
    )
    return [
        *warning,
        html.Div(section(HEADLINE), className="mb-3"),
        dbc.Row(
            [dbc.Col(map_card(lang), lg=7), dbc.Col(changes_card(lang), lg=5)]
            if director
            else [read_only, dbc.Col(map_card(lang))],
            className="g-3 mb-3",
        ),
        html.Div(id=FEEDBACK, className="mb-2"),
        card(i18n.t("plan_pairs", lang), [download, dcc.Download(id=DOWNLOAD), section(PAIRS)]),
        card(i18n.t("plan_uncovered_title", lang), section(UNCOVERED)),
    ]


def _title(province: str | None, lang: str) -> html.H1:
    place = f" · {i18n.province_name(province, lang)}" if province else ""
    return html.H1(f"{i18n.t('plan', lang)}{place}", className="h3 mb-3")


def no_exemplars(fiscal_year: int, province: str | None, lang: str) -> dbc.Alert:
    """What to do before there can be a plan: select exemplars."""
    target = href("/exemplars", lang, fy=fiscal_year, province=province)
    return dbc.Alert(
        [
            html.P(
                i18n.t("plan_no_exemplars", lang, year=i18n.fiscal_year(fiscal_year, lang)),
                className="mb-2",
            ),
            dcc.Link(i18n.t("plan_open_exemplars", lang), href=target, id="plan-to-exemplars"),
        ],
        color="light",
        className="empty-state mb-0",
    )


def map_card(lang: str) -> dbc.Card:
    """The plan on the province's map; a click on a club opens its page."""
    hint = html.Small(i18n.t("map_click_club", lang), className="text-muted d-block")
    return card("", [graph(MAP, maps.HEIGHTS["district"]), hint])


def changes_card(lang: str) -> dbc.Card:
    """The director's controls: propose a new plan with a limit, and pair a network by hand."""
    propose = dbc.Row(
        [
            labelled(
                i18n.t("plan_limit", lang),
                dbc.Input(
                    id=LIMIT,
                    type="number",
                    min=1,
                    max=expansion.MAX_LIMIT,
                    step=1,
                    value=expansion.default_limit(),
                ),
                md=6,
            ),
            dbc.Col(
                dbc.Button(i18n.t("plan_propose", lang), id=PROPOSE, color="primary"),
                md=6,
                className="d-flex align-items-end",
            ),
        ],
        className="g-2 mb-1",
    )
    by_hand = [
        html.H3(i18n.t("plan_hand", lang), className="h6 mt-3"),
        html.Small(i18n.t("plan_hand_note", lang), className="text-muted d-block mb-2"),
        dbc.Label(i18n.t("plan_hand_exemplar", lang), html_for=EXEMPLAR),
        dbc.Select(id=EXEMPLAR, options=[], placeholder=i18n.t("plan_hand_exemplar", lang)),
        dbc.Label(i18n.t("plan_hand_network", lang), html_for=NETWORK, className="mt-2"),
        dbc.Select(id=NETWORK, options=[], placeholder=i18n.t("plan_hand_network", lang)),
        dbc.Button(i18n.t("plan_hand_submit", lang), id=PAIR, color="primary", className="mt-2"),
    ]
    note = html.Small(i18n.t("plan_propose_note", lang), className="text-muted d-block")
    return card(i18n.t("plan", lang), [propose, note, *by_hand])


def _state(data: object) -> tuple[Any, Any, dict[str, Any]]:
    return context.scope(), context.home(), context.view(data if isinstance(data, dict) else None)


def _board(data: object) -> tuple[plan_board.Board | None, str]:
    scope, home, s = _state(data)
    return plan_board.board(context.store(), home, scope, s["province"], s["fy"]), s["lang"]


@callback(
    Output(HEADLINE, "children"),
    Output(MAP, "figure"),
    Output(PAIRS, "children"),
    Output(UNCOVERED, "children"),
    Input(STATE, "data"),
    Input(VERSION, "data"),
)
@context.guarded(lambda: (error_message(), figures.failed(), error_message(), error_message()))
def show_plan(data: object, _version: object) -> object:
    """The headline, the map, the pairs and the uncovered networks of the year's newest plan."""
    board, lang = _board(data)
    if board is None:
        nothing = message(i18n.t("no_data", lang))
        return nothing, figures.empty(i18n.t("plan_map", lang), lang), nothing, nothing
    areas = queries.area_shapes(context.home(), context.scope(), board.province)
    figure = maps.plan_map(areas, board.exemplars, board.pairs, board.uncovered, lang)
    return (
        tables.headline(board, lang),
        figure,
        tables.pairs_table(board, lang),
        tables.uncovered_table(board, lang),
    )


@callback(
    Output(EXEMPLAR, "options"),
    Output(EXEMPLAR, "value"),
    Input(STATE, "data"),
    Input(VERSION, "data"),
)
@context.guarded(lambda: ([], None))
def show_exemplars(data: object, _version: object) -> object:
    """The exemplars with room that could take a network by hand now (director only)."""
    scope, home, s = _state(data)
    choices = expansion.choices(context.store(), home, scope, s["province"], s["fy"])
    return tables.exemplar_options(choices, s["lang"]), None


@callback(
    Output(NETWORK, "options"),
    Output(NETWORK, "value"),
    Input(EXEMPLAR, "value"),
    State(STATE, "data"),
)
@context.guarded(lambda: ([], None))
def show_networks(exemplar: object, data: object) -> object:
    """The networks in need the chosen exemplar may take, best first."""
    scope, home, s = _state(data)
    chosen = club_key(exemplar)
    if chosen is None:
        return [], None
    choices = expansion.choices(context.store(), home, scope, s["province"], s["fy"])
    return tables.network_options(choices, chosen, s["lang"]), None


@callback(
    Output(FEEDBACK, "children", allow_duplicate=True),
    Output(VERSION, "data", allow_duplicate=True),
    Input(PROPOSE, "n_clicks"),
    State(LIMIT, "value"),
    State(STATE, "data"),
    State(VERSION, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: (error_message(), dash.no_update))
def propose(clicks: object, limit: object, data: object, version: object) -> object:
    """Propose a new plan for the year (the director's; anyone else is refused)."""
    if not clicks:
        return NOTHING
    scope, home, s = _state(data)
    try:
        made = expansion.propose_plan(
            context.store(), home, scope, s["province"], s["fy"], context.integer(limit),
            now=context.now().timestamp(), ip=context.ip(),
        )  # fmt: skip
    except PlanError as error:
        return refusal(error, s["lang"]), dash.no_update
    return done(i18n.t("plan_proposed", s["lang"], pairs=len(made.pairs))), _next(version)


@callback(
    Output(FEEDBACK, "children", allow_duplicate=True),
    Output(VERSION, "data", allow_duplicate=True),
    Input(PAIR, "n_clicks"),
    State(EXEMPLAR, "value"),
    State(NETWORK, "value"),
    State(STATE, "data"),
    State(VERSION, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: (error_message(), dash.no_update))
def pair(
    clicks: object, exemplar: object, network: object, data: object, version: object
) -> object:
    """Pair the chosen network with the chosen exemplar (checked against the plan's rules)."""
    if not clicks:
        return NOTHING
    scope, home, s = _state(data)
    chosen, mentee = club_key(exemplar), club_key(network)
    if chosen is None or mentee is None:
        return dbc.Alert(i18n.t("plan_refused_choose", s["lang"]), color="warning"), dash.no_update
    try:
        expansion.pair_by_hand(
            context.store(), home, scope, s["province"], s["fy"], chosen, mentee,
            now=context.now().timestamp(), ip=context.ip(),
        )  # fmt: skip
    except PlanError as error:
        return refusal(error, s["lang"]), dash.no_update
    shown = i18n.t("plan_paired", s["lang"], exemplar=chosen[1], network=mentee[1])
    return done(shown), _next(version)


@callback(
    Output(FEEDBACK, "children", allow_duplicate=True),
    Output(VERSION, "data", allow_duplicate=True),
    Input({"type": tables.REMOVE, "mentee": ALL}, "n_clicks"),
    State(STATE, "data"),
    State(VERSION, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: (error_message(), dash.no_update))
def remove(_clicks: object, data: object, version: object) -> object:
    """Take the network of the clicked row out of the plan."""
    pressed = dash.ctx.triggered[0] if dash.ctx.triggered else {}
    trigger = dash.ctx.triggered_id
    mentee = club_key(trigger.get("mentee")) if isinstance(trigger, dict) else None
    if not pressed.get("value") or mentee is None:
        return NOTHING  # a table drawn anew, not a click
    scope, home, s = _state(data)
    try:
        expansion.remove_pair(
            context.store(), home, scope, s["province"], s["fy"], mentee, ip=context.ip()
        )
    except PlanError as error:
        return refusal(error, s["lang"]), dash.no_update
    return done(i18n.t("plan_removed", s["lang"], club=mentee[1])), _next(version)


@callback(
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
        i18n.t("plan_sheet_pairs", lang),
        exports.plan_rows(board.pairs, lang, board.later_years),
        exports.plan_columns(lang, board.later_years),
    )
    uncovered = (
        i18n.t("plan_sheet_uncovered", lang),
        exports.uncovered_rows(board.uncovered, lang),
        exports.uncovered_columns(lang),
    )
    context.audit(
        "export_plan",
        f"plan={board.plan.plan_id} province={board.province} fy={board.fiscal_year} "
        f"pairs={board.pairs.height} uncovered={board.uncovered.height}",
    )
    content = exports.workbook_of([pairs, uncovered])
    return dcc.send_bytes(content, f"tonbaeb-plan-{board.province}-{board.fiscal_year}.xlsx")


@callback(
    Output(LOCATION, "href", allow_duplicate=True),
    Input(MAP, "clickData"),
    State(STATE, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: dash.no_update)
def open_clicked(click: object, data: object) -> object:
    """A click on a club's point opens the club's page."""
    scope, home, s = _state(data)
    named = maps.clicked(click)
    district = queries.readable_district(home, scope, named[0]) if len(named) == 2 else None
    if district is None:
        return dash.no_update
    return href("/club", s["lang"], district=district, club=context.text(named[1]))


@callback(
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
    now = context.view(data if isinstance(data, dict) else None)
    wanted = {"fy": context.integer(year), "province": context.text(province)}
    if all(now[k] == v for k, v in wanted.items()):
        return dash.no_update
    if context.scope().role != "national":
        wanted["province"] = None
    return with_params(search, **wanted)


def club_key(value: object) -> tuple[str, str] | None:
    """'district/club' from the browser as (district, club), or None."""
    text = context.text(value)
    district, _, club_id = (text or "").partition("/")
    return (district, club_id) if is_district(district) and club_id else None


def refusal(error: PlanError, lang: str) -> dbc.Alert:
    """Why a change was not made, in the language."""
    text = i18n.t(f"plan_refused_{error.code}", lang, max=expansion.MAX_LIMIT)
    return dbc.Alert(text, color="warning", className="mb-0", id="plan-refused")


def done(text: str) -> dbc.Alert:
    return dbc.Alert(text, color="success", className="mb-0", id="plan-done")


def _next(version: object) -> int:
    count = version if isinstance(version, int) and not isinstance(version, bool) else 0
    return count + 1
