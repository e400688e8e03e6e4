"""How each load batch arrived, for the data-quality page: pulled from its source, or uploaded by whom."""

from __future__ import annotations

import polars as pl

from dashboard import i18n
from dashboard.components import grid, message

GRID = "quality-channels-grid"


def channel_grid(frame: pl.DataFrame, lang: str) -> object:
    """Every batch, newest first, with its channel in words
    (hook: `channel_grid(queries.batch_channels(...), lang)`)."""
    if frame.is_empty():
        return message(i18n.t("no_data", lang))
    words = [
        i18n.t("channel_uploaded", lang, who=who or "–")
        if channel == "uploaded"
        else i18n.t("channel_pulled", lang)
        for channel, who in frame.select("channel", "sent_by").iter_rows()
    ]
    shown = frame.with_columns(pl.Series("channel_text", words, dtype=pl.String))
    columns = [
        ("district_code", "district"),
        ("finished_at", "last_loaded"),
        ("status", "status"),
        ("channel_text", "channel"),
        ("rows_read", "rows_read"),
        ("rows_loaded", "rows_loaded"),
        ("rows_rejected", "rows_rejected"),
    ]
    return grid(GRID, shown, columns, lang, height=320)
