"""Scorecard: the director's Monday view. Districts × the nine criteria as pass rates with traffic
lights, the share meeting the standard, the change from last year; nationally, provinces × criteria
(a league table of provinces). Sorted from the URL, printable on A4 landscape, downloadable."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, hooks, html

from accounts.scope import Scope
from core import formats
from core.home import Home
from core.texts import N_, _
from dashboard import (
    compression,
    context,
    exports,
    preamble,
    printed,
    province_picker,
    sign_off,
    targets_view,
    this_year,
    year_url,
)
from dashboard.components import download_button, error_message, message, section, year_select
from dashboard.pages import served
from dashboard.pages.scorecard import tables as sc
from warehouse import approvals, queries

STATE = "scorecard-state"
FY = "scorecard-fy"
TABLE = "scorecard-table"
DOWNLOAD = "scorecard-download"
DOWNLOAD_BUTTON = "scorecard-download-button"
PRINT_BUTTON = "scorecard-print"


@context.guarded(error_message)
def layout(**query: Any) -> html.Div:
    """Year, sort and province from the URL; the table is drawn with the page, within the scope."""
    start = preamble.opening(query, country=True, current=True)
    if start.shown is not None:
        return start.shown
    state, lang, years, province = start.state, start.lang, start.years, start.state["province"]
    place = (
        formats.province_name(province, lang) if province else province_picker.whole_country(lang)
    )
    title = (
        _(
            lang,
            "League table of provinces: each criterion's pass rate and "
            "the share meeting the standard, against the year before · a "
            "province's name opens its districts",
        )
        if province is None
        else _(
            lang,
            "Each district's pass rate of every criterion and share "
            "meeting the standard, against the year before · a "
            "district's name opens it · a header sorts",
        )
    )
    return html.Div(
        [
            printed.header(lang, _(lang, "Scorecard"), province, state["fy"]),
            dcc.Store(id=STATE, data=state),
            province_picker.bar(lang, province, allow_all=True),
            dbc.Row(
                [
                    dbc.Col(
                        html.H1(
                            f"{_(lang, 'Scorecard')} · {place} · {formats.fiscal_year(state['fy'], lang)}",
                            className="h3 mb-0",
                        ),
                        md=7,
                    ),
                    dbc.Col(year_select(FY, years, state["fy"], lang), md=2, className="no-print"),
                    dbc.Col(
                        [
                            html.Button(
                                _(lang, "Print (A4 landscape)"),
                                id=PRINT_BUTTON,
                                className="btn btn-outline-secondary btn-sm me-2 js-print",
                                type="button",
                            ),
                            download_button(DOWNLOAD_BUTTON, lang),
                        ],
                        md=3,
                        className="text-md-end no-print",
                    ),
                ],
                className="mb-2 align-items-center",
            ),
            html.P(title, className="text-muted mb-2 no-print"),  # hints for the screen
            targets_view.province_line(province, state["fy"], lang),
            dcc.Download(id=DOWNLOAD),
            this_year.waiting(province, state["fy"], lang)
            if start.waiting
            else section(TABLE, show_table(state)),
            printed.footer(lang, province),
        ],
        className="scorecard-page",
    )


@context.guarded(error_message)
def show_table(data: object) -> object:
    """The scorecard of the scope's province (or the country's provinces) with its legend."""
    scope, home, s = context.state(data)
    s["province"] = queries.chosen_province(home, scope, s["province"])
    approved, only = _approved(home, scope, s)
    frame = queries.scorecard(home, scope, s["province"], s["fy"], only)
    counts = _counts(home, scope, s, approved)
    mark = sign_off.page_mark(home, scope, s, "/scorecard")
    if frame.is_empty() and only is not None and counts:
        return html.Div([mark])  # it says that nothing is approved yet
    if frame.is_empty():
        return message(_(s["lang"], "No data you may see yet"))
    national = s["province"] is None
    lights = queries.scorecard_lights()
    whole = queries.scorecard_whole(home, scope, s["province"], s["fy"], only)
    tallies = sc.tallies(frame, counts, approved, s["fy"], national)
    return html.Div(
        [
            mark,
            sc.legend(lights, s["lang"]),
            sc.table(frame, whole, s, lights, national, tallies, only is not None),
        ]
    )


def _approved(
    home: Home, scope: Scope, s: dict[str, Any]
) -> tuple[frozenset[tuple[str, int]], frozenset[tuple[str, int]] | None]:
    """Every approved (district, year) of the provinces shown, and the filter the figures take:
    for the national role approved only (the country's provinces, or one province's districts)
    unless provisional figures were asked for; for a province's own users: none."""
    approved = approvals.approved_pairs(
        context.store(), queries.covered(home, scope, s["province"])
    )
    only = approved if scope.role == "national" and not s["provisional"] else None
    return approved, only


def _counts(
    home: Home, scope: Scope, s: dict[str, Any], approved: frozenset[tuple[str, int]]
) -> dict[str, tuple[int, int]]:
    """Per province shown: (districts approved, districts with data) of the year."""
    counts = queries.scorecard_approved_counts(home, scope, s["fy"], approved)
    if s["province"] is None:
        return counts
    return {p: c for p, c in counts.items() if p == s["province"]}


@hooks.callback(
    Output(DOWNLOAD, "data"),
    Input(DOWNLOAD_BUTTON, "n_clicks"),
    State(STATE, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: dash.no_update)
def download(clicks: object, data: object) -> object:
    """The scorecard as shown (same order) as an Excel workbook; audited."""
    scope, home, s = context.state(data)
    if not clicks:
        return dash.no_update
    s["province"] = queries.chosen_province(home, scope, s["province"])
    approved, only = _approved(home, scope, s)
    frame = queries.scorecard(home, scope, s["province"], s["fy"], only)
    if frame.is_empty():
        return dash.no_update
    national = s["province"] is None
    whole = queries.scorecard_whole(home, scope, s["province"], s["fy"], only)
    tallies = sc.tallies(frame, _counts(home, scope, s, approved), approved, s["fy"], national)
    title = exports.served_title(
        s["lang"], _(s["lang"], "Scorecard"), s["province"], s["fy"], only_approved=only is not None
    )
    content = sc.workbook(
        frame, whole, s, queries.scorecard_lights(), national, title, tallies, only is not None
    )
    context.audit(
        "export_scorecard", f"fy={s['fy']} province={s['province'] or '*'} rows={frame.height}"
    )
    return compression.send_packed(content, exports.file_name("scorecard", s["province"], s["fy"]))


choose_year = year_url.year_into_url(FY, STATE)


def register() -> None:
    """Register the page with Dash (dashboard.pages.register calls this once the app exists)."""
    dash.register_page(
        __name__,
        path="/scorecard",
        name="Scorecard",
        order=1,
        group="views",
        label=N_("Scorecard"),
        layout=served(__name__, "/scorecard", layout, kept=True, stamp=targets_view.stamp),
    )
