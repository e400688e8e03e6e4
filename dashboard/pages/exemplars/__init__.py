"""Exemplars (ต้นแบบ): candidates ranked by exemplar score with every part shown, the workflow
(propose, shortlist, select, reject, withdraw, reopen, each with a reason), its history, and the
strong-looking clubs that are not candidates, with why.

The layout draws the whole first view (the router's one answer); callbacks only answer the user:
a club chosen (its actions), a decision (feedback, then the candidates, history and club choices
redrawn when `exemplars-version` bumps), and the year or district (into the URL)."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
import geothai
import polars as pl
from dash import Input, Output, State, dcc, hooks, html

from core import formats
from core.texts import N_, _
from dashboard import (
    cache,
    context,
    figures,
    preamble,
    province_picker,
    ranking,
    sign_off,
    terms,
    this_year,
)
from dashboard.components import (
    card,
    district_options,
    error_message,
    graph,
    labelled,
    message,
    section,
    year_select,
)
from dashboard.pages import served
from dashboard.pages.exemplars import tables
from dashboard.urls import LOCATION, with_params
from exemplars import board, decisions
from exemplars.decisions import DecisionError
from warehouse import queries
from warehouse.queries.base import is_district

STATE = "exemplars-state"
VERSION = "exemplars-version"
FY = "exemplars-fy"
DISTRICT = "exemplars-district"
FIGURE = "exemplars-figure"
CANDIDATES = "exemplars-candidates"
WEIGHTS = "exemplars-weights"
CLUB = "exemplars-club"
ACTION = "exemplars-action"
REASON = "exemplars-reason"
SUBMIT = "exemplars-submit"
FEEDBACK = "exemplars-feedback"
HISTORY = "exemplars-history"
STRONG = "exemplars-strong"


@context.guarded(error_message)
def layout(**query: Any) -> html.Div:
    """The year's candidates (officers start at their district), the workflow, and why-not."""
    start = preamble.opening(query, current=True, whole=("/exemplars", N_("Exemplars")))
    if start.shown is not None:
        return start.shown
    state, lang, scope, years, home = start.state, start.lang, start.scope, start.years, start.home
    province = state["province"]
    districts = [d.code for d in geothai.districts(province)]
    district = state["district"] if state["district"] in districts else None
    if district is None and "district" not in query and scope.role == "officer":
        district = scope.district_code
    state["district"] = district
    options = [{"label": _(lang, "All"), "value": ""}, *district_options(province, lang)]
    filters = dbc.Row(
        [
            labelled(_(lang, "Fiscal year"), year_select(FY, years, state["fy"], lang), md=3),
            labelled(
                _(lang, "District"),
                dcc.Dropdown(id=DISTRICT, options=options, value=district or "", clearable=False),
                md=3,
            ),
        ],
        className="filters g-2 mb-3",
    )
    head = [
        dcc.Store(id=STATE, data=state),
        dcc.Store(id=VERSION, data=0),
        province_picker.bar(lang, province),
        html.H1(
            f"{_(lang, 'Exemplars')} · {formats.province_name(province, lang)}",
            className="h3 mb-3",
        ),
        filters,
    ]
    if start.waiting:  # the year in progress, before any club result of it
        return html.Div([*head, this_year.waiting(province, state["fy"], lang, district)])
    return html.Div(
        [
            *head,
            ranking.rules(lang, "exemplars"),
            sign_off.note(
                sign_off.districts_of(queries.candidates(home, scope, province, state["fy"])),
                state["fy"],
                lang,
            ),
            card(
                _(lang, "Candidates, ranked by exemplar score"),
                [
                    html.Small(
                        _(
                            lang,
                            "Exemplar score = sum of weight × part (0–1) × 100 ÷ sum of "
                            "weights. Click a club to open it.",
                        ),
                        className="text-muted d-block mb-2",
                    ),
                    graph(FIGURE, 320, figure=show_figure(state)),
                    section(CANDIDATES, show_candidates(state, 0)),
                ],
            ),
            card(_(lang, "How the exemplar score is made"), section(WEIGHTS, show_weights(state))),
            decide_form(lang, show_choices(state, 0)[0])
            if scope.role in ("director", "officer")
            else message(_(lang, "National: read only")),
            card(
                _(lang, "History of proposals and decisions"),
                section(HISTORY, show_history(state, 0)),
            ),
            card(
                _(lang, "Strong-looking clubs that are not candidates, and why"),
                section(STRONG, show_strong(state)),
            ),
        ]
    )


def decide_form(lang: str, clubs: list[dict[str, str]]) -> dbc.Card:
    """The `clubs` to choose from (none chosen yet, so no actions yet), action and reason; the
    server decides what is allowed."""
    return card(
        _(lang, "Propose or decide"),
        [
            dbc.Row(
                [
                    labelled(
                        _(lang, "Club"),
                        dbc.Select(id=CLUB, options=clubs, placeholder=_(lang, "Club")),
                        md=6,
                    ),
                    labelled(
                        _(lang, "Action"),
                        dbc.RadioItems(id=ACTION, options=[], inline=True),
                        md=6,
                    ),
                ],
                className="filters g-2 mb-2",
            ),
            dbc.Label(_(lang, "Reason (required)"), html_for=REASON, className="form-label"),
            dbc.Textarea(
                id=REASON, value="", rows=3, maxLength=decisions.MAX_REASON, className="mb-2"
            ),
            dbc.Button(_(lang, "Record"), id=SUBMIT, color="primary", size="sm"),
            html.Div(id=FEEDBACK, className="mt-2"),
        ],
    )


@context.guarded(figures.failed)
@cache.cached("exemplars.figure")
def show_figure(data: object) -> object:
    """Each candidate's score as a stacked bar of its parts' points."""
    scope, home, s = context.state(data)
    return figures.exemplar_parts(
        queries.candidates(home, scope, s["province"], s["fy"], s["district"]), s["lang"]
    )


@hooks.callback(
    Output(CANDIDATES, "children"),
    State(STATE, "data"),
    Input(VERSION, "data"),
    prevent_initial_call=True,
)
@context.guarded(error_message)
def show_candidates(data: object, _version: object) -> object:
    """Candidates with rank, score, each part's points and their status."""
    scope, home, s = context.state(data)
    frame = board.candidates_with_status(
        context.store(), home, scope, s["province"], s["fy"], s["district"]
    )
    return tables.candidate_table(frame, s, scope)


@context.guarded(error_message)
@cache.cached("exemplars.weights")
def show_weights(data: object) -> object:
    """What each part measures, its weight and the points it can give."""
    scope, home, s = context.state(data)
    return tables.weights_table(
        queries.exemplar_year(home, scope, s["province"], s["fy"]), s["lang"]
    )


@hooks.callback(
    Output(HISTORY, "children"),
    State(STATE, "data"),
    Input(VERSION, "data"),
    prevent_initial_call=True,
)
@context.guarded(error_message)
def show_history(data: object, _version: object) -> object:
    """Every proposal and decision of the year, newest first, with its reason and who made it."""
    scope, home, s = context.state(data)
    return tables.history_table(
        board.history_with_names(context.store(), home, scope, s["province"], s["fy"]),
        s["lang"],
    )


@context.guarded(error_message)
@cache.cached("exemplars.strong")
def show_strong(data: object) -> object:
    """Clubs that meet the standard or score high but are not candidates, each with why."""
    scope, home, s = context.state(data)
    frame = queries.strong_non_candidates(home, scope, s["province"], s["fy"], s["district"])
    return tables.strong_table(
        frame, queries.district_submissions(home, scope, s["province"]), s["lang"]
    )


@hooks.callback(
    Output(CLUB, "options"),
    Output(CLUB, "value"),
    State(STATE, "data"),
    Input(VERSION, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: ([], None))
def show_choices(data: object, _version: object) -> tuple[list[dict[str, str]], None]:
    """The clubs this user may act on now (in the chosen district, if any)."""
    scope, home, s = context.state(data)
    frame = board.actionable(context.store(), home, scope, s["province"], s["fy"])
    return club_options(frame, s), None


def club_options(frame: pl.DataFrame, s: dict[str, Any]) -> list[dict[str, str]]:
    """Dropdown options 'name (id) · status', valued 'district/club'."""
    if s["district"]:
        frame = frame.filter(pl.col("district_code") == s["district"])
    return [
        {
            "label": f"{r['name']} ({r['club_id']}) · "
            + _(s["lang"], terms.EXEMPLAR_STATUSES[r["status"] or "none"]),
            "value": f"{r['district_code']}/{r['club_id']}",
        }
        for r in frame.iter_rows(named=True)
    ]


@hooks.callback(
    Output(ACTION, "options"),
    Output(ACTION, "value"),
    Input(CLUB, "value"),
    State(STATE, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: ([], None))
def show_actions(club: object, data: object) -> object:
    """What this user may do now to the chosen club."""
    scope, home, s = context.state(data)
    district, club_id = _club(club)
    if not district:
        return [], None
    actions = decisions.actions_for(context.store(), home, scope, district, club_id, s["fy"])
    return [{"label": _(s["lang"], terms.DECISIONS[a]), "value": a} for a in actions], (
        actions[0] if actions else None
    )


@hooks.callback(
    Output(FEEDBACK, "children"),
    Output(VERSION, "data"),
    Output(REASON, "value"),
    Input(SUBMIT, "n_clicks"),
    State(CLUB, "value"),
    State(ACTION, "value"),
    State(REASON, "value"),
    State(STATE, "data"),
    State(VERSION, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: (error_message(), dash.no_update, dash.no_update))
def submit(
    clicks: object, club: object, action: object, reason: object, data: object, version: object
) -> object:
    """Record the decision (the server checks who may do what); say what happened."""
    scope, home, s = context.state(data)
    district, club_id = _club(club)
    if not clicks or not district:
        return dash.no_update, dash.no_update, dash.no_update
    try:
        decisions.decide(
            context.store(),
            home,
            scope,
            str(action),
            district,
            club_id,
            s["fy"],
            reason if isinstance(reason, str) else "",
            at=context.now().timestamp(),
            ip=context.ip(),
        )
    except DecisionError as error:
        return (
            dbc.Alert(
                _(s["lang"], terms.DECISION_REFUSALS[error.code]), color="warning", className="mb-0"
            ),
            dash.no_update,
            dash.no_update,
        )
    done = _(
        s["lang"],
        "Recorded: {action} · {club}",
        action=_(s["lang"], terms.DECISIONS[str(action)]),
        club=club_id,
    )
    count = version if isinstance(version, int) and not isinstance(version, bool) else 0
    return dbc.Alert(done, color="success", className="mb-0", id="exemplars-decided"), count + 1, ""


def _club(value: object) -> tuple[str | None, str]:
    """'district/club' from the dropdown as (district, club), or (None, '')."""
    text = context.text(value)
    district, _skip, club_id = (text or "").partition("/")
    return (district, club_id) if is_district(district) and club_id else (None, "")


@hooks.callback(
    Output(LOCATION, "search", allow_duplicate=True),
    Input(FY, "value"),
    Input(DISTRICT, "value"),
    State(LOCATION, "search"),
    State(STATE, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: dash.no_update)
def choose(year: object, district: object, search: object, data: object) -> object:
    """Year and district go into the URL ('' = every district)."""
    now = context.view(data)
    chosen = context.text(district) or ""
    if context.integer(year) == now["fy"] and chosen == (now["district"] or ""):
        return dash.no_update
    return with_params(search, fy=context.integer(year), district=chosen or "all")


def register() -> None:
    """Register the page with Dash (dashboard.pages.register calls this once the app exists)."""
    dash.register_page(
        __name__,
        path="/exemplars",
        name="Exemplars",
        order=7,
        group="workflow",
        label=N_("Exemplars"),
        layout=served(__name__, "/exemplars", layout),
    )
