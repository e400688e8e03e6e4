"""Sending a district's data (ส่งข้อมูล): the entry workbook, an upload, its dry run, then submit or cancel.

Who may send for which district is decided from the session in every callback
(`Scope.may_submit`: a district's officer for it, the director for any district of the
province); the district the browser names is only a wish for a director. An upload is
checked (etl/upload.py), kept on the server under a token bound to the user, the session
and its district (dashboard/uploads.py), and dry-run exactly as a load would; submitting
loads the kept file, never anything the browser sends again. Every step is audited. The steps
are sending.py's; the callbacks here say what they came to. Once sent, the batch's rejected rows
stay downloadable from the warehouse (below the success message, and on /quality).
"""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, hooks, html

from core import formats
from core.texts import N_, _, ngettext
from dashboard import compression, context, exports, rejected_view, turns
from dashboard.components import district_options, error_message, labelled, message
from dashboard.pages import served
from dashboard.pages.submit import preview, removals, sending
from dashboard.pages.submit.sending import allowed
from etl import upload
from warehouse.queries.quality import sent_batch

STATE = "submit-state"
DISTRICT = "submit-district"
TEMPLATE_BUTTON = "submit-template-button"
TEMPLATE = "submit-template"
UPLOAD = "submit-upload"
TOKEN = "submit-token"
PREVIEW = "submit-preview"
OUTCOME = "submit-outcome"
REJECTED = "submit-rejected"
SENT = "submit-sent"
SENT_BATCH = "submit-sent-batch"
SENT_BUTTON = "submit-sent-button"
SENT_DOWNLOAD = "submit-sent-download"
DONE = "submit-done"  # the class of send's success message


@context.guarded(error_message)
def layout(**query: Any) -> html.Div:
    """The template download, the district (a director chooses), the upload area."""
    state, scope = context.view(query), context.scope()
    lang = state["lang"]
    if not scope.sends_data:
        return message(
            _(
                lang,
                "Only a district's officer (their own district) and the "
                "province's director may send data",
            ),
            "warning",
        )
    province = scope.province_code or ""
    options = district_options(province, lang, scope.may_submit)
    chosen = allowed(state["district"]) or (
        scope.district_code if scope.role == "officer" else None
    )
    state["district"] = chosen
    return html.Div(
        [
            dcc.Store(id=STATE, data=state),
            dcc.Store(id=TOKEN),
            html.H1(
                f"{_(lang, 'Send data')} · {formats.province_name(province, lang)}",
                className="h3 mb-3",
            ),
            dbc.Row(
                [
                    labelled(
                        _(lang, "District"),
                        dcc.Dropdown(
                            id=DISTRICT,
                            options=options,
                            value=chosen,
                            clearable=False,
                            disabled=scope.role == "officer",
                            placeholder=_(lang, "Choose a district"),
                        ),
                        md=4,
                    ),
                    dbc.Col(
                        dbc.Button(
                            _(lang, "Download the entry workbook (pre-filled)"),
                            id=TEMPLATE_BUTTON,
                            color="secondary",
                        ),
                        md=5,
                        className="align-self-end",
                    ),
                ],
                className="mb-2 filters",
            ),
            html.P(
                _(
                    lang,
                    "Fill in or update the workbook, then drop it below: it is "
                    "checked before anything is saved",
                ),
                className="text-muted",
            ),
            dcc.Download(id=TEMPLATE),
            dcc.Download(id=REJECTED),
            dcc.Upload(
                id=UPLOAD,
                children=html.Div(
                    _(
                        lang,
                        "Drop an .xlsx, an .ods (LibreOffice) or a .zip of CSV files "
                        "here, or click to choose one (at most {mb} MB)",
                        mb=upload.MAX_BYTES // 2**20,
                    )
                ),
                accept=".xlsx,.ods,.zip",
                multiple=False,
                className="submit-drop border border-2 rounded p-4 mb-3 text-center",
            ),
            html.Div(id=OUTCOME),
            html.Div(id=SENT),
            dcc.Store(id=SENT_BATCH),
            dcc.Download(id=SENT_DOWNLOAD),
            dcc.Loading(html.Div(id=PREVIEW), type="dot"),
        ]
    )


@hooks.callback(
    Output(PREVIEW, "children"),
    Output(TOKEN, "data"),
    Output(OUTCOME, "children"),
    Input(UPLOAD, "contents"),
    State(UPLOAD, "filename"),
    State(DISTRICT, "value"),
    State(STATE, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: (error_message(), None, None))
def receive(contents: object, filename: object, district: object, data: object) -> object:
    """Check the uploaded file, keep it, and show its dry run (nothing is saved to the warehouse)."""
    lang = context.view(data)["lang"]
    if (
        not isinstance(contents, str) or not contents
    ):  # also when sending or cancelling clears the upload
        return dash.no_update, dash.no_update, dash.no_update
    chosen = allowed(district)
    if chosen is None:
        unchosen = (
            context.scope().role == "director"
            and context.scope().sees_warehouse
            and district is None
        )
        return (
            message(
                _(lang, "Choose a district")
                if unchosen
                else _(
                    lang,
                    "Only a district's officer (their own district) and the "
                    "province's director may send data",
                ),
                "warning",
            ),
            None,
            None,
        )
    try:
        with turns.aside():  # the file is read in a child process: others draw meanwhile
            received = sending.receive(chosen, filename, contents)
    except upload.Refused as refused:
        why = refused.said(lang)
        return (
            message(
                _(lang, "This file is refused: {why}", why=refused.name + ": " + why), "danger"
            ),
            None,
            None,
        )
    return preview.preview(received.result, received.name, lang), received.token, None


@hooks.callback(
    Output(OUTCOME, "children", allow_duplicate=True),
    Output(PREVIEW, "children", allow_duplicate=True),
    Output(TOKEN, "data", allow_duplicate=True),
    Output(UPLOAD, "contents"),
    Input(preview.SEND, "n_clicks"),
    State(TOKEN, "data"),
    State(removals.ACKNOWLEDGE, "value"),
    State(removals.REASON, "value"),
    State(STATE, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: (error_message(), dash.no_update, dash.no_update, dash.no_update))
def send(clicks: object, token: object, accept: object, reason: object, data: object) -> object:
    """Send the kept upload (sending.send: acknowledged and with a reason where the dry run asks);
    say what came of it."""
    lang = context.view(data)["lang"]
    if not clicks:
        return dash.no_update, dash.no_update, dash.no_update, dash.no_update
    with turns.aside():  # the warehouse is written: others draw meanwhile
        sent = sending.send(token, accept, reason)
    gone, waits = (None, None, None), (dash.no_update, dash.no_update, dash.no_update)
    if sent.outcome == "expired":
        return message(
            _(lang, "The upload is gone (expired or not yours); please upload again"), "warning"
        ), *gone
    if sent.outcome == "not_allowed":
        return message(
            _(
                lang,
                "Only a district's officer (their own district) and the "
                "province's director may send data",
            ),
            "warning",
        ), *gone
    if sent.outcome == "ack_needed":
        return message(_(lang, "Read the warning and confirm it before sending"), "warning"), *waits
    if sent.outcome == "reason_needed":
        return message(
            _(lang, "Give the reason the clubs are removed before sending"), "warning"
        ), *waits
    if sent.outcome == "busy":
        return message(
            _(
                lang,
                "Another submission of this district is being saved; please try again in a moment",
            ),
            "warning",
        ), *waits
    if sent.outcome == "held":
        return message(_(lang, "Held, not published: {why}", why=sent.message), "danger"), *gone
    if sent.outcome == "locked":
        return message(
            _(lang, "Not published: the year is approved and locked: {why}", why=sent.message),
            "danger",
        ), *gone
    if sent.outcome == "failed":
        return message(
            _(lang, "Not saved; the published data stays: {why}", why=sent.message), "danger"
        ), *gone
    done = _(
        lang,
        "District {district} is saved: {loaded} rows loaded, {rejected} rejected",
        district=formats.district_name(sent.district, lang),
        loaded=formats.number(sent.loaded, lang),
        rejected=formats.number(sent.rejected, lang),
    )
    link = dcc.Link(
        _(lang, "Open the district page"),
        href=f"/district?district={sent.district}&lang={lang}",
        className="ms-2",
    )
    kept = html.P(sent.message, className="submit-locked mb-0") if sent.message else None
    return (
        dbc.Alert([done, link, kept], color="success", className="submit-done"),
        None,
        None,
        None,
    )


@hooks.callback(
    Output(preview.SEND, "disabled"),
    Input(removals.ACKNOWLEDGE, "value"),
    Input(removals.REASON, "value"),
    State(removals.NEEDS, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: True)
def send_ready(acknowledged: object, reason: object, needs: object) -> object:
    """The send button waits for the warning's acknowledgement (and a reason, when clubs go).
    Only a convenience: `send` checks the same on the server."""
    return removals.send_disabled(acknowledged, reason, needs)


@hooks.callback(
    Output(OUTCOME, "children", allow_duplicate=True),
    Output(PREVIEW, "children", allow_duplicate=True),
    Output(TOKEN, "data", allow_duplicate=True),
    Output(UPLOAD, "contents", allow_duplicate=True),
    Input(preview.CANCEL, "n_clicks"),
    State(TOKEN, "data"),
    State(STATE, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: (error_message(), dash.no_update, dash.no_update, dash.no_update))
def cancel(clicks: object, token: object, data: object) -> object:
    """Forget the kept upload; nothing was saved."""
    if not clicks:
        return dash.no_update, dash.no_update, dash.no_update, dash.no_update
    sending.cancel(token)
    lang = context.view(data)["lang"]
    return message(_(lang, "Cancelled; nothing was saved")), None, None, None


@hooks.callback(
    Output(TEMPLATE, "data"),
    Input(TEMPLATE_BUTTON, "n_clicks"),
    State(DISTRICT, "value"),
    prevent_initial_call=True,
)
@context.guarded(lambda: dash.no_update)
def download_template(clicks: object, district: object) -> object:
    """The district's entry workbook, pre-filled with its last published records; audited."""
    chosen = allowed(district)
    if not clicks or chosen is None:
        return dash.no_update
    content = sending.entry_workbook(chosen)
    return compression.send_packed(content, f"tonbaeb-template-{chosen}.xlsx")


@hooks.callback(
    Output(REJECTED, "data"),
    Input(preview.REJECTED_BUTTON, "n_clicks"),
    State(TOKEN, "data"),
    State(STATE, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: dash.no_update)
def download_rejected(clicks: object, token: object, data: object) -> object:
    """The dry run's rejected rows as a workbook to fix; audited."""
    found = sending.rejected(token) if clicks else None
    if found is None:
        return dash.no_update
    district, rows = found
    return compression.send_packed(
        exports.rejected_workbook(rows, context.view(data)["lang"]),
        f"tonbaeb-rejected-{district}.xlsx",
    )


@hooks.callback(
    Output(SENT, "children"),
    Output(SENT_BATCH, "data"),
    Input(OUTCOME, "children"),
    State(DISTRICT, "value"),
    State(STATE, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: (None, None))
def offer_sent_rejected(outcome: object, district: object, data: object) -> object:
    """Below send's success message: the loaded batch's rejected rows (from the warehouse) to download,
    and where they stay (/quality). Anything else in the outcome (a refusal, a cancel) takes the offer away."""
    lang = context.view(data)["lang"]
    props = outcome.get("props") if isinstance(outcome, dict) else None
    chosen = allowed(district)
    if (
        not isinstance(props, dict)
        or DONE not in str(props.get("className", "")).split()
        or chosen is None
    ):
        return None, None
    found = sent_batch(context.home(), context.scope(), chosen)
    if found is None or found["status"] != "loaded" or not found["rows_rejected"]:
        return None, None
    text = ngettext(
        lang,
        "{rows} row of this submission was rejected: download it to "
        "fix (it is on the data quality page too)",
        "{rows} rows of this submission were rejected: download them "
        "to fix (they are on the data quality page too)",
        int(found["rows_rejected"]),
        rows=formats.number(int(found["rows_rejected"]), lang),
    )
    offer = dbc.Alert(
        [
            html.Div(text, className="mb-2"),
            dbc.Button(
                _(lang, "Download the submission's rejected rows"),
                id=SENT_BUTTON,
                color="secondary",
                size="sm",
                className="me-2",
            ),
            dcc.Link(_(lang, "Open data quality"), href=f"/quality?district={chosen}&lang={lang}"),
        ],
        color="light",
        className="submit-sent-rejected",
    )
    return offer, found["batch_id"]


@hooks.callback(
    Output(SENT_DOWNLOAD, "data"),
    Input(SENT_BUTTON, "n_clicks"),
    State(SENT_BATCH, "data"),
    State(STATE, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: dash.no_update)
def download_sent_rejected(clicks: object, batch: object, data: object) -> object:
    """The sent batch's rejected rows from the warehouse, causes first, if the batch is of a district
    whose records this user may read (whatever batch the browser names); audited."""
    if not clicks:
        return dash.no_update
    return rejected_view.batch_download(batch, context.view(data)["lang"])


def register() -> None:
    """Register the page with Dash (dashboard.pages.register calls this once the app exists)."""
    dash.register_page(
        __name__,
        path="/submit",
        name="Send data",
        order=11,
        group="workflow",
        label=N_("Send data"),
        shown_to=lambda scope: scope.sends_data,  # the page refuses anyone else (layout above)
        layout=served(__name__, "/submit", layout),
    )
