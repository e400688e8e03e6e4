"""Overview: how the province (or, for the national role, the country) is doing this fiscal year."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import Input, Output, State, callback, dcc, html

from dashboard import context, figures, i18n
from dashboard.components import href, kpi_card, message, table, year_select
from dashboard.urls import with_params
from warehouse import queries

dash.register_page(__name__, path="/", name="Overview", order=0)

FY = "overview-fy"
PROVINCE = "overview-province"


def layout(fy: str | None = None, province: str | None = None, lang: str | None = None, **_query: str) -> html.Div:
    """The page for the logged-in user's scope; values in the URL only choose within it."""
    lang = i18n.lang_of(lang)
    scope, home = context.scope(), context.home()
    if scope.role == "national" and not province:
        return _national(home, scope, fy, lang)
    chosen = queries.chosen_province(home, scope, province)
    if chosen is None:
        return message(i18n.t("no_data", lang))
    years_frame = queries.province_years(home, scope, chosen)
    if years_frame.is_empty():
        return message(i18n.t("no_data", lang))
    years = years_frame["fiscal_year"].to_list()
    year = int(fy) if fy and fy.isdigit() and int(fy) in years else max(years)
    now = years_frame.filter(pl.col("fiscal_year") == year).row(0, named=True)
    before = years_frame.filter(pl.col("fiscal_year") == year - 1)
    prior = before.row(0, named=True) if before.height else None
    districts = queries.district_year(home, scope, chosen, year)
    fresh = queries.freshness(home, scope, chosen)
    return html.Div(
        [
            dbc.Row(
                [
                    dbc.Col(html.H1(f"{i18n.t('overview', lang)} · {i18n.province_name(chosen, lang)}", className="h3"), md=8),
                    dbc.Col(year_select(FY, years, year, lang), md=4),
                ],
                className="mb-3 align-items-center",
            ),
            dbc.Row(_kpis(now, prior, lang), className="g-3 mb-3"),
            dbc.Row(
                [
                    dbc.Col(dbc.Card(dbc.CardBody([dcc.Graph(figure=figures.share_by_district(districts, lang), config={"displaylogo": False}), _district_links(districts, year, lang)])), lg=6),
                    dbc.Col(dbc.Card(dbc.CardBody(dcc.Graph(figure=figures.criteria_rates(now, lang), config={"displaylogo": False}))), lg=6),
                ],
                className="g-3 mb-3",
            ),
            dbc.Row(
                [
                    dbc.Col(dbc.Card(dbc.CardBody(dcc.Graph(figure=figures.trend(years_frame, lang), config={"displaylogo": False}))), lg=6),
                    dbc.Col(dbc.Card(dbc.CardBody([html.H2(i18n.t("freshness", lang), className="h6"), _freshness(fresh, lang)])), lg=6),
                ],
                className="g-3 mb-3",
            ),
            dbc.Card(dbc.CardBody(html.P(i18n.t("map_placeholder", lang), className="text-muted mb-0")), className="mb-3"),
        ]
    )


def _kpis(now: dict[str, object], prior: dict[str, object] | None, lang: str) -> list[dbc.Col]:
    def change(key: str, as_percent: bool = False) -> str | None:
        if prior is None or now.get(key) is None or prior.get(key) is None:
            return None
        delta = float(now[key]) - float(prior[key])  # type: ignore[arg-type]
        shown = f"{100 * delta:+.1f} pp" if as_percent else f"{delta:+,.0f}"
        return f"{i18n.t('change', lang)} {shown}"

    return [
        kpi_card(i18n.t("clubs", lang), i18n.number(now["clubs"], lang), change("clubs")),  # type: ignore[arg-type]
        kpi_card(i18n.t("meets_share", lang), i18n.percent(now["meets_share"], lang, 1), change("meets_share", True)),  # type: ignore[arg-type]
        kpi_card(i18n.t("members", lang), i18n.number(now["members"], lang), change("members")),  # type: ignore[arg-type]
        kpi_card(i18n.t("meetings_held", lang), i18n.number(now["meetings_held"], lang), change("meetings_held")),  # type: ignore[arg-type]
        kpi_card(i18n.t("mean_attendance", lang), i18n.percent(now["mean_attendance"], lang, 1), change("mean_attendance", True)),  # type: ignore[arg-type]
    ]


def _district_links(districts: pl.DataFrame, year: int, lang: str) -> html.Div:
    if districts.is_empty():
        return html.Div()
    links = [
        dcc.Link(i18n.district_name(code, lang), href=href("/district", lang, district=code, fy=year), className="me-3")
        for code in districts["district_code"]
    ]
    return html.Div(links, className="small")


def _freshness(fresh: pl.DataFrame, lang: str) -> object:
    if fresh.is_empty():
        return message(i18n.t("no_data", lang))
    shown = fresh.with_columns(
        pl.col("district_code").map_elements(lambda c: i18n.district_name(c, lang), return_dtype=pl.String).alias("district"),
        pl.col("last_loaded").map_elements(lambda d: i18n.day(d, lang), return_dtype=pl.String).alias("last_loaded"),
    )
    columns = [("district", i18n.t("district", lang)), ("last_loaded", i18n.t("last_loaded", lang)), ("last_status", i18n.t("status", lang)), ("batches", i18n.t("batches", lang))]
    return table("overview-freshness", shown, columns, height=330)


def _national(home: object, scope: object, fy: str | None, lang: str) -> html.Div:
    frame = queries.national_years(home, scope)  # type: ignore[arg-type]
    if frame.is_empty():
        return message(i18n.t("no_data", lang))
    years = sorted(set(frame["fiscal_year"].to_list()))
    year = int(fy) if fy and fy.isdigit() and int(fy) in years else max(years)
    this_year = frame.filter(pl.col("fiscal_year") == year).with_columns(
        pl.col("province_code").map_elements(lambda c: i18n.province_name(c, lang), return_dtype=pl.String).alias("province"),
    )
    columns = [("province", i18n.t("province", lang)), ("clubs", i18n.t("clubs", lang)), ("clubs_meeting_standard", i18n.t("meets", lang)), ("members", i18n.t("members", lang))]
    links = [dcc.Link(i18n.province_name(p, lang), href=href("/", lang, province=p, fy=year), className="me-3") for p in this_year["province_code"]]
    return html.Div(
        [
            dbc.Row([dbc.Col(html.H1(f"{i18n.t('overview', lang)} · {i18n.t('national', lang)}", className="h3"), md=8), dbc.Col(year_select(FY, years, year, lang), md=4)], className="mb-3"),
            dbc.Card(dbc.CardBody(table("overview-provinces", this_year, columns)), className="mb-3"),
            dbc.Card(dbc.CardBody(dcc.Graph(figure=figures.trend(frame.sort("province_code", "fiscal_year"), lang, by="province_code"))), className="mb-3"),
            html.Div(links, className="small"),
        ]
    )


@callback(
    Output("_pages_location", "search", allow_duplicate=True),
    Input(FY, "value"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def choose_year(year: int | None, search: str | None) -> str:
    """A new fiscal year goes into the URL, so the back button and shared links work."""
    return with_params(search, fy=year)
