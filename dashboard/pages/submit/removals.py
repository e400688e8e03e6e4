"""What a dry run would take away, shown above its counts: published clubs removed, clubs
losing members or a year's meetings, clubs that would stop meeting the standard, sheets cut.
The sender acknowledges it (and gives a reason when clubs would be removed) before the send
button is enabled; `send` checks the same on the server. Pure builders, text only."""

from __future__ import annotations

from collections.abc import Callable

import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from core import formats
from core.texts import _, ngettext
from etl.dry_run import Preview

ACKNOWLEDGE = "submit-accept-shrink"  # one acknowledgement for every warning
REASON = "submit-removal-reason"
NEEDS = "submit-needs"  # what the send button waits for: {"ack": bool, "reason": bool}
REASON_CHARS = 300


def warning(result: Preview, lang: str, sheet_name: Callable[[str, str], str]) -> Component:
    """The warning (or, when there is nothing to warn of, the hidden controls send reads)."""
    acknowledge = dbc.Checkbox(
        id=ACKNOWLEDGE,
        label=_(lang, "I have read this warning and mean to replace the published data"),
        value=False,
    )
    reason = dbc.Textarea(
        id=REASON,
        maxLength=REASON_CHARS,
        placeholder=_(lang, "Why these clubs are removed (required, kept in the audit log)"),
        className="mt-2",
        rows=2,
    )
    needs = dcc.Store(id=NEEDS, data={"ack": result.warnings, "reason": bool(result.removals)})
    if not result.warnings:
        return html.Div([needs, html.Div([acknowledge, reason], hidden=True)])
    parts: list[object] = [
        html.Strong(_(lang, "Warning: this file would take away published data"))
    ]
    clubs = [r for r in result.removals if r.kind == "club"]
    losses = [r for r in result.removals if r.kind != "club"]
    if clubs:
        parts += [
            html.P(
                ngettext(
                    lang,
                    "{n} club would be removed, with everything of its own:",
                    "{n} club(s) would be removed, with everything of theirs:",
                    len(clubs),
                    n=formats.number(len(clubs), lang),
                ),
                className="mb-1 mt-2",
            ),
            html.Ul([html.Li(r.text(lang)) for r in clubs], className="submit-removals"),
        ]
    if losses:
        parts += [
            html.P(
                _(lang, "Clubs that would lose most of their members or of a year's meetings:"),
                className="mb-1 mt-2",
            ),
            html.Ul([html.Li(r.text(lang)) for r in losses], className="submit-losses"),
        ]
    if result.lost_standard:
        rows = [
            html.Li(f"{club} {name}: {formats.fiscal_year(year, lang)}")
            for club, name, year in result.lost_standard
        ]
        parts += [
            html.P(
                _(
                    lang,
                    "Clubs that would stop meeting the standard because rows of theirs are "
                    "rejected in this file (not because of new data):",
                ),
                className="mb-1 mt-2",
            ),
            html.Ul(rows, className="submit-lost-standard"),
        ]
    if result.shrinks:
        rows = [
            html.Li(
                _(
                    lang,
                    "{sheet}: from {before} to {after} rows",
                    sheet=sheet_name(s.sheet, lang),
                    before=formats.number(s.before, lang),
                    after=formats.number(s.after, lang),
                )
            )
            for s in result.shrinks
        ]
        parts += [
            html.P(
                _(lang, "Warning: this file would cut the district's published data"),
                className="mb-1 mt-2",
            ),
            html.Ul(rows, className="submit-shrink-rows"),
        ]
    parts += [acknowledge, reason if result.removals else html.Div(reason, hidden=True), needs]
    return dbc.Alert(parts, color="warning", className="submit-warning submit-shrink")


def send_disabled(acknowledged: object, reason: object, needs: object) -> bool:
    """Whether the send button waits: for the acknowledgement, and a reason when clubs go."""
    wanted = needs if isinstance(needs, dict) else {}
    if wanted.get("ack") and acknowledged is not True:
        return True
    return bool(wanted.get("reason")) and not given(reason)


def given(reason: object) -> str:
    """The reason as it is audited: one line, trimmed, bounded; '' when none."""
    return " ".join(reason.split())[:REASON_CHARS] if isinstance(reason, str) else ""
