"""The data-quality page's load batches, newest first: each batch's file, status, rows, and how it
came (pulled from its source, or uploaded by whom); one panel, sized to its rows."""

from __future__ import annotations

import polars as pl

from core.texts import N_, _
from dashboard.components import grid

GRID = "quality-batches-grid"
ROW_HEIGHT, CHROME, MAX_HEIGHT = 42, 110, 400  # px: a grid no taller than its rows need


def fitted(rows: int) -> int:
    """A grid's height for `rows` rows (paged at 20): no large empty panel for a few rows."""
    return min(MAX_HEIGHT, CHROME + ROW_HEIGHT * min(rows, 20))


def batch_grid(frame: pl.DataFrame, lang: str) -> object:
    """Every batch with its channel in words (hook: `batch_grid(queries.batches(...), lang)`);
    the caller shows a one-line empty state instead of an empty grid."""
    words = [
        _(lang, "uploaded by {who}", who=who or "–") if channel == "uploaded" else _(lang, "pulled")
        for channel, who in frame.select("channel", "sent_by").iter_rows()
    ]
    shown = frame.with_columns(pl.Series("channel_text", words, dtype=pl.String))
    columns = [
        ("district_code", N_("District")),
        ("source", N_("File")),
        ("status", N_("Status")),
        ("finished_at", N_("Last loaded")),
        ("channel_text", N_("Channel")),
        ("rows_read", N_("Rows read")),
        ("rows_loaded", N_("Loaded")),
        ("rows_rejected", N_("Rejected")),
    ]
    return grid(GRID, shown, columns, lang, height=fitted(frame.height))
