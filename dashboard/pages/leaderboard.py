"""Leaderboard: every club of the scope ranked by score then attendance, paged from the server."""

from __future__ import annotations

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import geothai
from dash import Input, Output, State, callback, dcc, html

from dashboard import context, exports, i18n
from dashboard.components import message, year_select
from dashboard.urls import params_of, with_params
from etl.schemas import NETWORK_TYPES
from warehouse import queries

dash.register_page(__name__, path="/leaderboard", name="Leaderboard", order=1)

FY = "leaderboard-fy"
DISTRICT = "leaderboard-district"
NETWORK = "leaderboard-network"
MEETS = "leaderboard-meets"
TEXT = "leaderboard-text"
GRID = "leaderboard-grid"
DOWNLOAD = "leaderboard-download"
DOWNLOAD_BUTTON = "leaderboard-download-button"
PAGE_SIZE = 100


def layout(lang: str | None = None, **query: str) -> html.Div:
    """Filters from the URL, and a grid whose rows come page by page from the server."""
    lang = i18n.lang_of(lang)
    scope, home = context.scope(), context.home()
    province = queries.chosen_province(home, scope, query.get("province"))
    years_frame = queries.province_years(home, scope, province) if province else None
    if province is None or years_frame is None or years_frame.is_empty():
        return message(i18n.t("no_data", lang))
    years = years_frame["fiscal_year"].to_list()
    fy = query.get("fy", "")
    year = int(fy) if fy.isdigit() and int(fy) in years else max(years)
    districts = [{"label": i18n.t("all", lang), "value": ""}] + [
        {"label": d.name_en if lang == "en" else d.name_th, "value": d.code} for d in geothai.districts(province)
    ]
    networks = [{"label": i18n.t("all", lang), "value": ""}] + [{"label": i18n.network(k, lang), "value": k} for k in NETWORK_TYPES]
    meets = [{"label": i18n.t("all", lang), "value": ""}, {"label": i18n.t("meets", lang), "value": "yes"}, {"label": i18n.t("not_meets", lang), "value": "no"}]
    filters = dbc.Row(
        [
            dbc.Col([dbc.Label(i18n.t("fiscal_year", lang)), year_select(FY, years, year, lang)], md=2),
            dbc.Col([dbc.Label(i18n.t("district", lang)), dcc.Dropdown(id=DISTRICT, options=districts, value=query.get("district", ""), clearable=False)], md=2),
            dbc.Col([dbc.Label(i18n.t("network_type", lang)), dcc.Dropdown(id=NETWORK, options=networks, value=query.get("network", ""), clearable=False)], md=3),
            dbc.Col([dbc.Label(i18n.t("meets_share", lang)), dcc.Dropdown(id=MEETS, options=meets, value=query.get("meets", ""), clearable=False)], md=2),
            dbc.Col([dbc.Label(i18n.t("search", lang)), dbc.Input(id=TEXT, value=query.get("q", ""), debounce=True, type="search")], md=3),
        ],
        className="filters g-2 mb-3",
    )
    return html.Div(
        [
            html.H1(f"{i18n.t('leaderboard', lang)} · {i18n.province_name(province, lang)}", className="h3 mb-3"),
            filters,
            dbc.Button(i18n.t("download", lang), id=DOWNLOAD_BUTTON, color="secondary", size="sm", className="mb-2"),
            dcc.Download(id=DOWNLOAD),
            dag.AgGrid(
                id=GRID,
                rowModelType="infinite",
                columnDefs=exports.leaderboard_columns(lang),
                defaultColDef={"sortable": True, "resizable": True},
                dashGridOptions={"cacheBlockSize": PAGE_SIZE, "maxBlocksInCache": 10, "rowBuffer": 0},
                style={"height": "640px"},
            ),
        ]
    )


def _filters(search: str | None) -> dict[str, object]:
    params = params_of(search)
    fy = params.get("fy", "")
    meets = {"yes": True, "no": False}.get(params.get("meets", ""))
    return {
        "province": params.get("province"),
        "fiscal_year": int(fy) if fy.isdigit() else None,
        "district": params.get("district") or None,
        "network_type": params.get("network") or None,
        "meets": meets,
        "text": params.get("q") or None,
        "lang": i18n.lang_of(params.get("lang")),
    }


def _page(search: str | None, sort: tuple[tuple[str, str], ...], offset: int, limit: int | None) -> tuple[list[dict[str, object]], int]:
    scope, home = context.scope(), context.home()
    wanted = _filters(search)
    province = queries.chosen_province(home, scope, wanted["province"])  # type: ignore[arg-type]
    if province is None:
        return [], 0
    year = wanted["fiscal_year"]
    if year is None:
        years = queries.province_years(home, scope, province)
        year = int(years["fiscal_year"].max()) if not years.is_empty() else 0  # type: ignore[arg-type]
    frame, total = queries.leaderboard(
        home, scope, province, int(year),  # type: ignore[call-overload]
        district=wanted["district"], network_type=wanted["network_type"], meets=wanted["meets"],  # type: ignore[arg-type]
        text=wanted["text"], sort=sort, offset=offset, limit=limit,  # type: ignore[arg-type]
    )
    return exports.leaderboard_rows(frame, str(wanted["lang"])), total


@callback(
    Output(GRID, "getRowsResponse"),
    Input(GRID, "getRowsRequest"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def rows(request: dict[str, object] | None, search: str | None) -> dict[str, object]:
    """One block of rows for the grid, filtered and sorted on the server."""
    if not request:
        return {"rowData": [], "rowCount": 0}
    start = max(0, int(request.get("startRow", 0) or 0))  # type: ignore[call-overload]
    end = min(start + 1000, max(start, int(request.get("endRow", start + PAGE_SIZE) or 0)))  # type: ignore[call-overload]
    sort = tuple((str(s.get("colId")), str(s.get("sort"))) for s in request.get("sortModel") or [] if isinstance(s, dict))  # type: ignore[union-attr]
    data, total = _page(search, sort, start, end - start)
    return {"rowData": data, "rowCount": total}


@callback(
    Output(DOWNLOAD, "data"),
    Input(DOWNLOAD_BUTTON, "n_clicks"),
    State("_pages_location", "search"),
    State(GRID, "getRowsRequest"),
    prevent_initial_call=True,
)
def download(_clicks: int | None, search: str | None, request: dict[str, object] | None) -> dict[str, object]:
    """Exactly what is shown (filters and sort), as an Excel workbook; audited."""
    sort = tuple((str(s.get("colId")), str(s.get("sort"))) for s in (request or {}).get("sortModel") or [] if isinstance(s, dict))  # type: ignore[union-attr]
    data, _total = _page(search, sort, 0, None)
    lang = str(_filters(search)["lang"])
    context.audit_as_user(f"export leaderboard {len(data)} rows")
    return dcc.send_bytes(exports.workbook(data, exports.leaderboard_columns(lang)), "tonbaeb-leaderboard.xlsx")


@callback(
    Output("_pages_location", "search", allow_duplicate=True),
    Input(FY, "value"),
    Input(DISTRICT, "value"),
    Input(NETWORK, "value"),
    Input(MEETS, "value"),
    Input(TEXT, "value"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def choose(year: int | None, district: str, network: str, meets: str, text: str, search: str | None) -> str:
    """Filters go into the URL; the page re-renders from it."""
    return with_params(search, fy=year, district=district, network=network, meets=meets, q=text)
