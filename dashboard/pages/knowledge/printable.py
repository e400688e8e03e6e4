"""The knowledge record as a printable page: the saved record laid out like the founding record,
as plain components (no HTML from the data), with print styles in assets/tonbaeb.css."""

from __future__ import annotations

from typing import Any

import dash
from dash import dcc, html
from dash.development.base_component import Component

from core.texts import _
from dashboard import context, sign_off
from dashboard.components import error_message, href
from dashboard.pages import served
from dashboard.pages.knowledge.record import asked_record
from exemplars import knowledge


@context.guarded(error_message)
def layout(**query: Any) -> Component:
    """Heading, then each field's label and its lines."""
    state = context.view(query)
    lang = state["lang"]
    rec = asked_record(state)
    if not isinstance(rec, knowledge.Record):
        return rec
    return printable(rec, lang)


def printable(rec: knowledge.Record, lang: str) -> html.Div:
    """The record as the founding record lays it out (Thai labels, the text as written)."""
    parts: list[Component] = [html.H1(knowledge.HEADING)]
    flagged = sign_off.note([rec.district], rec.fiscal_year, lang)
    if flagged is not None:
        parts.append(flagged)
    for key, label in knowledge.FIELDS.items():
        lines = [line for line in rec.fields.get(key, "").splitlines() if line.strip()] or ["-"]
        parts.append(html.H2(label))
        parts.extend(html.P(line) for line in lines)
    back = href("/knowledge", lang, district=rec.district, club=rec.club_id, fy=rec.fiscal_year)
    hint = html.P(
        [
            _(lang, "Print from the browser (Ctrl+P); what prints is the record as last saved"),
            " · ",
            dcc.Link(_(lang, "Knowledge record"), href=back),
        ],
        className="no-print small text-muted",
    )
    return html.Div(
        [hint, html.Article(parts, className="knowledge-print", id="knowledge-printable")]
    )


def register() -> None:
    """Register the page with Dash (dashboard.pages.register calls this once the app exists)."""
    dash.register_page(
        __name__,
        path="/knowledge/print",
        name="Knowledge record (print)",
        order=9,
        layout=served(__name__, "/knowledge/print", layout),
    )
