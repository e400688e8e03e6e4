"""Scorecard: the director's Monday view. Districts × the nine criteria as pass rates with traffic
lights, the share meeting the standard, the change from last year; nationally, provinces × criteria
(a league table of provinces). Sorted from the URL, printable on A4 landscape, downloadable."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from dashboard import compression, context, i18n, province_picker, year_url
from dashboard import scorecard as sc
from dashboard.components import error_message, message, section, year_select
from warehouse import queries

dash.register_page(__name__, path="/scorecard", name="Scorecard", order=1, cached=True)

STATE = "scorecard-state"
FY = "scorecard-fy"
TABLE = "scorecard-table"
DOWNLOAD = "scorecard-download"
DOWNLOAD_BUTTON = "scorecard-download-button"
PRINT_BUTTON = "scorecard-print"
LOCATION = "_pages_location"


@context.guarded(error_message)
def layout(**query: Any) -> html.Div:
    """Year, sort and province from the URL; the table is drawn with the page, within the scope."""
    state = context.view(query)
    lang, scope, home = state["lang"], context.scope(), context.home()
    province = queries.chosen_province(home, scope, state["province"])
    if province is None and scope.role != "national":
        return message(i18n.t("no_data", lang))
    years = queries.fiscal_years(home, scope, province)
    if not years:
        return message(i18n.t("no_data", lang))
    state |= {"province": province, "fy": state["fy"] if state["fy"] in years else max(years)}
    place = i18n.province_name(province, lang) if province else i18n.t("national", lang)
    title = i18n.t("scorecard_provinces" if province is None else "scorecard_districts", lang)
    return html.Div(
        [
            dcc.Store(id=STATE, data=state),
            province_picker.bar(lang, province, allow_all=True),
            dbc.Row(
                [
                    dbc.Col(
                        html.H1(
                            f"{i18n.t('scorecard', lang)} · {place} · {i18n.fiscal_year(state['fy'], lang)}",
                            className="h3 mb-0",
                        ),
                        md=7,
                    ),
                    dbc.Col(year_select(FY, years, state["fy"], lang), md=2, className="no-print"),
                    dbc.Col(
                        [
                            html.Button(
                                i18n.t("print", lang),
                                id=PRINT_BUTTON,
                                className="btn btn-outline-secondary btn-sm me-2 js-print",
                                type="button",
                            ),
                            dbc.Button(
                                i18n.t("download", lang),
                                id=DOWNLOAD_BUTTON,
                                color="secondary",
                                size="sm",
                            ),
                        ],
                        md=3,
                        className="text-md-end no-print",
                    ),
                ],
                className="mb-2 align-items-center",
            ),
            html.P(title, className="text-muted mb-2"),
            dcc.Download(id=DOWNLOAD),
            section(TABLE, show_table(state)),
        ],
        className="scorecard-page",
    )


def _state(data: object) -> tuple[Any, Any, dict[str, Any]]:
    return context.scope(), context.home(), context.view(data if isinstance(data, dict) else None)


@context.guarded(error_message)
def show_table(data: object) -> object:
    """The scorecard of the scope's province (or the country's provinces) with its legend."""
    scope, home, s = _state(data)
    s["province"] = queries.chosen_province(home, scope, s["province"])
    frame = queries.scorecard(home, scope, s["province"], s["fy"])
    if frame.is_empty():
        return message(i18n.t("no_data", s["lang"]))
    national = s["province"] is None
    lights = queries.scorecard_lights()
    whole = queries.scorecard_whole(home, scope, s["province"], s["fy"])
    return html.Div([sc.legend(lights, s["lang"]), sc.table(frame, whole, s, lights, national)])


@callback(
    Output(DOWNLOAD, "data"),
    Input(DOWNLOAD_BUTTON, "n_clicks"),
    State(STATE, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: dash.no_update)
def download(clicks: object, data: object) -> object:
    """The scorecard as shown (same order) as an Excel workbook; audited."""
    scope, home, s = _state(data)
    if not clicks:
        return dash.no_update
    s["province"] = queries.chosen_province(home, scope, s["province"])
    frame = queries.scorecard(home, scope, s["province"], s["fy"])
    if frame.is_empty():
        return dash.no_update
    whole = queries.scorecard_whole(home, scope, s["province"], s["fy"])
    content = sc.workbook(frame, whole, s, queries.scorecard_lights(), s["province"] is None)
    context.audit(
        "export_scorecard", f"fy={s['fy']} province={s['province'] or '*'} rows={frame.height}"
    )
    return compression.send_packed(
        content, f"tonbaeb-scorecard-{s['province'] or 'th'}-{s['fy']}.xlsx"
    )


choose_year = year_url.year_into_url(FY, STATE)
