"""District: its clubs against the nine criteria, the district against the province, the trend.

The layout draws every section itself (one answer of the pages router); callbacks remain only
for the user's own moves: a click on the map, the district and year pickers."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import Input, Output, State, dcc, hooks, html

from core import formats
from core.texts import N_, NP_, _
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
    terms,
    this_year,
)
from dashboard.components import (
    breadcrumbs,
    card,
    children,
    district_options,
    error_message,
    graph,
    href,
    labelled,
    message,
    section,
    table,
    year_select,
)
from dashboard.pages import served
from dashboard.urls import LOCATION, with_params
from exemplars import followups
from warehouse import queries

STATE = "district-state"
FY = "district-fy"
CHOOSE = "district-choose"
GRID = "district-grid"
CLUBS = "district-clubs"
COMPARE = "district-compare"
TREND = "district-trend"
MAP = "district-map"
CHANGES = "district-changes"
GAPS = "district-gaps"
UNFOLLOWED = "district-unfollowed"


@context.guarded(error_message)
def layout(**query: Any) -> html.Div:
    """One district of the user's province (officers start at their own)."""
    start = preamble.opening(
        query,
        asked=(context.view(query)["district"] or "")[:2],
        current=True,
        whole=("/district", N_("District")),
    )
    if start.shown is not None:
        return start.shown
    state, lang, scope, home = start.state, start.lang, start.scope, start.home
    province, years, year = state["province"], start.years, state["fy"]
    district = (
        state["district"]
        if state["district"] and state["district"][:2] == province
        else scope.district_code
    )
    options = district_options(province, lang)
    state["district"] = district
    chooser = dcc.Dropdown(
        id=CHOOSE,
        options=options,
        value=district,
        placeholder=_(lang, "Choose a district"),
        clearable=False,
    )
    head = [
        dcc.Store(id=STATE, data=state),
        province_picker.bar(lang, province),
        breadcrumbs(
            [
                (
                    formats.province_name(province, lang),
                    href(
                        "/", lang, province=province if scope.role == "national" else None, fy=year
                    ),
                ),
                (
                    formats.district_name(district, lang) if district else _(lang, "District"),
                    None,
                ),
            ]
        ),
        dbc.Row(
            [
                dbc.Col(
                    html.H1(
                        formats.district_name(district, lang) if district else _(lang, "District"),
                        className="h3 mb-0",
                    ),
                    md=4,
                ),
                labelled(_(lang, "District"), chooser, md=4),
                labelled(_(lang, "Fiscal year"), year_select(FY, years, year, lang), md=4),
            ],
            className="mb-3 align-items-end filters",
        ),
    ]
    if start.waiting:  # the year in progress, before any club result of it
        wait = this_year.waiting(province, year, lang, district)
        return html.Div([*head, wait])
    if not district:
        mark = sign_off.page_mark(home, scope, state, "/district")
        return html.Div([*head, mark, html.Div(children(district_list(state)))])
    areas = queries.area_shapes(home, scope, province)
    brief = changes_view.brief_link(lang, province, year, district)
    return html.Div(
        [
            *head,
            sign_off.district_mark(district, year, lang),
            html.Div(brief, className="mb-3"),
            dbc.Row(
                [
                    dbc.Col(
                        card(_(lang, "Why behind the province"), section(GAPS, show_gaps(state))),
                        lg=6,
                    ),
                    dbc.Col(
                        card(_(lang, "What changed"), section(CHANGES, show_changes(state))),
                        lg=6,
                    ),
                ],
                className="g-3 mb-3",
            ),
            card(
                _(lang, "Failing clubs without a support action"),
                html.Div(show_unfollowed(state), id=UNFOLLOWED),
            ),
            card("", graph(GRID, 300, figure=show_grid(state))),
            card(
                _(lang, "Clubs"),
                [
                    html.Small(
                        _(lang, "Click a club's name to open it"),
                        className="text-muted d-block mb-2",
                    ),
                    section(CLUBS, show_clubs(state)),
                ],
            ),
            map_card(areas, lang, show_map(state) if areas else None),
            dbc.Row(
                [
                    dbc.Col(card("", graph(COMPARE, figure=show_compare(state))), lg=6),
                    dbc.Col(card("", graph(TREND, figure=show_trend(state))), lg=6),
                ],
                className="g-3",
            ),
        ]
    )


@context.guarded(error_message)
@cache.cached("district.list")
def district_list(data: object) -> object:
    """Before a district is chosen: the province's districts with data this year, each a link."""
    scope, home, s = context.state(data)
    lang = s["lang"]
    values = queries.area_values(home, scope, s["province"], s["fy"], sign_off.only(home, scope, s))
    if values.is_empty():
        return message(_(lang, "No data you may see yet"))
    rows = sorted(
        values.iter_rows(named=True), key=lambda r: formats.district_name(r["area_code"], lang)
    )
    items = [
        html.Li(
            [
                dcc.Link(
                    formats.district_name(r["area_code"], lang),
                    href=href("/district", lang, district=r["area_code"], fy=s["fy"]),
                ),
                " · ",
                _(
                    lang,
                    "{meeting} of {clubs} clubs meet it",
                    meeting=r["clubs_meeting_standard"],
                    clubs=r["clubs"],
                ),
            ]
        )
        for r in rows
    ]
    return card(
        _(lang, "Choose a district"),
        html.Ul(items, id="district-list", className="mb-0 district-list"),
    )


def map_card(areas: queries.Areas, lang: str, figure: object = None) -> dbc.Card:
    """The district's clubs on a map (`figure`: its first view); without boundaries, how to load them."""
    title = _(lang, "Where the district's clubs are")
    if not areas:
        command = html.Code(maps.COMMANDS["district"])
        how = html.P(
            [_(lang, "An administrator can load them with"), " ", command], className="mt-2 mb-0"
        )
        return card(title, [message(_(lang, "No boundaries loaded yet")), how])
    hint = html.Small(
        _(lang, "Click a point to open its club · hollow marks: approximate place"),
        className="text-muted d-block",
    )
    return card("", [graph(MAP, maps.HEIGHTS[areas.level], figure=figure), hint])


@context.guarded(figures.failed)
@cache.cached("district.grid")
def show_grid(data: object) -> object:
    """Clubs × criteria coloured by pass / fail."""
    scope, home, s = context.state(data)
    return figures.criteria_grid(
        queries.district_clubs(home, scope, s["district"], s["fy"]), s["lang"]
    )


@context.guarded(error_message)
@cache.cached("district.clubs")
def show_clubs(data: object) -> object:
    """The district's clubs with score and criteria, each linking to its page."""
    scope, home, s = context.state(data)
    return club_table(queries.district_clubs(home, scope, s["district"], s["fy"]), s["lang"])


def club_table(frame: pl.DataFrame, lang: str) -> object:
    """Ranked clubs of a district as a table whose names link to the club page."""
    if frame.is_empty():
        return message(_(lang, "No data you may see yet"))
    columns = [
        ("rank", N_("Rank in the province")),
        ("name", NP_("club name", "Club")),
        ("score", N_("Score")),
        ("meets_standard", N_("Meet the standard")),
        *terms.CRITERIA.items(),
        ("attendance_rate", N_("Attendance")),
    ]
    targets = [
        href("/club", lang, district=r["district_code"], club=r["club_id"])
        for r in frame.iter_rows(named=True)
    ]
    return table(frame, columns, lang, links={"name": targets})


@context.guarded(error_message)
@cache.cached("district.gaps")
def show_gaps(data: object) -> object:
    """The district's gaps against the province, ranked by the clubs each would lift."""
    scope, home, s = context.state(data)
    district, fy = s["district"], s["fy"]
    if not district or fy is None:
        return changes_view.why_behind(pl.DataFrame(), pl.DataFrame(), s["lang"], fy)
    return changes_view.why_behind(
        queries.district_gaps(home, scope, district, fy),
        queries.criterion_failures(home, scope, district, fy),
        s["lang"],
        fy,
    )


@context.guarded(error_message)
def show_unfollowed(state: dict[str, Any]) -> Any:
    """The year's clubs failing the standard with no support action recorded, each linked to its
    page (where an action is recorded). From the state store: the page is kept under its stamp."""
    scope, home, lang, fy = context.scope(), context.home(), state["lang"], state["fy"]
    district = state["district"]
    frame = followups.without_action(context.store(), home, scope, district[:2], fy, district)
    if frame.is_empty():
        return message(_(lang, "Every failing club has a support action recorded"), "success")
    return html.Div(
        [
            html.P(
                _(lang, "Open a club to record a visit, a training or mentoring"),
                className="text-muted small mb-1",
            ),
            changes_view.club_list(frame, lang, fy),
        ]
    )


@context.guarded(error_message)
@cache.cached("district.changes")
def show_changes(data: object) -> object:
    """The district's clubs that started or stopped meeting the standard; criteria that moved."""
    scope, home, s = context.state(data)
    district, fy = s["district"], s["fy"]
    if not district or fy is None:
        return changes_view.what_changed(pl.DataFrame(), pl.DataFrame(), s["lang"], fy)
    return changes_view.what_changed(
        queries.standard_changes(home, scope, None, fy, district=district),
        queries.criteria_moves(home, scope, None, fy, district=district),
        s["lang"],
        fy,
    )


@context.guarded(figures.failed)
@cache.cached("district.compare")
def show_compare(data: object) -> object:
    """Pass rate of each criterion: district against province."""
    scope, home, s = context.state(data)
    return figures.criteria_compare(
        queries.district_against_province(home, scope, s["district"], s["fy"]),
        s["lang"],
        s["district"] or "",
    )


@context.guarded(figures.failed)
@cache.cached("district.trend", daily=True)
def show_trend(data: object) -> object:
    """Share meeting the standard over the ended years: district and province."""
    scope, home, s = context.state(data)
    return figures.trend(
        queries.district_trend(home, scope, s["district"]),
        s["lang"],
        formats.fiscal_year_of(context.now().date()),
    )


@context.guarded(figures.failed)
@cache.cached("district.map")
def show_map(data: object) -> object:
    """The district's clubs as points (meeting the standard or not) over the province's map."""
    scope, home, s = context.state(data)
    points = queries.district_club_points(home, scope, s["district"], s["fy"])
    areas = queries.area_shapes(home, scope, s["province"])
    return maps.club_map(areas, points, s["district"] or "", s["lang"])


# A click on a club's point opens the club; inside another district, that district.
open_clicked = map_clicks.map_clicks(MAP, STATE, ("club", "district"))


@hooks.callback(
    Output(LOCATION, "search", allow_duplicate=True),
    Input(FY, "value"),
    Input(CHOOSE, "value"),
    State(LOCATION, "search"),
    State(STATE, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: dash.no_update)
def choose(year: object, district: object, search: object, data: object) -> object:
    """Year and district go into the URL."""
    now = context.view(data)
    if context.integer(year) == now["fy"] and context.text(district) == now["district"]:
        return dash.no_update
    return with_params(search, fy=context.integer(year), district=context.text(district))


def register() -> None:
    """Register the page with Dash (dashboard.pages.register calls this once the app exists)."""
    dash.register_page(
        __name__,
        path="/district",
        name="District",
        order=3,
        group="views",
        label=N_("District"),
        layout=served(__name__, "/district", layout, kept=True, stamp=targets_view.stamp),
    )
