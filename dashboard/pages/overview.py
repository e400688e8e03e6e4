"""Overview: how the province (or, for the national role, the country) is doing this fiscal year."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import Input, Output, State, callback, dcc, html

from dashboard import context, figures, i18n
from dashboard.components import card, error_message, graph, href, kpi_row, links, message, section, table, year_select
from dashboard.urls import with_params
from warehouse import queries

dash.register_page(__name__, path="/", name="Overview", order=0)

STATE = "overview-state"
FY = "overview-fy"
KPIS = "overview-kpis"
AREAS = "overview-areas"
AREA_LINKS = "overview-area-links"
CRITERIA = "overview-criteria"
TREND = "overview-trend"
FRESHNESS = "overview-freshness"
LOCATION = "_pages_location"


@context.guarded(error_message)
def layout(**query: Any) -> html.Div:
    """The page skeleton for the user's scope; values in the URL only choose within it."""
    state = context.view(query)
    lang, scope, home = state["lang"], context.scope(), context.home()
    province = queries.chosen_province(home, scope, state["province"])
    if province is None and scope.role != "national":
        return message(i18n.t("no_data", lang))
    years = queries.fiscal_years(home, scope, province)
    if not years:
        return message(i18n.t("no_data", lang))
    year = state["fy"] if state["fy"] in years else max(years)
    state |= {"province": province, "fy": year}
    place = i18n.province_name(province, lang) if province else i18n.t("national", lang)
    crumbs = [] if province is None or scope.role != "national" else [links([(i18n.t("national", lang), href("/", lang, fy=year))])]
    return html.Div(
        [
            dcc.Store(id=STATE, data=state),
            *crumbs,
            dbc.Row(
                [
                    dbc.Col(html.H1(f"{i18n.t('overview', lang)} · {place}", className="h3 mb-0"), md=8),
                    dbc.Col(year_select(FY, years, year, lang), md=4),
                ],
                className="mb-3 align-items-center",
            ),
            html.Div(section(KPIS), className="mb-3"),
            dbc.Row(
                [
                    dbc.Col(card("", [graph(AREAS), section(AREA_LINKS)]), lg=6),
                    dbc.Col(card("", graph(CRITERIA)), lg=6),
                ],
                className="g-3 mb-3",
            ),
            dbc.Row(
                [
                    dbc.Col(card("", graph(TREND)), lg=6),
                    dbc.Col(card(i18n.t("freshness", lang), section(FRESHNESS)), lg=6),
                ],
                className="g-3 mb-3",
            ),
            card("", html.P(i18n.t("map_placeholder", lang), className="text-muted mb-0", id="overview-map")),
        ]
    )


def _state(data: object) -> tuple[Any, Any, dict[str, Any]]:
    return context.scope(), context.home(), context.view(data if isinstance(data, dict) else None)


@callback(Output(KPIS, "children"), Input(STATE, "data"))
@context.guarded(error_message)
def show_kpis(data: object) -> object:
    """Headline figures of the year with their change from the year before."""
    scope, home, s = _state(data)
    return kpi_row(queries.headline(home, scope, s["province"], s["fy"]), s["lang"])


@callback(Output(AREAS, "figure"), Input(STATE, "data"))
@context.guarded(figures.failed)
def show_areas(data: object) -> object:
    """Share meeting the standard by district (or by province for the country)."""
    scope, home, s = _state(data)
    return figures.share_bars(queries.areas_year(home, scope, s["province"], s["fy"]), s["lang"])


@callback(Output(AREA_LINKS, "children"), Input(STATE, "data"))
@context.guarded(error_message)
def show_area_links(data: object) -> object:
    """Links down to each district (or province)."""
    scope, home, s = _state(data)
    return area_links(queries.areas_year(home, scope, s["province"], s["fy"]), s["lang"], s["fy"])


def area_links(frame: pl.DataFrame, lang: str, year: int | None) -> object:
    """Each area's name, linking to its district page (or a province's overview)."""
    if frame.is_empty():
        return html.Div()
    items = []
    for code in frame.sort("area_code")["area_code"]:
        target = href("/", lang, province=code, fy=year) if len(code) == 2 else href("/district", lang, district=code, fy=year)
        items.append((i18n.area_name(code, lang), target))
    return links(items)


@callback(Output(CRITERIA, "figure"), Input(STATE, "data"))
@context.guarded(figures.failed)
def show_criteria(data: object) -> object:
    """Pass rate of each of the nine criteria."""
    scope, home, s = _state(data)
    return figures.criteria_bars(queries.criteria_rates(home, scope, s["province"], s["fy"]), s["lang"])


@callback(Output(TREND, "figure"), Input(STATE, "data"))
@context.guarded(figures.failed)
def show_trend(data: object) -> object:
    """Share meeting the standard over the fiscal years."""
    scope, home, s = _state(data)
    return figures.trend(queries.trend(home, scope, s["province"]), s["lang"])


@callback(Output(FRESHNESS, "children"), Input(STATE, "data"))
@context.guarded(error_message)
def show_freshness(data: object) -> object:
    """When each district last loaded, and how that went."""
    scope, home, s = _state(data)
    frame = queries.freshness(home, scope, s["province"])
    columns = [("district_code", "district"), ("last_loaded", "last_loaded"), ("last_status", "status"), ("batches", "batches")]
    return table(frame, columns, s["lang"])


@callback(
    Output(LOCATION, "search", allow_duplicate=True),
    Input(FY, "value"),
    State(LOCATION, "search"),
    State(STATE, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: dash.no_update)
def choose_year(year: object, search: object, data: object) -> object:
    """A new fiscal year goes into the URL, so the back button and shared links work."""
    if context.integer(year) == context.view(data if isinstance(data, dict) else None)["fy"]:
        return dash.no_update  # the picker was just drawn with the page's own year
    return with_params(search, fy=context.integer(year))
