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
    counts = queries.scorecard_approved_counts(home, scope, s["fy"], approved)
    if frame.is_empty() and only is not None and counts:
        return html.Div(
            [
                sc.sign_off_note(counts, None, s),
                message(_(s["lang"], "No province has approved figures of this year yet")),
            ]
        )
    if frame.is_empty():
        return message(_(s["lang"], "No data you may see yet"))
    national = s["province"] is None
    lights = queries.scorecard_lights()
    whole = queries.scorecard_whole(home, scope, s["province"], s["fy"], only)
    if not national:
        counts = {p: c for p, c in counts.items() if p == s["province"]}
        provisional = frozenset(
            d for d in frame["area_code"].to_list() if (d, s["fy"]) not in approved
        )
    else:
        provisional = frozenset(p for p, (done, total) in counts.items() if done < total)
    return html.Div(
        [
            sc.sign_off_note(counts, s["province"], s),
            sc.legend(lights, s["lang"]),
            sc.table(frame, whole, s, lights, national, provisional),
        ]
    )


def _approved(
    home: Home, scope: Scope, s: dict[str, Any]
) -> tuple[frozenset[tuple[str, int]], frozenset[tuple[str, int]] | None]:
    """Every approved (district, year) of the provinces shown, and the filter the figures take:
    nationally approved only unless provisional figures were asked for; a province: none."""
    approved = approvals.approved_pairs(
        context.store(), queries.covered(home, scope, s["province"])
    )
    only = approved if s["province"] is None and not s["provisional"] else None
    return approved, only


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
    _all, only = _approved(home, scope, s)
    frame = queries.scorecard(home, scope, s["province"], s["fy"], only)
    if frame.is_empty():
        return dash.no_update
    whole = queries.scorecard_whole(home, scope, s["province"], s["fy"], only)
    title = exports.served_title(s["lang"], _(s["lang"], "Scorecard"), s["province"], s["fy"])
    content = sc.workbook(frame, whole, s, queries.scorecard_lights(), s["province"] is None, title)
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
