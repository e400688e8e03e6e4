"""The data-quality page's list of submissions held by the shrink guard (etl.shrink)."""

from __future__ import annotations

from typing import Any

import polars as pl
from dash import html

from dashboard import context, i18n
from dashboard.components import card, error_message, message, section, table
from warehouse import queries

SECTION = "quality-held"
COLUMNS = [
    ("district_code", "district"),
    ("held_at", "held_at"),
    ("source", "source"),
    ("cuts", "held_cuts"),
]


def held_card(state: dict[str, Any]) -> object:
    """The card the quality page shows, drawn with the page."""
    return card(i18n.t("held_submissions", state["lang"]), section(SECTION, show_held(state)))


@context.guarded(error_message)
def show_held(data: object) -> object:
    """The province's held submissions, for anyone who may read its counts."""
    scope, home, state = context.state(data)
    return held_table(queries.held(home, scope, state["province"]), state["lang"])


def held_table(frame: pl.DataFrame, lang: str) -> object:
    """What was held and why, or a line saying nothing is."""
    if frame.is_empty():
        return message(i18n.t("no_held", lang))
    shown = frame.rename({"started_at": "held_at"})
    return html.Div(
        [
            html.P(i18n.t("held_help", lang), className="small text-muted"),
            table(shown, COLUMNS, lang),
        ]
    )
