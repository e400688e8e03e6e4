"""Compare: two to four clubs side by side on every criterion and figure, over the years.

The layout draws the table and both figures itself; the one callback left puts the chosen clubs in the URL."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import Input, Output, State, dcc, hooks, html

from core import formats
from core.texts import N_, NP_, _
from dashboard import context, figures, preamble, sign_off, terms
from dashboard.components import card, error_message, graph, labelled, message, section, table
from dashboard.pages import served
from dashboard.urls import LOCATION, with_params
from warehouse import queries

STATE = "compare-state"
CHOOSE = "compare-clubs"
SCORES = "compare-scores"
ATTENDANCE = "compare-attendance"
TABLE = "compare-table"
MAX_OPTIONS = 5000


@context.guarded(error_message)
def layout(**query: Any) -> html.Div:
    """Pick clubs of the scope; the choice lives in the URL (clubs=district/club,...)."""
    start = preamble.opening(query, country=True, years=None)
    if start.shown is not None:
        return start.shown
    state, lang, province = start.state, start.lang, start.state["province"]
    choices = queries.club_choices(start.home, start.scope, province).head(MAX_OPTIONS)
    options = (
        [
            {
                "label": f"{r['club_id']} {r['name']} · {formats.district_name(r['district_code'], lang)}",
                "value": f"{r['district_code']}/{r['club_id']}",
            }
            for r in choices.iter_rows(named=True)
        ]
        if not choices.is_empty()
        else []
    )
    known = {o["value"] for o in options}
    state["clubs"] = [c for c in state["clubs"] if c in known]
    return html.Div(
        [
            dcc.Store(id=STATE, data=state),
            html.H1(_(lang, "Compare clubs"), className="h3 mb-3"),
            dbc.Row(
                labelled(
                    _(lang, "Choose two to four clubs"),
                    dcc.Dropdown(id=CHOOSE, options=options, value=state["clubs"], multi=True),
                    md=12,
                ),
                className="mb-3 filters",
            ),
            *(
                [
                    dbc.Alert(
                        _(lang, "At most four clubs at a time: the first four chosen are shown"),
                        color="warning",
                        id="compare-limit",
                    )
                ]
                if state["limited"]
                else []
            ),
            *(compared(state) if state["clubs"] else [chosen_none(lang)]),
        ]
    )


def chosen_none(lang: str) -> dbc.Alert:
    """What the page says before any club is chosen: what to do, not that there is no data."""
    return dbc.Alert(
        _(lang, "Choose two to four clubs above to compare them"),
        color="light",
        className="empty-state mb-0",
        id="compare-none",
    )


def compared(state: dict[str, Any]) -> list[Any]:
    """The chosen clubs' table and figures."""
    lang = state["lang"]
    return [
        show_mark(state),
        card(_(lang, "Criteria by fiscal year"), section(TABLE, show_table(state))),
        dbc.Row(
            [
                dbc.Col(card("", graph(SCORES, figure=show_scores(state))), lg=6),
                dbc.Col(card("", graph(ATTENDANCE, figure=show_attendance(state))), lg=6),
            ],
            className="g-3",
        ),
    ]


def _clubs(s: dict[str, Any]) -> list[tuple[str, str]]:
    return [tuple(c.split("/", 1)) for c in s["clubs"]]


@context.guarded(error_message)
def show_mark(data: object) -> object:
    """Whether the chosen clubs' figures of their newest fiscal year are approved."""
    scope, home, s = context.state(data)
    frame = queries.compare(home, scope, _clubs(s))
    if frame.is_empty():
        return None
    newest = int(frame["fiscal_year"].max())  # type: ignore[arg-type]
    return sign_off.districts_mark(sign_off.districts_of(frame), newest, s["lang"])


@context.guarded(error_message)
def show_table(data: object) -> object:
    """Every criterion of every chosen club, year by year."""
    scope, home, s = context.state(data)
    return compare_table(queries.compare(home, scope, _clubs(s)), s["lang"])


def compare_table(frame: pl.DataFrame, lang: str) -> object:
    """Club-years side by side: criteria marks, score, attendance, roll."""
    if frame.is_empty():
        return message(_(lang, "No data you may see yet"))
    columns = [
        ("club_id", N_("ID")),
        ("name", NP_("club name", "Club")),
        ("fiscal_year", N_("Fiscal year")),
        ("score", N_("Score")),
        ("meets_standard", N_("Meet the standard")),
        *terms.CRITERIA.items(),
        ("attendance_rate", N_("Attendance")),
        ("members_end", N_("Members")),
    ]
    return table(frame.sort("fiscal_year", "district_code", "club_id"), columns, lang)


@context.guarded(figures.failed)
def show_scores(data: object) -> object:
    """Score of each chosen club over the years."""
    scope, home, s = context.state(data)
    return figures.compare_lines(
        queries.compare(home, scope, _clubs(s)), s["lang"], "score", N_("Score")
    )


@context.guarded(figures.failed)
def show_attendance(data: object) -> object:
    """Mean attendance of each chosen club over the years."""
    scope, home, s = context.state(data)
    return figures.compare_lines(
        queries.compare(home, scope, _clubs(s)),
        s["lang"],
        "attendance_rate",
        N_("Attendance"),
        share=True,
    )


@hooks.callback(
    Output(LOCATION, "search", allow_duplicate=True),
    Input(CHOOSE, "value"),
    State(LOCATION, "search"),
    State(STATE, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: dash.no_update)
def choose(clubs: object, search: object, data: object) -> object:
    """The chosen clubs go into the URL: at most four, and the page says so when more were chosen ("Select All")."""
    picked = [
        c
        for c in (context.text(x) for x in (clubs if isinstance(clubs, list) else []))
        if c and "/" in c
    ]
    if picked[:4] == context.view(data)["clubs"] and len(picked) <= 4:
        return dash.no_update
    return with_params(search, clubs=picked[:4], limited=1 if len(picked) > 4 else None)


def register() -> None:
    """Register the page with Dash (dashboard.pages.register calls this once the app exists)."""
    dash.register_page(
        __name__,
        path="/compare",
        name="Compare",
        order=5,
        group="views",
        label=N_("Compare clubs"),
        layout=served(__name__, "/compare", layout, kept=True),
    )
