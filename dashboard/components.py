"""Small reusable builders: KPI cards, pickers, tables, links, messages.

Everything that may hold spreadsheet text is rendered as text children (React
escapes it); no component here ever takes HTML or Markdown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any, cast
from urllib.parse import urlencode

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import geothai
import polars as pl
from dash import dcc, html
from dash.development.base_component import Component, ComponentType

from core import formats
from core.texts import N_, _
from dashboard import terms
from dashboard.figures import CONFIG

PASS, FAIL = "✓", "✗"
Column = tuple[str, str]  # (field, its header: a marked text, or a text as it is)


def href(path: str, lang: str, **params: object) -> str:
    """A link inside the app that keeps the language."""
    query = {k: v for k, v in params.items() if v not in (None, "", [])} | {"lang": lang}
    return f"{path}?{urlencode(query)}"


def message(text: str, kind: str = "light") -> dbc.Alert:
    """A calm message instead of data (nothing to show, or an error without a traceback)."""
    return dbc.Alert(text, color=kind, className="empty-state mb-0")


def choose_club(
    lang: str, page: str = "/leaderboard", link: str = N_("Open the leaderboard")
) -> html.Div:
    """What a club's page shows before a club is chosen: say so, and where to choose one."""
    return html.Div(
        [
            html.H1(_(lang, "Choose a club"), className="h3 mb-3"),
            dbc.Alert(
                [
                    html.P(
                        _(lang, "Pick a club from the list, or open one from the leaderboard"),
                        className="mb-2",
                    ),
                    dcc.Link(_(lang, link), href=href(page, lang), id="choose-club-link"),
                ],
                color="light",
                className="empty-state mb-0",
                id="choose-club",
            ),
        ]
    )


def error_message() -> dbc.Alert:
    """What a failed section shows, in both languages (the failure is logged on the server)."""
    return message(
        " · ".join(_(lang, "Something went wrong; please try again") for lang in ("th", "en")),
        "warning",
    )


def card(title: str, body: object, **col: Any) -> dbc.Card:
    """A titled card (body: one component or a list of them)."""
    parts = body if isinstance(body, list) else [body]
    return dbc.Card(
        dbc.CardBody([html.H2(title, className="h6 card-title"), *parts]),
        className="mb-3 h-100",
        **col,
    )


def folded(title: str, body: object, item_id: str) -> dbc.Accordion:
    """A long list behind its title, closed until opened (keeps long pages short)."""
    return dbc.Accordion(
        dbc.AccordionItem(body, title=title, item_id=item_id),
        start_collapsed=True,
        id=f"{item_id}-fold",
        className="mb-3 fold",
    )


def section(component_id: str, content: object = None) -> dcc.Loading:
    """A part of a page, drawn with the page (`content`); a callback may redraw it, with a spinner meanwhile."""
    return dcc.Loading(html.Div(children(content), id=component_id), type="dot", delay_show=300)


def children(part: object) -> ComponentType:
    """A drawn part (a component, text, a list of them, or the plain JSON tree a kept part is
    sent as) as a component's children: Dash takes each as it is; its typing names components only."""
    return cast(ComponentType, part)


def graph(component_id: str, height: int = 360, figure: object = None) -> dcc.Graph:
    """A figure, drawn with the page (a callback may redraw it); the figure's own height decides
    (never 100% of a card)."""
    drawn: dict[str, Any] = {} if figure is None else {"figure": figure}
    return dcc.Graph(
        id=component_id,
        config=CONFIG,
        style={"minHeight": f"{height}px", "height": "auto"},
        **drawn,
    )


def district_options(
    province: str, lang: str, keep: Callable[[str], bool] = lambda _code: True
) -> list[dict[str, str]]:
    """A dropdown's options: the province's districts (DOPA list) named in the language, those `keep` allows."""
    return [
        {"label": d.name_en if lang == "en" else d.name_th, "value": d.code}
        for d in geothai.districts(province)
        if keep(d.code)
    ]


def year_select(
    component_id: str, years: Sequence[int], value: int | None, lang: str
) -> dcc.Dropdown:
    """Fiscal-year picker labelled in the UI language."""
    return dcc.Dropdown(
        id=component_id,
        options=[
            {"label": formats.fiscal_year(y, lang), "value": y} for y in sorted(years, reverse=True)
        ],
        value=value,
        clearable=False,
        searchable=False,
    )


def download_button(component_id: str, lang: str, **props: Any) -> dbc.Button:
    """The page's "Download Excel" button (its click asks the server for the workbook)."""
    return dbc.Button(
        _(lang, "Download Excel"), id=component_id, color="secondary", size="sm", **props
    )


def labelled(label: str, control: object, **col: Any) -> dbc.Col:
    """A filter control with its label."""
    return dbc.Col([dbc.Label(label, className="form-label"), control], **col)


def kpi_row(frame: pl.DataFrame, lang: str) -> object:
    """Headline figures with their change from the year before."""
    if frame.is_empty():
        return message(_(lang, "No data you may see yet"))
    row = frame.row(0, named=True)

    def change(key: str, share: bool = False) -> str | None:
        now, before = row.get(key), row.get(f"{key}_before")
        if now is None or before is None:
            return None
        shown = formats.points(now - before, lang) if share else formats.signed(now - before, lang)
        return f"{_(lang, 'vs year before')} {shown}"

    cards = [
        (_(lang, "Clubs"), formats.number(row["clubs"], lang), change("clubs")),
        (
            _(lang, "Meet the standard"),
            formats.percent(row["meets_share"], lang, 1),
            change("meets_share", True),
        ),
        (_(lang, "Members"), formats.number(row["members"], lang), change("members")),
        (
            _(lang, "Meetings held"),
            formats.number(row["meetings_held"], lang),
            change("meetings_held"),
        ),
        (
            _(lang, "Mean attendance"),
            formats.percent(row["mean_attendance"], lang, 1),
            change("mean_attendance", True),
        ),
    ]
    return dbc.Row([kpi_card(*c) for c in cards], className="g-3")


def kpi_card(label: str, value: str, change: str | None = None) -> dbc.Col:
    """One headline figure."""
    body = [html.Div(label, className="kpi-label"), html.Div(value, className="kpi-value")]
    if change:
        body.append(html.Div(change, className="kpi-change"))
    return dbc.Col(dbc.Card(dbc.CardBody(body), className="kpi-card h-100"), xs=6, md=4, lg=True)


def shown(value: object, field: str, lang: str) -> str | int | float:
    """A cell as a person reads it in the language."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return PASS if value else FAIL
    if isinstance(value, datetime):
        return formats.moment(value, lang)
    if isinstance(value, date):
        return formats.day(value, lang)
    if field in ("kind", "role", "network_type", "status", "last_status"):
        return terms.kind(str(value), lang)
    if field == "district_code":
        return formats.district_name(str(value), lang)
    if field == "reason_code":
        return terms.rejection(str(value), lang)
    if field == "sheet":
        return terms.sheet_name(str(value), lang)
    if field == "source":
        return formats.file_name(str(value))
    if field == "province_code":
        return formats.province_name(str(value), lang)
    if field in ("share", "attendance_rate", "meets_share"):
        return formats.percent(float(value), lang)  # type: ignore[arg-type]
    if field == "score":
        return f"{float(value):.1f}"  # type: ignore[arg-type]
    return value if isinstance(value, int | float) else str(value)


def label_of(label: str, lang: str) -> str:
    """A column header: a marked text (N_, NP_) in the language, or a text as it is."""
    return _(lang, label)


def rows_of(frame: pl.DataFrame, columns: Sequence[Column], lang: str) -> list[dict[str, object]]:
    """Frame rows as shown cells (only the listed columns)."""
    fields = [f for f, _skip in columns if f in frame.columns]
    return [
        {f: shown(r[f], f, lang) for f in fields}
        for r in frame.select(fields).iter_rows(named=True)
    ]


def grid(
    component_id: str, frame: pl.DataFrame, columns: Sequence[Column], lang: str, height: int = 400
) -> Component:
    """A client-side grid of a small frame; cells are plain text, never HTML."""
    if frame.is_empty():
        return message(_(lang, "No data you may see yet"))
    present = [(f, label) for f, label in columns if f in frame.columns]
    return dag.AgGrid(
        id=component_id,
        rowData=rows_of(frame, columns, lang),
        columnDefs=[
            {"field": f, "headerName": label_of(label, lang)} | pinned(f, present)
            for f, label in present
        ],
        defaultColDef={"sortable": True, "resizable": True, "filter": True, "minWidth": 90},
        dashGridOptions={
            "pagination": True,
            "paginationPageSize": 20,
            "suppressFieldDotNotation": True,
            "localeText": terms.grid_text(lang),
        },
        columnSize="responsiveSizeToFit",
        style={"height": f"{height}px"},
    )


def pinned(field: str, columns: Sequence[Column]) -> dict[str, str]:
    """The grid column that names a row (the club's name, else the first) stays in view as a wide grid scrolls."""
    fields = [f for f, _label in columns]
    return {"pinned": "left"} if field == ("name" if "name" in fields else fields[0]) else {}


def table(
    frame: pl.DataFrame,
    columns: Sequence[Column],
    lang: str,
    links: dict[str, Iterable[str]] | None = None,
) -> Any:
    """A plain table; a column named in `links` shows each cell as a link to the given address.
    (`Any`: the tree Dash sends for a component goes wherever the component would.)

    Built as the tree Dash sends (`sent`), not cell by cell as components: a club's records are
    hundreds of cells, and making and then unmaking a component for each was a fifth of drawing a
    club's page."""
    if frame.is_empty():
        return message(_(lang, "No data you may see yet"))
    present = [(f, label) for f, label in columns if f in frame.columns]
    targets = {f: list(addresses) for f, addresses in (links or {}).items()}
    head = sent(
        html.Thead, sent(html.Tr, [sent(html.Th, label_of(label, lang)) for _f, label in present])
    )
    body = []
    for n, values in enumerate(frame.select([f for f, _label in present]).iter_rows()):
        cells = []
        for (f, _label), raw in zip(present, values, strict=True):
            value: object = shown(raw, f, lang)
            if f in targets:
                value = sent(dcc.Link, str(value), href=targets[f][n])
            cells.append(sent(html.Td, value, className=_mark(raw)))
        body.append(sent(html.Tr, cells))
    return sent(
        dbc.Table,
        [head, sent(html.Tbody, body)],
        size="sm",
        hover=True,
        responsive=True,
        className="mb-0 records",
    )


def sent(kind: type[Component], children: object = None, **props: object) -> dict[str, Any]:
    """A component as the plain dict Dash sends for it (what `kind(children, **props)` is sent as),
    without making the component. Text in it stays text: the browser never reads it as HTML."""
    return {
        "type": kind._type,
        "namespace": kind._namespace,
        "props": {"children": children, **props},
    }


def _mark(value: object) -> str | None:
    if isinstance(value, bool):
        return "mark-pass" if value else "mark-fail"
    return None


def breadcrumbs(items: Sequence[tuple[str, str | None]]) -> html.Nav:
    """Province -> district -> club, each a link except the last."""
    crumbs = [
        html.Li(
            dcc.Link(label, href=link) if link else label,
            className="breadcrumb-item" + ("" if link else " active"),
        )
        for label, link in items
    ]
    return html.Nav(html.Ol(crumbs, className="breadcrumb mb-2"), **aria("label", "breadcrumb"))


def aria(name: str, value: str) -> dict[str, Any]:
    """An aria-* attribute, passed as **aria(...): its name is no Python keyword argument."""
    return {f"aria-{name}": value}


def links(items: Sequence[tuple[str, str]]) -> html.Div:
    """A row of links (label, address)."""
    return html.Div(
        [
            dcc.Link(label, href=address, className="me-3 d-inline-block")
            for label, address in items
        ],
        className="small",
    )
