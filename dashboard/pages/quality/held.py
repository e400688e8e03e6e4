"""The data-quality page's list of submissions held by the shrink guard (etl.shrink)."""

from __future__ import annotations

from typing import Any

import polars as pl
from dash import html

from core.texts import N_, _
from dashboard import context, terms
from dashboard.components import card, error_message, message, section, table
from warehouse import queries

SECTION = "quality-held"
COLUMNS = [
    ("district_code", N_("District")),
    ("held_at", N_("Held at")),
    ("source", N_("File")),
    ("status", N_("Status")),
    ("cuts", N_("Why: Sheets cut (published → new), or the approved year")),
]


def held_card(state: dict[str, Any]) -> object:
    """The card the quality page shows, drawn with the page."""
    return card(_(state["lang"], "Submissions held back"), section(SECTION, show_held(state)))


@context.guarded(error_message)
def show_held(data: object) -> object:
    """The province's held submissions, for anyone who may read its counts."""
    scope, home, state = context.state(data)
    return held_table(queries.held(home, scope, state["province"]), state["lang"])


def held_table(frame: pl.DataFrame, lang: str) -> object:
    """What was held and why, or a line saying nothing is."""
    if frame.is_empty():
        return message(_(lang, "No submission is held"))
    shown = frame.rename({"started_at": "held_at"}).with_columns(
        pl.col("status").map_elements(lambda s: terms.kind(s, lang), return_dtype=pl.String)
    )
    return html.Div(
        [
            html.P(
                _(
                    lang,
                    "These submissions would cut a published sheet by more than "
                    "the limit, or to nothing, so the previous data stays "
                    "published. Check the file with the district; if it is "
                    "right, load it again with --accept-shrink DISTRICT",
                )
                + " "
                + _(
                    lang,
                    "A locked submission would change a fiscal year the province approved: "
                    "the approved figures stay until the director reopens the year",
                ),
                className="small text-muted",
            ),
            table(shown, COLUMNS, lang),
        ]
    )
