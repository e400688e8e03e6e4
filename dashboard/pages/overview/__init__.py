"""Overview: how the province (or, for the national role, the country) is doing this fiscal year.

The layout draws every section itself (one answer of the pages router); only the map's measure and
view menus, and a click on the map, redraw or navigate by callback."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import Input, Output, State, dcc, hooks, html

from core import formats
from core.texts import N_, _
from dashboard import (
    cache,
    changes_view,
    context,
    figures,
    map_clicks,
    maps,
    preamble,
    province_picker,
    sign_off,
    targets_view,
    this_year,
    year_url,
)
from dashboard.components import (
    card,
    error_message,
    graph,
    href,
    kpi_row,
    labelled,
    links,
    message,
    section,
    table,
    year_select,
)
from dashboard.pages import served
from exemplars import followups
from exemplars.followups import FollowupError
from warehouse import approvals, queries

STATE = "overview-state"
FY = "overview-fy"
KPIS = "overview-kpis"
AREAS = "overview-areas"
AREA_LINKS = "overview-area-links"
CRITERIA = "overview-criteria"
TREND = "overview-trend"
FRESHNESS = "overview-freshness"
CHANGES = "overview-changes"
THIS_YEAR = "overview-this-year"
MAP = "overview-map"
MEASURE = "overview-map-measure"
VIEW = "overview-map-view"
FIRST_MEASURE, FIRST_VIEW = "meets_share", "level"  # what the map shows when the page opens


@context.guarded(error_message)
def layout(**query: Any) -> html.Div:
    """The page skeleton for the user's scope; values in the URL only choose within it."""
    start = preamble.opening(query, country=True, current=True)
    if start.shown is not None:
        return start.shown
    state, lang, scope, home = start.state, start.lang, start.scope, start.home
    province, years, year = state["province"], start.years, state["fy"]
    place = (
        formats.province_name(province, lang) if province else province_picker.whole_country(lang)
    )
    areas = queries.area_shapes(home, scope, province)
    crumbs = (
        []
        if province is None or scope.role != "national"
        else [links([(province_picker.whole_country(lang), href("/", lang, fy=year))])]
    )
    head = [
        dcc.Store(id=STATE, data=state),
        *crumbs,
        dbc.Row(
            [
                dbc.Col(html.H1(f"{_(lang, 'Overview')} · {place}", className="h3 mb-0"), md=5),
                dbc.Col(
                    changes_view.brief_link(lang, province, year) if province else None,
                    md=4,
                    className="text-md-end",
                ),
                dbc.Col(year_select(FY, years, year, lang), md=3),
            ],
            className="mb-3 align-items-center",
        ),
    ]
    status = (
        [card(_(lang, "This fiscal year"), section(THIS_YEAR, show_this_year(state)))]
        if province
        else []
    )
    if start.waiting:  # the year in progress, before any club result of it
        wait = this_year.waiting(province, year, lang)
        targets = [targets_card(state, scope)] if province else []
        return html.Div([*head, html.Div(wait, className="mb-3"), *status, *targets])
    return html.Div(
        [
            *head,
            sign_off.page_mark(home, scope, state, "/"),
            html.Div(section(KPIS, show_kpis(state)), className="mb-3"),
            # Where: the map beside the same figures as bars (and links, for keyboards).
            dbc.Row(
                [
                    dbc.Col(
                        map_card(
                            areas,
                            lang,
                            show_map(state, FIRST_MEASURE, FIRST_VIEW) if areas else None,
                        ),
                        lg=6,
                    ),
                    dbc.Col(
                        card(
                            "",
                            [
                                graph(AREAS, figure=show_areas(state)),
                                section(AREA_LINKS, show_area_links(state)),
                            ],
                        ),
                        lg=6,
                    ),
                ],
                className="g-3 mb-3",
            ),
            dbc.Row(
                [
                    dbc.Col(card("", graph(CRITERIA, figure=show_criteria(state))), lg=6),
                    dbc.Col(card("", graph(TREND, figure=show_trend(state))), lg=6),
                ],
                className="g-3 mb-3",
            ),
            *(
                [card(_(lang, "What changed"), section(CHANGES, show_changes(state)))]
                if province
                else []
            ),
            *status,
            *([targets_card(state, scope)] if province else []),
            card(_(lang, "Data freshness by district"), section(FRESHNESS, show_freshness(state))),
        ]
    )


def targets_card(state: dict[str, Any], scope: Any) -> dbc.Card:
    """Progress to the year's targets; for the province's director, the form that sets them."""
    lang, province, fy = state["lang"], state["province"], state["fy"]
    body: list[Any] = [
        html.Div(targets_view.progress(province, fy, lang), id=targets_view.PROGRESS)
    ]
    if followups.may_set_targets(scope, province):
        body.append(targets_view.form(province, lang))
    return card(_(lang, "Targets · {year}", year=formats.fiscal_year(fy, lang)), body)


@hooks.callback(
    Output(targets_view.FEEDBACK, "children"),
    Output(targets_view.PROGRESS, "children"),
    Input(targets_view.SAVE, "n_clicks"),
    State(targets_view.WHERE, "value"),
    State(targets_view.SHARE, "value"),
    State(STATE, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: (error_message(), dash.no_update))
def set_target(clicks: object, where: object, share: object, data: object) -> object:
    """Set the province's (or a district's) target of the page's year; the server checks who may."""
    scope, _home, s = context.state(data)
    lang = s["lang"]
    if not clicks or not s["province"] or not isinstance(s["fy"], int):
        return dash.no_update, dash.no_update
    value = share if isinstance(share, int | float) and not isinstance(share, bool) else None
    district = context.text(where)
    try:
        if value is None:
            raise FollowupError("bad_target")
        followups.set_target(
            context.store(),
            scope,
            s["province"],
            s["fy"],
            value / 100,
            None if district == "province" else district,
            at=context.now().timestamp(),
            ip=context.ip(),
        )
    except FollowupError as error:
        words = {
            "bad_target": _(lang, "Give a share between 0 and 100"),
            "bad_year": _(lang, "Choose a fiscal year"),
        }
        refusal = words.get(error.code, _(lang, "Only the province's director sets its targets"))
        return dbc.Alert(refusal, color="warning", className="mb-0"), dash.no_update
    done = dbc.Alert(_(lang, "Target set"), color="success", className="mb-0")
    return done, targets_view.progress(s["province"], s["fy"], lang)


def map_card(areas: queries.Areas, lang: str, figure: object = None) -> dbc.Card:
    """The map (`figure`: its first view) with its measure menu; without boundaries, how to load them."""
    title = _(lang, "Map")
    if not areas:
        command = html.Code(maps.COMMANDS[areas.level])
        how = html.P(
            [_(lang, "An administrator can load them with"), " ", command], className="mt-2 mb-0"
        )
        return card(title, [message(_(lang, "No boundaries loaded yet")), how])
    options = [{"label": maps.measure_label(m, lang), "value": m} for m in queries.MEASURES]
    menu = dcc.Dropdown(
        id=MEASURE, options=options, value=FIRST_MEASURE, clearable=False, searchable=False
    )
    hint = (
        _(lang, "Click a province to open its overview")
        if areas.level == "province"
        else _(lang, "Click a district to open it")
    )
    views = [
        {"label": _(lang, "The chosen year"), "value": "level"},
        {"label": _(lang, "Change from last year"), "value": "change"},
    ]
    view = dbc.RadioItems(id=VIEW, options=views, value=FIRST_VIEW, inline=True)
    return card(
        title,
        [
            dbc.Row(
                [
                    labelled(_(lang, "Show on the map"), menu, md=6),
                    labelled(_(lang, "Values"), view, md=6),
                ],
                className="mb-2 g-2",
            ),
            graph(MAP, maps.HEIGHTS[areas.level], figure=figure),
            html.Small(hint, className="text-muted d-block"),
        ],
    )


@context.guarded(error_message)
@cache.cached("overview.kpis")
def show_kpis(data: object) -> object:
    """Headline figures of the year with their change from the year before."""
    scope, home, s = context.state(data)
    only = sign_off.only(home, scope, s)
    return kpi_row(queries.headline(home, scope, s["province"], s["fy"], only), s["lang"])


@context.guarded(figures.failed)
@cache.cached("overview.areas")
def show_areas(data: object) -> object:
    """Share meeting the standard by district (or by province for the country)."""
    scope, home, s = context.state(data)
    only = sign_off.only(home, scope, s)
    return figures.share_bars(
        queries.areas_year(home, scope, s["province"], s["fy"], only), s["lang"]
    )


@context.guarded(error_message)
@cache.cached("overview.area_links")
def show_area_links(data: object) -> object:
    """Links down to each district (or province)."""
    scope, home, s = context.state(data)
    only = sign_off.only(home, scope, s)
    frame = queries.areas_year(home, scope, s["province"], s["fy"], only)
    codes = [] if frame.is_empty() else frame["area_code"].to_list()
    marked = sign_off.marked_areas(home, scope, s, codes)
    return area_links(frame, s["lang"], s["fy"], marked, s["provisional"])


def area_links(
    frame: pl.DataFrame,
    lang: str,
    year: int | None,
    marked: frozenset[str] = frozenset(),
    provisional: bool = False,
) -> object:
    """Each area's name, linking to its district page (or a province's overview, with provisional
    figures if these are); the areas in `marked` said to hold provisional figures."""
    if frame.is_empty():
        return html.Div()
    items = []
    for code in frame.sort("area_code")["area_code"]:
        target = (
            href("/", lang, province=code, fy=year, provisional=1 if provisional else None)
            if len(code) == 2
            else href("/district", lang, district=code, fy=year)
        )
        name = formats.area_name(code, lang)
        items.append((f"{name} · {sign_off.word(lang)}" if code in marked else name, target))
    return links(items)


@context.guarded(figures.failed)
@cache.cached("overview.criteria")
def show_criteria(data: object) -> object:
    """Pass rate of each of the nine criteria."""
    scope, home, s = context.state(data)
    only = sign_off.only(home, scope, s)
    return figures.criteria_bars(
        queries.criteria_rates(home, scope, s["province"], s["fy"], only), s["lang"]
    )


@context.guarded(figures.failed)
@cache.cached("overview.trend", daily=True)
def show_trend(data: object) -> object:
    """Share meeting the standard over the ended fiscal years (the one in progress said to be)."""
    scope, home, s = context.state(data)
    only = sign_off.only(home, scope, s)
    return figures.trend(
        queries.trend(home, scope, s["province"], only),
        s["lang"],
        formats.fiscal_year_of(context.now().date()),
    )


@context.guarded(error_message)
@cache.cached("overview.changes")
def show_changes(data: object) -> object:
    """Clubs that started or stopped meeting the standard, and the criteria that moved most."""
    scope, home, s = context.state(data)
    province, fy = s["province"], s["fy"]
    if fy is None:
        return changes_view.what_changed(pl.DataFrame(), pl.DataFrame(), s["lang"], fy)
    only = sign_off.only(home, scope, s)
    return changes_view.what_changed(
        queries.standard_changes(home, scope, province, fy, approved=only),
        queries.criteria_moves(home, scope, province, fy, approved=only),
        s["lang"],
        fy,
    )


@context.guarded(error_message)
@cache.cached("overview.this_year", daily=True)
def show_this_year(data: object) -> object:
    """The fiscal year in progress: which districts have sent it, its due date, days left."""
    scope, home, s = context.state(data)
    today = context.now()
    current = formats.fiscal_year_of(today.date())
    frame = approvals.with_approval(
        context.store(), queries.year_status(home, scope, s["province"], current, today)
    )
    return this_year.status_table(frame, s["lang"], today.date())


@context.guarded(error_message)
@cache.cached("overview.freshness")
def show_freshness(data: object) -> object:
    """When each district last loaded, and how that went."""
    scope, home, s = context.state(data)
    frame = queries.freshness(home, scope, s["province"])
    columns = [
        ("district_code", N_("District")),
        ("last_loaded", N_("Last loaded")),
        ("last_status", N_("Status")),
        ("batches", N_("Load batches")),
    ]
    return table(frame, columns, s["lang"])


@hooks.callback(
    Output(MAP, "figure"),
    State(STATE, "data"),
    Input(MEASURE, "value"),
    Input(VIEW, "value"),
    prevent_initial_call=True,
)
@context.guarded(figures.failed)
@cache.cached("overview.map")
def show_map(data: object, measure: object, view: object = "level") -> object:
    """Districts (or, for the country, provinces) coloured by the chosen measure, or by its change from last year."""
    scope, home, s = context.state(data)
    areas = queries.area_shapes(home, scope, s["province"])
    only = sign_off.only(home, scope, s)
    values = queries.area_values(home, scope, s["province"], s["fy"], only)
    before = (
        queries.area_values(home, scope, s["province"], s["fy"] - 1, only)
        if view == "change"
        else None
    )
    return maps.area_map(areas, values, context.text(measure) or "", s["lang"], before)


# A click inside a district opens its page; inside a province (national map), its overview.
open_area = map_clicks.map_clicks(MAP, STATE, ("district", "province"))
choose_year = year_url.year_into_url(FY, STATE)


def register() -> None:
    """Register the page with Dash (dashboard.pages.register calls this once the app exists)."""
    dash.register_page(
        __name__,
        path="/",
        name="Overview",
        order=0,
        group="views",
        label=N_("Overview"),
        layout=served(__name__, "/", layout, kept=True, stamp=targets_view.stamp),
    )
