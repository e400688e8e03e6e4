"""Small reusable builders: KPI cards, pickers, tables, messages."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import polars as pl
from dash import dcc, html

from dashboard import i18n


def href(path: str, lang: str, **params: object) -> str:
    """A link inside the app that keeps the language."""
    query = {k: v for k, v in params.items() if v not in (None, "")} | {"lang": lang}
    return f"{path}?{urlencode(query)}"


def kpi_card(label: str, value: str, change: str | None = None) -> dbc.Col:
    """One headline figure, with its change from the year before."""
    body = [html.Div(label, className="kpi-label"), html.Div(value, className="kpi-value")]
    if change:
        body.append(html.Div(change, className="kpi-change"))
    return dbc.Col(dbc.Card(dbc.CardBody(body), className="kpi-card h-100"), xs=6, md=4, lg=True)


def message(text: str) -> dbc.Alert:
    """A calm message instead of data (nothing to show, or an error without a traceback)."""
    return dbc.Alert(text, color="light", className="empty-state")


def year_select(component_id: str, years: Sequence[int], value: int | None, lang: str) -> dcc.Dropdown:
    """Fiscal-year picker labelled in the UI language."""
    return dcc.Dropdown(
        id=component_id,
        options=[{"label": i18n.fiscal_year(y, lang), "value": y} for y in sorted(years, reverse=True)],
        value=value,
        clearable=False,
    )


def table(component_id: str, frame: pl.DataFrame, columns: Sequence[tuple[str, str]], height: int = 420, **grid: object) -> dag.AgGrid:
    """A client-side grid of a small frame; every value is shown as text, never as HTML."""
    return dag.AgGrid(
        id=component_id,
        rowData=frame.to_dicts(),
        columnDefs=[{"field": field, "headerName": header} for field, header in columns],
        defaultColDef={"sortable": True, "filter": True, "resizable": True},
        dashGridOptions={"domLayout": "normal", "pagination": True, "paginationPageSize": 20},
        style={"height": f"{height}px"},
        columnSize="responsiveSizeToFit",
        **grid,
    )


def breadcrumbs(items: Sequence[tuple[str, str | None]]) -> html.Nav:
    """Province -> district -> club, each a link except the last."""
    parts: list[object] = []
    for n, (label, link) in enumerate(items):
        if n:
            parts.append(html.Span(" › ", className="crumb-sep"))
        parts.append(dcc.Link(label, href=link) if link else html.Span(label, className="crumb-here"))
    return html.Nav(parts, className="crumbs mb-3", **{"aria-label": "breadcrumb"})
