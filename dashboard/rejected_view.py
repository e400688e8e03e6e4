"""Rejected rows on a page (the dry run of /submit, a district's on /quality): their root causes
first ("1 ช่อง → 1,853 แถว"), then every row, cause by cause, in a paged grid whose message
column wraps so it is read in full; and one load batch's rejected rows as a download.
Builders, text only."""

from __future__ import annotations

from collections.abc import Sequence

import dash
import dash_ag_grid as dag
import polars as pl
from dash import html
from dash.development.base_component import Component

from core import formats
from core.texts import _
from dashboard import cache, compression, context, exports, terms
from dashboard.components import message
from warehouse.queries.quality import batch_rejected

PAGE_SIZE = 50
PAGE_SIZES = [20, 50, 100, 500]
# A grid holds at most this many rows (its rowData travels to the browser); the download has them all.
GRID_ROWS = 100_000
LONG = {
    "message": 4,
    "cause": 1.3,
    "fallen": 1.3,
    "raw_value": 1.3,
    "reason_code": 1.5,
}  # wrapped, and wider (× the least width)


def causes_and_rows(
    grid_id: str, frame: pl.DataFrame, lang: str, *, source: bool = True
) -> Component:
    """The root causes and then every rejected row; `grid_id` names the rows' grid, its causes are `grid_id`-causes."""
    if frame.is_empty():
        return message(_(lang, "No row is rejected"), "success")
    cause_rows = exports.cause_rows(frame, lang)
    rows = exports.rejected_rows(frame, lang, limit=GRID_ROWS)
    note = _(
        lang,
        "{rows} rows rejected from {causes} cells: a row that refers "
        "to a rejected club, meeting or member is rejected with it",
        rows=formats.number(frame.height, lang),
        causes=formats.number(len(cause_rows), lang),
    )
    parts: list[Component] = [
        html.H4(_(lang, "Root causes: fix these cells first"), className="h6 mt-2"),
        html.P(note, className="text-muted small mb-1 rejected-causes-note"),
        grid(
            f"{grid_id}-causes",
            cause_rows[:GRID_ROWS],
            exports.cause_columns(lang),
            lang,
            height=260,
        ),
        html.H4(_(lang, "Every rejected row (by root cause)"), className="h6 mt-3"),
        grid(grid_id, rows, exports.rejected_columns(lang, source=source), lang, height=520),
    ]
    if frame.height > GRID_ROWS:
        parts.append(
            html.Small(
                _(
                    lang,
                    "The grid holds {shown} of {total} rows; the download has them all",
                    shown=formats.number(GRID_ROWS, lang),
                    total=formats.number(frame.height, lang),
                ),
                className="text-muted",
            )
        )
    return html.Div(parts, className="rejected-rows")


def grid(
    component_id: str,
    rows: Sequence[dict[str, object]],
    columns: Sequence[dict[str, str]],
    lang: str,
    height: int,
) -> dag.AgGrid:
    """A paged grid of text cells (never HTML); long text wraps and the row grows to show it all."""
    definitions = [
        {
            "field": c["field"],
            "headerName": c["headerName"],
            "minWidth": int(90 * LONG.get(c["field"], 1)),
        }
        | ({"wrapText": True, "autoHeight": True, "minWidth": 160} if c["field"] in LONG else {})
        for c in columns
    ]
    return dag.AgGrid(
        id=component_id,
        rowData=list(rows),
        columnDefs=definitions,
        defaultColDef={
            "sortable": True,
            "resizable": True,
            "filter": True,
            "wrapHeaderText": True,
            "autoHeaderHeight": True,
        },
        dashGridOptions={
            "pagination": True,
            "paginationPageSize": PAGE_SIZE,
            "paginationPageSizeSelector": PAGE_SIZES,
            "suppressFieldDotNotation": True,
            "localeText": terms.grid_text(lang),
        },
        # Fitted by dash-ag-grid, not `flex`: flex columns left every row of a grid below the fold
        # of /quality hidden (visibility: hidden) until the page was used, and so unprinted.
        columnSize="responsiveSizeToFit",
        style={"height": f"{height}px"},
    )


def batch_download(batch: object, lang: str) -> object:
    """One load batch's rejected rows as a workbook (causes first), if the batch is of a district
    whose records this user may read, whatever batch the browser names; audited with the batch,
    its district and the rows served. dash.no_update when there is nothing to send."""
    home, scope = context.home(), context.scope()
    district, frame = batch_rejected(home, scope, batch)
    if district is None or frame.is_empty():
        return dash.no_update
    batch_id = str(batch)

    def build() -> bytes:
        title = exports.served_title(
            lang,
            _(lang, "Rejected rows"),
            district[:2],
            None,
            [
                (_(lang, "District"), formats.district_name(district, lang)),
                (_(lang, "Load batch"), batch_id),
            ],
        )
        return exports.rejected_workbook(frame, lang, title)

    content = cache.download(
        home, scope, district[:2], "rejected-batch.xlsx", (batch_id, lang), build
    )
    context.audit("export_rejected_rows", f"{district} batch={batch_id} rows={frame.height}")
    name = exports.file_name("rejected", district[:2], None).removesuffix("-all.xlsx")
    return compression.send_packed(content, f"{name}-{district}-{batch_id}.xlsx")
