"""Leaderboard: every club of the scope ranked by score, then attendance, years in a row and steps 5-7
(the tie-breaks shown as columns), paged from the server; filters and sort in the URL.

The layout draws the filters and the grid's columns; the grid (an infinite row model) asks for its row
blocks itself (getRowsRequest), and the answer to that request also says how many clubs match."""

from __future__ import annotations

from typing import Any

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import polars as pl
from dash import ClientsideFunction, Input, Output, State, dcc, hooks, html

from core import formats
from core.texts import N_, _, ngettext
from dashboard import (
    cache,
    compression,
    context,
    exports,
    preamble,
    province_picker,
    ranking,
    sign_off,
    terms,
    this_year,
)
from dashboard.components import (
    aria,
    district_options,
    download_button,
    error_message,
    href,
    labelled,
    year_select,
)
from dashboard.pages import served
from dashboard.urls import LOCATION, with_params
from warehouse import queries

STATE = "leaderboard-state"
FY = "leaderboard-fy"
DISTRICT = "leaderboard-district"
NETWORK = "leaderboard-network"
MEETS = "leaderboard-meets"
TEXT = "leaderboard-text"
GRID = "leaderboard-grid"
COUNT = "leaderboard-count"
DOWNLOAD = "leaderboard-download"
DOWNLOAD_BUTTON = "leaderboard-download-button"
PAGE_SIZE = 100
MAX_BLOCK = 500
# Columns whose first click sorts highest first (the rest: A to Z first).
BEST_FIRST = frozenset(
    {
        "score",
        "attendance",
        "years_meeting",
        "steps_done",
        "score_change",
        "meets_standard",
        *exports.CRITERIA,
    }
)
MAX_SORTS = 4


def sort_of(value: object) -> list[tuple[str, str]]:
    """The grid's sort from the URL ('-score,name': score highest first, then name), known columns only."""
    text = value if isinstance(value, str) else ""
    wanted: list[tuple[str, str]] = []
    for part in text.split(",")[:MAX_SORTS]:
        column = part.strip().lstrip("-")
        if column in exports.SORT_COLUMNS and column not in dict(wanted):
            wanted.append((column, "desc" if part.strip().startswith("-") else "asc"))
    return wanted


def sorts(sort_model: object) -> list[tuple[str, str]]:
    """(grid column, direction) of a grid sort model, known columns only (anything else is dropped)."""
    wanted = []
    for item in sort_model if isinstance(sort_model, list) else []:
        column = item.get("colId") if isinstance(item, dict) else None
        if (
            isinstance(column, str)
            and column in exports.SORT_COLUMNS
            and item.get("sort") in ("asc", "desc")
        ):
            wanted.append((column, str(item["sort"])))
    return wanted[:MAX_SORTS]


def sort_text(sort_model: object) -> str | None:
    """The URL's sort of a grid sort model (None when unsorted: the ranking rule's order)."""
    return ",".join(("-" if d == "desc" else "") + c for c, d in sorts(sort_model)) or None


PLACES = {"province": 150, "district": 150, "network": 190}  # columns of names: their least width


def column_defs(lang: str, national: bool, sort: str | None) -> list[dict[str, object]]:
    """The grid's columns: pinned rank and name (full name as a tooltip), sort from the URL."""
    wanted = {column: (n, direction) for n, (column, direction) in enumerate(sort_of(sort))}
    defs = []
    for c in exports.leaderboard_columns(lang, national):
        key = c.get("colId", c["field"])
        d: dict[str, object] = {
            **c,
            "sortable": key in exports.SORT_COLUMNS,
            "sortingOrder": ["desc", "asc", None] if key in BEST_FIRST else ["asc", "desc", None],
        }
        if key in ("rank", "name"):
            d["pinned"] = "left"
        if key == "name":
            d |= {
                "cellClass": "club-link",
                "minWidth": 240,
                "tooltipField": "name",
                "wrapText": True,
            }
        if key in PLACES:  # sized before any row arrives (the header's width): room for a name
            d |= {"minWidth": PLACES[key], "tooltipField": key, "wrapText": True}
        if key in wanted:
            d |= {"sort": wanted[key][1], "sortIndex": wanted[key][0]}
        defs.append(d)
    return defs


@context.guarded(error_message)
def layout(**query: Any) -> html.Div:
    """Filters from the URL, and a grid whose rows come block by block from the server."""
    start = preamble.opening(query, country=True, current=True)
    if start.shown is not None:
        return start.shown
    state, lang, years, province = start.state, start.lang, start.years, start.state["province"]
    state["sort"] = sort_text([{"colId": c, "sort": d} for c, d in sort_of(state["sort"])])
    national = province is None
    districts = [{"label": _(lang, "All"), "value": ""}]
    if province:
        districts += district_options(province, lang)
    networks = [{"label": _(lang, "All"), "value": ""}] + [
        {"label": terms.network(k, lang), "value": k} for k in terms.NETWORK_TYPES
    ]
    meets = [
        {"label": _(lang, "All"), "value": ""},
        {"label": _(lang, "Meets"), "value": "yes"},
        {"label": _(lang, "Does not meet"), "value": "no"},
    ]
    place = (
        formats.province_name(province, lang) if province else province_picker.whole_country(lang)
    )
    filters = dbc.Row(
        [
            labelled(_(lang, "Fiscal year"), year_select(FY, years, state["fy"], lang), md=2),
            labelled(
                _(lang, "District"),
                dcc.Dropdown(
                    id=DISTRICT,
                    options=districts,
                    value=state["district"] or "",
                    clearable=False,
                    disabled=national,
                ),
                md=2,
            ),
            labelled(
                _(lang, "Network type"),
                dcc.Dropdown(
                    id=NETWORK, options=networks, value=state["network"] or "", clearable=False
                ),
                md=3,
            ),
            labelled(
                _(lang, "Meet the standard"),
                dcc.Dropdown(
                    id=MEETS,
                    options=meets,
                    value=state["meets"] or "",
                    clearable=False,
                    searchable=False,
                ),
                md=2,
            ),
            labelled(
                _(lang, "Search club name or id"),
                dbc.Input(
                    id=TEXT, value=state["q"] or "", debounce=True, type="search", maxLength=100
                ),
                md=3,
            ),
        ],
        className="filters g-2 mb-3",
    )
    head = [
        dcc.Store(id=STATE, data=state),
        province_picker.bar(lang, province, allow_all=True),
        html.H1(f"{_(lang, 'Leaderboard')} · {place}", className="h3 mb-3"),
        sign_off.page_mark(start.home, start.scope, state, "/leaderboard"),
        filters,
    ]
    if start.waiting:  # the year in progress, before any club result of it
        return html.Div([*head, this_year.waiting(province, state["fy"], lang)])
    return html.Div(
        [
            *head,
            ranking.rules(lang, "leaderboard"),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            html.Strong(id=COUNT, className="me-3", **aria("live", "polite")),
                            html.Small(
                                _(lang, "Click a club's name to open it"), className="text-muted"
                            ),
                        ],
                        md=8,
                    ),
                    dbc.Col(
                        download_button(DOWNLOAD_BUTTON, lang),
                        md=4,
                        className="text-md-end",
                    ),
                ],
                className="mb-2 align-items-center",
            ),
            dcc.Download(id=DOWNLOAD),
            dag.AgGrid(
                id=GRID,
                rowModelType="infinite",
                columnDefs=column_defs(lang, national, state["sort"]),
                defaultColDef={"resizable": True, "minWidth": 70, "suppressHeaderMenuButton": True},
                dashGridOptions={
                    "cacheBlockSize": PAGE_SIZE,
                    "pagination": True,
                    "paginationPageSize": PAGE_SIZE,
                    "paginationPageSizeSelector": False,
                    "enableBrowserTooltips": True,
                    "rowHeight": 56,  # two lines: a long name wraps (rows of an infinite grid are all one height)
                    "maxBlocksInCache": 10,
                    "infiniteInitialRowCount": 1,
                    "rowBuffer": 0,
                    "suppressFieldDotNotation": True,
                    "localeText": terms.grid_text(lang),
                },
                getRowId="params.data.key",
                rowClassRules={"lb-provisional": "params.data && params.data.provisional"},
                columnSize="autoSize",
                style={"height": "620px"},
            ),
        ]
    )


def _filters(data: object, sort: str | None) -> dict[str, Any]:
    """Keyword arguments of queries.leaderboard from the page state and the grid's sort (as in the
    URL); nationally, approved figures only unless the state asks for provisional ones too."""
    s = context.view(data)
    order = [(exports.SORT_COLUMNS[c], d) for c, d in sort_of(sort)]
    return {
        "approved": sign_off.only(context.home(), context.scope(), s),
        "fiscal_year": s["fy"] or 0,
        "province": s["province"],
        "district": s["district"],
        "network_type": s["network"],
        "meets": {"yes": True, "no": False}.get(s["meets"] or ""),
        "text": s["q"],
        "sort": tuple(order),
    }


@hooks.callback(
    Output(GRID, "getRowsResponse"),
    Output(COUNT, "children"),
    Input(GRID, "getRowsRequest"),
    State(STATE, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: ({"rowData": [], "rowCount": 0}, ""))
def rows(request: object, data: object) -> tuple[dict[str, object], str]:
    """One block of rows for the grid, filtered and sorted on the server, and how many clubs match."""
    request = request if isinstance(request, dict) else {}
    start = max(0, context.integer(request.get("startRow")) or 0)
    end = context.integer(request.get("endRow")) or start + PAGE_SIZE
    limit = max(0, min(end - start, MAX_BLOCK))
    return _block(data, start, limit, sort_text(request.get("sortModel")))


@cache.cached("leaderboard.block")
def _block(data: object, start: int, limit: int, sort: str | None) -> tuple[dict[str, object], str]:
    """Rows start to start + limit of the state's clubs in that sort (the same block for everyone in a scope)."""
    frame, total = queries.leaderboard(
        context.home(), context.scope(), offset=start, limit=limit, **_filters(data, sort)
    )
    s = context.view(data)
    lang = s["lang"]
    rows = marked(exports.leaderboard_rows(frame, lang), frame, s["fy"], lang)
    return {"rowData": rows, "rowCount": total}, ngettext(
        lang, "{n} club found", "{n} clubs found", total, n=formats.number(total, lang)
    )


def marked(
    rows: list[dict[str, object]], frame: pl.DataFrame, fiscal_year: int | None, lang: str
) -> list[dict[str, object]]:
    """The grid's rows, those of a district whose year is not approved marked provisional."""
    found = set(sign_off.provisional(sign_off.districts_of(frame), fiscal_year))
    for row in rows:
        if str(row["key"]).partition("/")[0] in found:
            row["district"] = f"{row['district']} · {sign_off.word(lang)}"
            row["provisional"] = True
    return rows


@hooks.callback(
    Output(DOWNLOAD, "data"),
    Input(DOWNLOAD_BUTTON, "n_clicks"),
    State(STATE, "data"),
    State(GRID, "getRowsRequest"),
    prevent_initial_call=True,
)
@context.guarded(lambda: dash.no_update)
def download(clicks: object, data: object, request: object) -> object:
    """Exactly what is shown (filters and sort) as an Excel workbook, each club's figures marked
    approved or provisional (its district's year); audited."""
    if not clicks:
        return dash.no_update
    filters = _filters(
        data, sort_text(request.get("sortModel") if isinstance(request, dict) else None)
    )
    scope, home = context.scope(), context.home()
    lang = context.view(data)["lang"]

    province = queries.chosen_province(home, scope, filters["province"])

    def build() -> tuple[bytes, int, str]:
        frame, total = queries.leaderboard(home, scope, offset=0, limit=None, **filters)
        national = filters["province"] is None and scope.role == "national"
        marks = sign_off.row_marks(frame, filters["fiscal_year"], lang)
        rows = [
            r | {"sign_off": m}
            for r, m in zip(exports.leaderboard_rows(frame, lang), marks, strict=True)
        ]
        title = exports.served_title(
            lang,
            _(lang, "Leaderboard"),
            province,
            filters["fiscal_year"],
            described(filters, lang),
            only_approved=filters["approved"] is not None,
        )
        content = (
            exports.workbook(
                rows,
                exports.leaderboard_columns(lang, national, workbook=True),
                _(lang, "Leaderboard"),
                title,
                lang,
            )
            if total
            else b""
        )
        return content, total, _provinces(frame)

    # A national workbook of every club takes seconds to write: the same one is kept until a publish.
    content, total, provinces = cache.download(
        home, scope, filters["province"], "leaderboard.xlsx", (lang, *filters.items()), build
    )
    if total == 0:
        return dash.no_update
    context.audit(
        "export_leaderboard", f"fy={filters['fiscal_year']} province={provinces} rows={total}"
    )
    return compression.send_packed(
        content, exports.file_name("leaderboard", province, filters["fiscal_year"])
    )


def described(filters: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """The filters a workbook holds, in words (one row saying "none" when there are none)."""
    said = []
    if filters["district"]:
        said.append((_(lang, "District"), formats.district_name(filters["district"], lang)))
    if filters["network_type"]:
        said.append((_(lang, "Network type"), terms.network(filters["network_type"], lang)))
    if filters["meets"] is not None:
        meets = _(lang, "Meets") if filters["meets"] else _(lang, "Does not meet")
        said.append((_(lang, "Meet the standard"), meets))
    if filters["text"]:
        said.append((_(lang, "Search"), str(filters["text"])))
    return said or [(_(lang, "Filters"), _(lang, "None: every club"))]


def _provinces(frame: pl.DataFrame) -> str:
    """The provinces whose clubs a frame holds, as an audit entry names them ('10,62')."""
    return ",".join(sorted(set(frame["province_code"]))) if "province_code" in frame.columns else ""


@hooks.callback(
    Output(LOCATION, "search", allow_duplicate=True),
    Input(FY, "value"),
    Input(DISTRICT, "value"),
    Input(NETWORK, "value"),
    Input(MEETS, "value"),
    Input(TEXT, "value"),
    State(LOCATION, "search"),
    State(STATE, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: dash.no_update)
def choose(
    year: object,
    district: object,
    network: object,
    meets: object,
    text: object,
    search: object,
    data: object,
) -> object:
    """Filters go into the URL; the page re-renders from it (back button, shared links)."""
    wanted = {
        "fy": context.integer(year),
        "district": context.text(district),
        "network": context.text(network),
        "meets": context.text(meets),
        "q": context.text(text),
    }
    now = context.view(data)
    if all(now[k] == v for k, v in wanted.items()):
        return dash.no_update  # the controls were just drawn from the URL
    return with_params(search, **wanted)


@hooks.callback(
    Output(LOCATION, "href", allow_duplicate=True),
    Input(GRID, "cellClicked"),
    State(STATE, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: dash.no_update)
def open_club(cell: object, data: object) -> object:
    """A click on a club's name opens the club's page."""
    if (
        not isinstance(cell, dict)
        or cell.get("colId") != "name"
        or not isinstance(cell.get("rowId"), str)
    ):
        return dash.no_update
    district, _skip, club = str(cell["rowId"]).partition("/")
    lang = context.view(data)["lang"]
    return href("/club", lang, district=district, club=club)


# A new sort goes into the URL (a shared link opens sorted the same way), in the browser
# (assets/tonbaeb.js keepSort): no round trip beside each block of rows. The server reads
# the URL's sort through `sort_of`, which keeps known columns only.
hooks.clientside_callback(
    ClientsideFunction(namespace="tonbaeb", function_name="keepSort"),
    Output(LOCATION, "search", allow_duplicate=True),
    Input(GRID, "getRowsRequest"),
    State(LOCATION, "search"),
    State(STATE, "data"),
    prevent_initial_call=True,
)


def register() -> None:
    """Register the page with Dash (dashboard.pages.register calls this once the app exists)."""
    dash.register_page(
        __name__,
        path="/leaderboard",
        name="Leaderboard",
        order=2,
        group="views",
        label=N_("Leaderboard"),
        layout=served(__name__, "/leaderboard", layout, kept=True),
    )
