"""How each load batch arrived, for the data-quality page: pulled from its source, or uploaded by whom."""

from __future__ import annotations

import polars as pl

from core.texts import N_, _
from dashboard.components import grid, message

GRID = "quality-channels-grid"


def channel_grid(frame: pl.DataFrame, lang: str) -> object:
    """Every batch, newest first, with its channel in words
    (hook: `channel_grid(queries.batch_channels(...), lang)`)."""
    if frame.is_empty():
        return message(_(lang, "No data you may see yet"))
    words = [
        _(lang, "uploaded by {who}", who=who or "–") if channel == "uploaded" else _(lang, "pulled")
        for channel, who in frame.select("channel", "sent_by").iter_rows()
    ]
    shown = frame.with_columns(pl.Series("channel_text", words, dtype=pl.String))
    columns = [
        ("district_code", N_("District")),
        ("finished_at", N_("Last loaded")),
        ("status", N_("Status")),
        ("channel_text", N_("Channel")),
        ("rows_read", N_("Rows read")),
        ("rows_loaded", N_("Loaded")),
        ("rows_rejected", N_("Rejected")),
    ]
    return grid(GRID, shown, columns, lang, height=320)
