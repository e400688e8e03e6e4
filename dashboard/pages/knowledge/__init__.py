"""Knowledge record (แบบบันทึกองค์ความรู้) of a selected exemplar: the founding record's fields,
pre-filled from the data, edited and saved by the district's officer or the director, downloaded
as a Word document or opened as a printable page."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, hooks, html
from dash.development.base_component import Component

from core import formats
from core.texts import N_, _
from dashboard import context, sign_off, terms
from dashboard.components import breadcrumbs, card, error_message, href
from dashboard.pages import served
from dashboard.pages.knowledge.record import asked_record
from exemplars import document, knowledge
from exemplars.knowledge import KnowledgeError

STATE = "knowledge-state"
SAVE = "knowledge-save"
SAVED = "knowledge-saved"
DOCX = "knowledge-docx"
DOCX_BUTTON = "knowledge-docx-button"
FIELD = "knowledge-field-{}"
ROWS = {"story": 8, "steps": 12, "assets": 4, "competency": 4, "strategies": 4, "theory": 3}
UNSAFE_NAME = re.compile(r"[^0-9A-Za-z._-]")


@context.guarded(error_message)
def layout(**query: Any) -> Component:
    """The record's fields as text areas, with save, Word download and the printable page."""
    state = context.view(query)
    lang = state["lang"]
    rec = asked_record(state)
    if not isinstance(rec, knowledge.Record):
        return rec
    where = {"district": rec.district, "club": rec.club_id, "fy": rec.fiscal_year}
    fields = [
        html.Div(
            [
                dbc.Label(
                    _(lang, terms.KNOWLEDGE_FIELDS[key]),
                    html_for=FIELD.format(key),
                    className="form-label fw-semibold",
                ),
                dbc.Textarea(
                    id=FIELD.format(key),
                    value=rec.fields[key],
                    rows=ROWS.get(key, 1),
                    maxLength=knowledge.MAX_FIELD,
                ),
            ],
            className="mb-3",
        )
        for key in knowledge.FIELDS
    ]
    actions = html.Div(
        [
            dbc.Button(
                _(lang, "Save the record"),
                id=SAVE,
                color="primary",
                size="sm",
                className="me-2",
            ),
            dbc.Button(
                _(lang, "Download Word (.docx)"),
                id=DOCX_BUTTON,
                color="secondary",
                size="sm",
                className="me-2",
            ),
            dcc.Link(
                _(lang, "Printable page"),
                href=href("/knowledge/print", lang, **where),
                id="knowledge-print-link",
            ),
            dcc.Download(id=DOCX),
            html.Div(saved_note(rec, lang), id=SAVED, className="mt-2 small text-muted"),
        ]
    )
    return html.Div(
        [
            dcc.Store(id=STATE, data=state | where),
            breadcrumbs(
                [
                    (_(lang, "Exemplars"), href("/exemplars", lang, fy=rec.fiscal_year)),
                    (rec.club_name, None),
                ]
            ),
            html.H1(
                f"{_(lang, 'Knowledge record')} · {rec.club_name} · "
                + formats.fiscal_year(rec.fiscal_year, lang),
                className="h3 mb-2",
                id="knowledge-title",
            ),
            sign_off.note([rec.district], rec.fiscal_year, lang),
            html.P(
                _(
                    lang,
                    "Part of the text is filled in from the data and can be "
                    "edited; the empty fields are for the officer to write. Then "
                    "save.",
                ),
                className="text-muted",
            ),
            card("", [*fields, actions]),
        ]
    )


def saved_note(rec: knowledge.Record, lang: str) -> str:
    """Who saved the record last and when (the download and print use that version)."""
    hint = _(lang, "The download and the printable page use the record as last saved")
    if rec.updated_at is None:
        return hint
    at = formats.moment(datetime.fromtimestamp(rec.updated_at), lang)
    return f"{_(lang, 'Saved by {by} at {at}', by=rec.updated_by, at=at)} · {hint}"


def _where(data: object) -> tuple[dict[str, Any], str | None, str | None, int | None]:
    s = context.view(data)
    return s, s["district"], s["club"], s["fy"]


@hooks.callback(
    Output(SAVED, "children"),
    Input(SAVE, "n_clicks"),
    *(State(FIELD.format(key), "value") for key in knowledge.FIELDS),
    State(STATE, "data"),
    prevent_initial_call=True,
)
@context.guarded(error_message)
def save(clicks: object, *values: object) -> object:
    """Save the fields as written (only the director or the district's officer; audited)."""
    s, district, club, fy = _where(values[-1])
    texts = values[:-1]
    if (
        not clicks
        or not district
        or not club
        or not fy
        or not all(isinstance(v, str) for v in texts)
    ):
        return dash.no_update
    try:
        rec = knowledge.save(
            context.store(),
            context.home(),
            context.scope(),
            district,
            club,
            fy,
            dict(zip(knowledge.FIELDS, texts, strict=True)),
            at=context.now().timestamp(),
            ip=context.ip(),
        )
    except KnowledgeError as error:
        return dbc.Alert(
            _(
                s["lang"],
                terms.KNOWLEDGE_REFUSALS.get(
                    error.code, N_("Something went wrong; please try again")
                ),
            ),
            color="warning",
            className="mb-0",
        )
    return saved_note(rec, s["lang"])


@hooks.callback(
    Output(DOCX, "data"),
    Input(DOCX_BUTTON, "n_clicks"),
    State(STATE, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: dash.no_update)
def download(clicks: object, data: object) -> object:
    """The saved record as a Word document in Thai, marked approved or provisional; audited."""
    _s, district, club, fy = _where(data)
    if not clicks or not district or not club or not fy:
        return dash.no_update
    try:
        rec = knowledge.record(context.store(), context.home(), context.scope(), district, club, fy)
    except KnowledgeError:
        return dash.no_update
    context.audit("export_knowledge_record", f"{rec.district}/{rec.club_id} fy {rec.fiscal_year}")
    name = UNSAFE_NAME.sub("_", f"tonbaeb-knowledge-{rec.club_id}-{rec.fiscal_year}.docx")
    mark = sign_off.said([rec.district], rec.fiscal_year, "th")  # the document is in Thai
    return dcc.send_bytes(document.docx_bytes(rec, mark), name)


def register() -> None:
    """Register the page with Dash (dashboard.pages.register calls this once the app exists)."""
    dash.register_page(
        __name__,
        path="/knowledge",
        name="Knowledge record",
        order=8,
        layout=served(__name__, "/knowledge", layout),
    )
