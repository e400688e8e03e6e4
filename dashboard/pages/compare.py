"""Compare: two to four clubs side by side on every criterion and figure, over the years.

The layout draws the table and both figures itself; the one callback left puts the chosen clubs in the URL."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import Input, Output, State, callback, dcc, html

from dashboard import context, figures, i18n
from dashboard.components import card, error_message, graph, labelled, message, section, table
from dashboard.urls import with_params
from warehouse import queries

dash.register_page(__name__, path="/compare", name="Compare", order=4, cached=True)

STATE = "compare-state"
CHOOSE = "compare-clubs"
SCORES = "compare-scores"
ATTENDANCE = "compare-attendance"
TABLE = "compare-table"
LOCATION = "_pages_location"
MAX_OPTIONS = 5000


@context.guarded(error_message)
def layout(**query: Any) -> html.Div:
    """Pick clubs of the scope; the choice lives in the URL (clubs=district/club,...)."""
    state = context.view(query)
    lang, scope, home = state["lang"], context.scope(), context.home()
    province = queries.chosen_province(home, scope, state["province"])
    if province is None and scope.role != "national":
        return message(i18n.t("no_data", lang))
    choices = queries.club_choices(home, scope, province).head(MAX_OPTIONS)
    options = (
        [
            {
                "label": f"{r['club_id']} {r['name']} · {i18n.district_name(r['district_code'], lang)}",
                "value": f"{r['district_code']}/{r['club_id']}",
            }
            for r in choices.iter_rows(named=True)
        ]
        if not choices.is_empty()
        else []
    )
    known = {o["value"] for o in options}
    state |= {"province": province, "clubs": [c for c in state["clubs"] if c in known]}
    return html.Div(
        [
            dcc.Store(id=STATE, data=state),
            html.H1(i18n.t("compare", lang), className="h3 mb-3"),
            dbc.Row(
                labelled(
                    i18n.t("choose_clubs", lang),
                    dcc.Dropdown(id=CHOOSE, options=options, value=state["clubs"], multi=True),
                    md=12,
                ),
                className="mb-3 filters",
            ),
            *(
                [dbc.Alert(i18n.t("compare_limit", lang), color="warning", id="compare-limit")]
                if state["limited"]
                else []
            ),
            card(i18n.t("criteria_by_year", lang), section(TABLE, show_table(state))),
            dbc.Row(
                [
                    dbc.Col(card("", graph(SCORES, figure=show_scores(state))), lg=6),
                    dbc.Col(card("", graph(ATTENDANCE, figure=show_attendance(state))), lg=6),
                ],
                className="g-3",
            ),
        ]
    )


def _state(data: object) -> tuple[Any, Any, dict[str, Any]]:
    return context.scope(), context.home(), context.view(data if isinstance(data, dict) else None)


def _clubs(s: dict[str, Any]) -> list[tuple[str, str]]:
    return [tuple(c.split("/", 1)) for c in s["clubs"]]  # type: ignore[misc]


@context.guarded(error_message)
def show_table(data: object) -> object:
    """Every criterion of every chosen club, year by year."""
    scope, home, s = _state(data)
    return compare_table(queries.compare(home, scope, _clubs(s)), s["lang"])


def compare_table(frame: pl.DataFrame, lang: str) -> object:
    """Club-years side by side: criteria marks, score, attendance, roll."""
    if frame.is_empty():
        return message(i18n.t("choose_clubs", lang))
    columns = [
        ("club_id", "code"),
        ("name", "name"),
        ("fiscal_year", "fiscal_year"),
        ("score", "score"),
        ("meets_standard", "meets_share"),
        *((k, k) for k in i18n.CRITERIA),
        ("attendance_rate", "attendance"),
        ("members_end", "members"),
    ]
    return table(frame.sort("fiscal_year", "district_code", "club_id"), columns, lang)


@context.guarded(figures.failed)
def show_scores(data: object) -> object:
    """Score of each chosen club over the years."""
    scope, home, s = _state(data)
    return figures.compare_lines(
        queries.compare(home, scope, _clubs(s)), s["lang"], "score", "score"
    )


@context.guarded(figures.failed)
def show_attendance(data: object) -> object:
    """Mean attendance of each chosen club over the years."""
    scope, home, s = _state(data)
    return figures.compare_lines(
        queries.compare(home, scope, _clubs(s)),
        s["lang"],
        "attendance_rate",
        "attendance",
        share=True,
    )


@callback(
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
    if (
        picked[:4] == context.view(data if isinstance(data, dict) else None)["clubs"]
        and len(picked) <= 4
    ):
        return dash.no_update
    return with_params(search, clubs=picked[:4], limited=1 if len(picked) > 4 else None)
