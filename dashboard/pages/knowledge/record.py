"""The knowledge record that a page's address names, read for the logged-in user (the record
page and its printable page both start here)."""

from __future__ import annotations

from typing import Any

from dash.development.base_component import Component

from core.texts import N_, _
from dashboard import context, terms
from dashboard.components import choose_club, message
from exemplars import knowledge
from exemplars.knowledge import KnowledgeError


def asked_record(state: dict[str, Any]) -> knowledge.Record | Component:
    """The record of the address's district, club and fiscal year; else a message that says why not."""
    lang = state["lang"]
    if not state["district"] and not state["club"]:
        return choose_club(
            lang,
            "/exemplars",
            N_("Open the exemplars (a record exists only for a selected exemplar)"),
        )
    if not state["district"] or not state["club"] or not state["fy"]:
        return message(_(lang, "No such club, or it is outside what you may see"))
    try:
        return knowledge.record(
            context.store(),
            context.home(),
            context.scope(),
            state["district"],
            state["club"],
            state["fy"],
        )
    except KnowledgeError as error:
        refusal = terms.KNOWLEDGE_REFUSALS.get(
            error.code, N_("No such club, or it is outside what you may see")
        )
        return message(_(lang, refusal))
