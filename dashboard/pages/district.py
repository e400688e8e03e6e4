"""District: its clubs against the nine criteria, the district against the province, the trend."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import geothai
import polars as pl
from dash import Input, Output, State, callback, dcc, html

from dashboard import context, exports, figures, i18n
from dashboard.components import breadcrumbs, href, message, table, year_select
from dashboard.urls import with_params
from warehouse import queries

dash.register_page(__name__, path="/district", name="District", order=2)

FY = "district-fy"
CHOOSE = "district-choose"


def layout(district: str | None = None, fy: str | None = None, lang: str | None = None, **query: str) -> html.Div:
    """One district of the user's province (officers start at their own)."""
    lang = i18n.lang_of(lang)
    scope, home = context.scope(), context.home()
    province = queries.chosen_province(home, scope, query.get("province") or (district or "")[:2] or None)
    if province is None:
        return message(i18n.t("no_data", lang))
    district = district if district and district[:2] == province else scope.district_code or None
    options = [{"label": d.name_en if lang == "en" else d.name_th, "value": d.code} for d in geothai.districts(province)]
    chooser = dcc.Dropdown(id=CHOOSE, options=options, value=district, placeholder=i18n.t("choose_district", lang), clearable=False)
    if district is None:
        return html.Div([html.H1(i18n.t("district", lang), className="h3"), chooser])
    province_years = queries.province_years(home, scope, province)
    years = province_years["fiscal_year"].to_list() if not province_years.is_empty() else []
    if not years:
        return message(i18n.t("no_data", lang))
    year = int(fy) if fy and fy.isdigit() and int(fy) in years else max(years)
    clubs, _total = queries.leaderboard(home, scope, province, year, district=district, limit=None)
    district_years = queries.district_years(home, scope, district)
    this_year = district_years.filter(pl.col("fiscal_year") == year)
    province_row = province_years.filter(pl.col("fiscal_year") == year)
    grid_rows = pl.DataFrame(exports.leaderboard_rows(clubs, lang)) if not clubs.is_empty() else pl.DataFrame()
    links = [dcc.Link(r["name"], href=href("/club", lang, district=district, club=r["club_id"]), className="me-3") for r in clubs.iter_rows(named=True)] if not clubs.is_empty() else []
    compare = figures.criteria_rates(
        this_year.row(0, named=True) if this_year.height else {},
        lang,
        province_row.row(0, named=True) if province_row.height else None,
        (i18n.district_name(district, lang), i18n.province_name(province, lang)),
    )
    columns = [("name", i18n.t("name", lang)), ("score", i18n.t("score", lang))] + [(k, i18n.criterion(k, lang)) for k in i18n.CRITERIA]
    return html.Div(
        [
            breadcrumbs([(i18n.province_name(province, lang), href("/", lang, fy=year)), (i18n.district_name(district, lang), None)]),
            dbc.Row([dbc.Col(html.H1(i18n.district_name(district, lang), className="h3"), md=4), dbc.Col(chooser, md=4), dbc.Col(year_select(FY, years, year, lang), md=4)], className="mb-3"),
            dbc.Card(dbc.CardBody([html.H2(i18n.t("criteria_by_year", lang), className="h6"), table("district-grid", grid_rows, columns) if grid_rows.height else message(i18n.t("no_data", lang)), html.Div(links, className="small mt-2")]), className="mb-3"),
            dbc.Row(
                [
                    dbc.Col(dbc.Card(dbc.CardBody(dcc.Graph(figure=compare))), lg=6),
                    dbc.Col(dbc.Card(dbc.CardBody(dcc.Graph(figure=figures.trend(district_years, lang)))), lg=6),
                ],
                className="g-3",
            ),
        ]
    )


@callback(
    Output("_pages_location", "search", allow_duplicate=True),
    Input(FY, "value"),
    Input(CHOOSE, "value"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def choose(year: int | None, district: str | None, search: str | None) -> str:
    """Year and district go into the URL."""
    return with_params(search, fy=year, district=district)
