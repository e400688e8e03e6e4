"""Sending a district's data (ส่งข้อมูล): the entry workbook, an upload, its dry run, then submit or cancel.

Who may send for which district is decided here from the session in every callback
(`Scope.may_submit`: a district's officer for it, the director for any district of the
province); the district the browser names is only a wish for a director. An upload is
checked (etl/upload.py), kept on the server under a token bound to the user, the session
and its district (dashboard/uploads.py), and dry-run exactly as a load would; submitting
loads the kept file, never anything the browser sends again. Every step is audited. Once sent, the
batch's rejected rows stay downloadable from the warehouse (below the success message, and on /quality).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from typing import Any

import dash
import dash_bootstrap_components as dbc
import geothai
from dash import Input, Output, State, callback, dcc, html

from dashboard import (
    cache,
    compression,
    context,
    exports,
    i18n,
    rejected_view,
    removals_view,
    submit_view,
    uploads,
)
from dashboard.components import district_options, error_message, labelled, message
from etl import dry_run, template, upload
from etl.sources import Source
from warehouse.queries.quality import sent_batch
from warehouse.queries.submission import district_records
from warehouse.rules import load_rules

dash.register_page(__name__, path="/submit", name="Send data", order=10)

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
MAX_CONTENTS = upload.MAX_BYTES * 4 // 3 + 4096  # the base64 data URL of the largest accepted file


def allowed(district: object) -> str | None:
    """The district this user may send for: an officer's own; for a director, the one chosen if in the province."""
    scope = context.scope()
    wanted = scope.district_code if scope.role == "officer" else context.text(district)
    if wanted is None or not scope.may_submit(wanted):
        return None
    place = geothai.district(wanted)
    return wanted if place is not None and place.province_code == wanted[:2] else None


@context.guarded(error_message)
def layout(**query: Any) -> html.Div:
    """The template download, the district (a director chooses), the upload area."""
    state, scope = context.view(query), context.scope()
    lang = state["lang"]
    if scope.role not in ("officer", "director") or not scope.sees_warehouse:
        return message(i18n.t("submit_not_allowed", lang), "warning")
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
                f"{i18n.t('submit', lang)} · {i18n.province_name(province, lang)}",
                className="h3 mb-3",
            ),
            dbc.Row(
                [
                    labelled(
                        i18n.t("district", lang),
                        dcc.Dropdown(
                            id=DISTRICT,
                            options=options,
                            value=chosen,
                            clearable=False,
                            disabled=scope.role == "officer",
                            placeholder=i18n.t("choose_district", lang),
                        ),
                        md=4,
                    ),
                    dbc.Col(
                        dbc.Button(
                            i18n.t("submit_template", lang), id=TEMPLATE_BUTTON, color="secondary"
                        ),
                        md=5,
                        className="align-self-end",
                    ),
                ],
                className="mb-2 filters",
            ),
            html.P(i18n.t("submit_template_help", lang), className="text-muted"),
            dcc.Download(id=TEMPLATE),
            dcc.Download(id=REJECTED),
            dcc.Upload(
                id=UPLOAD,
                children=html.Div(i18n.t("submit_drop", lang, mb=upload.MAX_BYTES // 2**20)),
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


@callback(
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
    lang = context.view(data if isinstance(data, dict) else None)["lang"]
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
                i18n.t("choose_district" if unchosen else "submit_not_allowed", lang), "warning"
            ),
            None,
            None,
        )
    name = filename if isinstance(filename, str) and filename else "upload"
    try:
        files = upload.check(name, _decoded(name, contents))
    except upload.Refused as refused:
        context.audit(
            "submit_refused", f"{chosen} file={refused.name[:80]} why={refused.english[:120]}"
        )
        why = refused.english if lang == "en" else refused.thai
        return (
            message(i18n.t("submit_refused", lang, why=f"{refused.name}: {why}"), "danger"),
            None,
            None,
        )
    [(name, content)] = files.items()
    # Audited before it is read: a file that makes the reader fail is on record too.
    context.audit(
        "submit_upload",
        f"{chosen} file={name[:80]} sha256={hashlib.sha256(content).hexdigest()} bytes={len(content)}",
    )
    token = uploads.keep(context.home(), context.scope(), chosen, name, content)
    result = dry_run.dry_run(
        context.home(),
        Source(chosen[:2], chosen, f"upload:{name}"),
        files,
        load_rules(None),
        context.now().date(),
    )
    read, loaded, rejected = result.rows
    context.audit(
        "submit_dry_run",
        f"{chosen} sha256={result.content_sha256} read={read} loaded={loaded} rejected={rejected} "
        f"shrinks={len(result.shrinks)} failure={'yes' if result.failure else 'no'}",
    )
    return submit_view.preview(result, name, lang), token, None


@callback(
    Output(OUTCOME, "children", allow_duplicate=True),
    Output(PREVIEW, "children", allow_duplicate=True),
    Output(TOKEN, "data", allow_duplicate=True),
    Output(UPLOAD, "contents"),
    Input(submit_view.SEND, "n_clicks"),
    State(TOKEN, "data"),
    State(removals_view.ACKNOWLEDGE, "value"),
    State(removals_view.REASON, "value"),
    State(STATE, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: (error_message(), dash.no_update, dash.no_update, dash.no_update))
def send(clicks: object, token: object, accept: object, reason: object, data: object) -> object:
    """Load the kept upload through the pipeline (archived, same lock, one atomic publish).

    What the dry run warned of (sheets cut, clubs removed or losing rows) is sent only when
    acknowledged, and clubs are removed only with a reason; both checked here, audited."""
    lang = context.view(data if isinstance(data, dict) else None)["lang"]
    if not clicks:
        return dash.no_update, dash.no_update, dash.no_update, dash.no_update
    home, scope = context.home(), context.scope()
    pending = uploads.find(home, scope, token)
    if pending is None:
        return message(i18n.t("submit_expired", lang), "warning"), None, None, None
    if not scope.may_submit(pending.district):
        return message(i18n.t("submit_not_allowed", lang), "warning"), None, None, None
    files = upload.check(pending.name, pending.data)
    source, rules, today = (
        Source(pending.province, pending.district, f"upload:{pending.name}"),
        load_rules(None),
        context.now().date(),
    )
    checked = dry_run.dry_run(home, source, files, rules, today)
    why = removals_view.given(reason)
    if checked.warnings and accept is not True:
        return (
            message(i18n.t("submit_ack_needed", lang), "warning"),
            dash.no_update,
            dash.no_update,
            dash.no_update,
        )
    if checked.removals and not why:
        return (
            message(i18n.t("submit_reason_needed", lang), "warning"),
            dash.no_update,
            dash.no_update,
            dash.no_update,
        )
    try:
        outcome = dry_run.submit(
            home,
            source,
            files,
            rules,
            today,
            scope.username,
            accept_shrink=accept is True,
            accept_removal=accept is True and bool(checked.removals),
        )
    except dry_run.Busy:
        context.audit("submit_busy", f"{pending.district} sha256={pending.sha256}")
        return (
            message(i18n.t("submit_busy", lang), "warning"),
            dash.no_update,
            dash.no_update,
            dash.no_update,
        )
    context.audit(
        "submit_load",
        f"{pending.district} sha256={pending.sha256} status={outcome.status} read={outcome.rows_read} "
        f"loaded={outcome.rows_loaded} rejected={outcome.rows_rejected}",
    )
    if checked.removals and outcome.status == "loaded":
        removed = ",".join(sorted({f"{r.club_id}:{r.kind}" for r in checked.removals}))[:500]
        context.audit(
            "submit_removal",
            f"{pending.district} sha256={pending.sha256} removed={removed} reason={why}",
        )
    uploads.drop(home, token)
    if outcome.status != "loaded":
        key = "submit_held" if outcome.status == "held" else "submit_failed"
        return message(i18n.t(key, lang, why=outcome.message), "danger"), None, None, None
    done = i18n.t(
        "submit_done",
        lang,
        district=i18n.district_name(pending.district, lang),
        loaded=i18n.number(outcome.rows_loaded, lang),
        rejected=i18n.number(outcome.rows_rejected, lang),
    )
    link = dcc.Link(
        i18n.t("submit_view_district", lang),
        href=f"/district?district={pending.district}&lang={lang}",
        className="ms-2",
    )
    return dbc.Alert([done, link], color="success", className="submit-done"), None, None, None


@callback(
    Output(submit_view.SEND, "disabled"),
    Input(removals_view.ACKNOWLEDGE, "value"),
    Input(removals_view.REASON, "value"),
    State(removals_view.NEEDS, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: True)
def send_ready(acknowledged: object, reason: object, needs: object) -> object:
    """The send button waits for the warning's acknowledgement (and a reason, when clubs go).
    Only a convenience: `send` checks the same on the server."""
    return removals_view.send_disabled(acknowledged, reason, needs)


@callback(
    Output(OUTCOME, "children", allow_duplicate=True),
    Output(PREVIEW, "children", allow_duplicate=True),
    Output(TOKEN, "data", allow_duplicate=True),
    Output(UPLOAD, "contents", allow_duplicate=True),
    Input(submit_view.CANCEL, "n_clicks"),
    State(TOKEN, "data"),
    State(STATE, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: (error_message(), dash.no_update, dash.no_update, dash.no_update))
def cancel(clicks: object, token: object, data: object) -> object:
    """Forget the kept upload; nothing was saved."""
    if not clicks:
        return dash.no_update, dash.no_update, dash.no_update, dash.no_update
    pending = uploads.find(context.home(), context.scope(), token)
    if pending is not None:
        uploads.drop(context.home(), token)
        context.audit("submit_cancel", f"{pending.district} sha256={pending.sha256}")
    lang = context.view(data if isinstance(data, dict) else None)["lang"]
    return message(i18n.t("submit_cancelled", lang)), None, None, None


@callback(
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
    home, scope = context.home(), context.scope()

    def build() -> tuple[bytes, int]:
        records = district_records(home, scope, chosen)
        return template.workbook(chosen[:2], chosen, records), records[
            "members"
        ].height if records else -1

    # Kept like the other exports: per scope and published version, bounded.
    content, members = cache.download(home, scope, chosen[:2], "template.xlsx", (chosen,), build)
    records = members >= 0
    context.audit(
        "export_template",
        f"{chosen} prefilled={'yes' if records else 'no'} members={max(members, 0)}",
    )
    return compression.send_packed(content, f"tonbaeb-template-{chosen}.xlsx")


@callback(
    Output(REJECTED, "data"),
    Input(submit_view.REJECTED_BUTTON, "n_clicks"),
    State(TOKEN, "data"),
    State(STATE, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: dash.no_update)
def download_rejected(clicks: object, token: object, data: object) -> object:
    """The dry run's rejected rows as a workbook to fix; audited."""
    home, scope = context.home(), context.scope()
    pending = uploads.find(home, scope, token) if clicks else None
    if pending is None or not scope.may_submit(pending.district):
        return dash.no_update
    lang = context.view(data if isinstance(data, dict) else None)["lang"]
    files = upload.check(pending.name, pending.data)
    source = Source(pending.province, pending.district, f"upload:{pending.name}")
    result = dry_run.dry_run(home, source, files, load_rules(None), context.now().date())
    if result.rejected.is_empty():
        return dash.no_update
    context.audit(
        "export_rejected_rows",
        f"{pending.district} dry_run sha256={pending.sha256} rows={result.rejected.height}",
    )
    return compression.send_packed(
        exports.rejected_workbook(result.rejected, lang),
        f"tonbaeb-rejected-{pending.district}.xlsx",
    )


@callback(
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
    lang = context.view(data if isinstance(data, dict) else None)["lang"]
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
    text = i18n.t("submit_sent_rejected", lang, rows=i18n.number(int(found["rows_rejected"]), lang))
    offer = dbc.Alert(
        [
            html.Div(text, className="mb-2"),
            dbc.Button(
                i18n.t("submit_sent_download", lang),
                id=SENT_BUTTON,
                color="secondary",
                size="sm",
                className="me-2",
            ),
            dcc.Link(i18n.t("open_quality", lang), href=f"/quality?district={chosen}&lang={lang}"),
        ],
        color="light",
        className="submit-sent-rejected",
    )
    return offer, found["batch_id"]


@callback(
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
    return rejected_view.batch_download(
        batch, context.view(data if isinstance(data, dict) else None)["lang"]
    )


def _decoded(name: str, contents: str) -> bytes:
    """The bytes of a dcc.Upload data URL; refused when too large or not base64."""
    if len(contents) > MAX_CONTENTS:
        raise upload.Refused(
            name,
            f"แฟ้มใหญ่เกิน {upload.MAX_BYTES // 2**20} MB",
            f"the file is larger than {upload.MAX_BYTES // 2**20} MB",
        )
    _header, _, body = contents.partition(",")
    try:
        return base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError) as error:
        raise upload.Refused(name, "ส่งแฟ้มไม่สมบูรณ์", "the upload is not complete") from error
