"""Sign-off (รับรองข้อมูล): each district's fiscal years as draft, submitted or approved, who moved
them and when, the checks flagged, the overdue drafts; the actions the user's role allows (an
officer submits their district; the director approves, returns and reopens, with a reason, and
approves every submitted district of a year at once); printable on A4 for the signing meeting.

States live in the application-state store (warehouse/approvals.py), not in the warehouse, so
nothing of this page is kept by the cache: it is read afresh at every view and after every action
(`approval-version` bumps). The server decides what the user may do, whatever the browser sends.
"""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, hooks, html

from core import formats
from core.texts import N_, _
from dashboard import context, preamble, province_picker, this_year, year_url
from dashboard.components import card, error_message, labelled, section, year_select
from dashboard.pages import served
from dashboard.pages.approval import tables
from warehouse import approval_changes, approvals, checks
from warehouse.approvals import ApprovalError
from warehouse.queries.base import is_district
from warehouse.rules import load_rules

STATE = "approval-state"
VERSION = "approval-version"
FY = "approval-fy"
MATRIX = "approval-matrix"
YEAR = "approval-year"
CHECKS = "approval-checks"
CHANGES = "approval-changes"
DISTRICT = "approval-district"
ACTION = "approval-action"
REASON = "approval-reason"
CONFIRM = "approval-confirm"
SUBMIT = "approval-submit"
BULK_CONFIRM = "approval-bulk-confirm"
BULK = "approval-bulk"
FEEDBACK = "approval-feedback"
PRINT_BUTTON = "approval-print"
FLAGGED = "approval-flagged"
COMMENT = "approval-comment"
REVIEW = "approval-review"
REVIEW_FEEDBACK = "approval-review-feedback"


@context.guarded(error_message)
def layout(**query: Any) -> html.Div:
    """The province's districts × years, the chosen year's detail, and the actions."""
    start = preamble.opening(query, current=True, whole=("/approval", N_("Data sign-off")))
    if start.shown is not None:
        return start.shown
    state, lang, scope, years = start.state, start.lang, start.scope, start.years
    province = state["province"]
    head = dbc.Row(
        [
            dbc.Col(
                html.H1(
                    f"{_(lang, 'Data sign-off')} · {formats.province_name(province, lang)}"
                    f" · {formats.fiscal_year(state['fy'], lang)}",
                    className="h3 mb-0",
                ),
                md=7,
            ),
            dbc.Col(year_select(FY, years, state["fy"], lang), md=2, className="no-print"),
            dbc.Col(
                html.Button(
                    _(lang, "Print (A4 landscape)"),
                    id=PRINT_BUTTON,
                    className="btn btn-outline-secondary btn-sm js-print",
                    type="button",
                ),
                md=3,
                className="text-md-end no-print",
            ),
        ],
        className="mb-2 align-items-center",
    )
    top = [
        dcc.Store(id=STATE, data=state),
        dcc.Store(id=VERSION, data=0),
        html.Div(province_picker.bar(lang, province), className="no-print"),
        head,
    ]
    if start.waiting:  # the year in progress, before anything of it is sent
        return html.Div([*top, this_year.waiting(province, state["fy"], lang, scope.district_code)])
    parts: list[Any] = [
        *top,
        html.P(
            _(
                lang,
                "The district's officer submits a fiscal year; the province's director approves "
                "it, or returns it with a reason. An approved year is locked: a new file does not "
                "change it until the director reopens it. A year not approved in time is closed "
                "(period closed) until the director opens it with a lock exception.",
            ),
            className="text-muted small",
        ),
        card(
            _(lang, "The chosen fiscal year"),
            section(YEAR, show_year(state, 0)),
        ),
        card(_(lang, "Checks before sign-off"), section(CHECKS, show_checks(state, 0))),
        card(_(lang, "Changes since approval"), section(CHANGES, show_changes(state, 0))),
        card(_(lang, "Districts and fiscal years"), section(MATRIX, show_matrix(state, 0))),
    ]
    if scope.role in ("officer", "director"):
        parts.append(action_form(state, lang))
        parts.append(review_form(state, lang))
    return html.Div(parts, className="approval-page")


def action_form(state: dict[str, Any], lang: str) -> Any:
    """District, action (what the server allows for it), reason, confirmation; bulk for directors."""
    scope = context.scope()
    options = [
        {"label": formats.district_name(d, lang), "value": d}
        for d in approvals.actionable_districts(context.home(), scope, state["province"])
    ]
    body: list[Any] = [
        dbc.Row(
            [
                labelled(
                    _(lang, "District"),
                    dbc.Select(id=DISTRICT, options=options, placeholder=_(lang, "District")),
                    md=5,
                ),
                labelled(
                    _(lang, "Action"), dbc.RadioItems(id=ACTION, options=[], inline=True), md=7
                ),
            ],
            className="filters g-2 mb-2",
        ),
        dbc.Label(
            _(lang, "Reason (required to return, reopen or open a closed period)"),
            html_for=REASON,
            className="form-label",
        ),
        dbc.Textarea(id=REASON, value="", rows=2, maxLength=approvals.MAX_REASON, className="mb-2"),
        dbc.Checkbox(
            id=CONFIRM,
            value=False,
            label=_(lang, "I have checked this district's figures of this fiscal year"),
            className="mb-2",
        ),
        dbc.Button(_(lang, "Record"), id=SUBMIT, color="primary", size="sm"),
    ]
    if scope.role == "director":
        body += [
            html.Hr(),
            dbc.Checkbox(
                id=BULK_CONFIRM,
                value=False,
                label=_(lang, "Approve every submitted district of this fiscal year"),
                className="mb-2",
            ),
            dbc.Button(_(lang, "Approve all submitted"), id=BULK, color="secondary", size="sm"),
        ]
    body.append(html.Div(id=FEEDBACK, className="mt-2"))
    return html.Div(card(_(lang, "Submit or sign off"), body), className="no-print")


def review_form(state: dict[str, Any], lang: str) -> Any:
    """A flagged club, a comment, and "checked: correct" (the server checks it is flagged)."""
    found = checks.flagged(context.home(), context.scope(), state["province"], state["fy"])
    return html.Div(
        card(
            _(lang, "Mark a flagged club checked: correct"),
            [
                dbc.Select(
                    id=FLAGGED,
                    options=tables.flagged_options(found, lang),
                    placeholder=_(lang, "Flagged club"),
                    className="mb-2",
                ),
                dbc.Label(_(lang, "Comment (required)"), html_for=COMMENT, className="form-label"),
                dbc.Textarea(
                    id=COMMENT, value="", rows=2, maxLength=approvals.MAX_REASON, className="mb-2"
                ),
                dbc.Button(_(lang, "Checked: correct"), id=REVIEW, color="primary", size="sm"),
                html.Div(id=REVIEW_FEEDBACK, className="mt-2"),
            ],
        ),
        className="no-print",
    )


@hooks.callback(
    Output(YEAR, "children"),
    State(STATE, "data"),
    Input(VERSION, "data"),
    prevent_initial_call=True,
)
@context.guarded(error_message)
def show_year(data: object, _version: object) -> object:
    """The chosen year's districts: state, who, when, why, checks flagged, due day."""
    scope, home, s = context.state(data)
    table = approvals.statuses_for(
        context.store(), home, scope, s["province"], s["fy"], load_rules(None), context.now()
    )
    flagged = checks.flagged_counts(home, scope, s["province"], s["fy"])
    return tables.year_table(table, flagged, s["lang"])


@hooks.callback(
    Output(MATRIX, "children"),
    State(STATE, "data"),
    Input(VERSION, "data"),
    prevent_initial_call=True,
)
@context.guarded(error_message)
def show_matrix(data: object, _version: object) -> object:
    """Districts × fiscal years."""
    scope, home, s = context.state(data)
    table = approvals.statuses_for(
        context.store(), home, scope, s["province"], None, load_rules(None), context.now()
    )
    return tables.matrix(table, s["lang"])


@hooks.callback(
    Output(CHECKS, "children"),
    State(STATE, "data"),
    Input(VERSION, "data"),
    prevent_initial_call=True,
)
@context.guarded(error_message)
def show_checks(data: object, _version: object) -> object:
    """The clubs the checks flag in the chosen year, with any "checked: correct" note."""
    scope, home, s = context.state(data)
    flagged = checks.flagged(home, scope, s["province"], s["fy"])
    reviewed = approvals.reviews_for(context.store(), scope, s["province"], s["fy"])
    return tables.checks_table(flagged, reviewed, s["lang"])


@hooks.callback(
    Output(CHANGES, "children"),
    State(STATE, "data"),
    Input(VERSION, "data"),
    prevent_initial_call=True,
)
@context.guarded(error_message)
def show_changes(data: object, _version: object) -> object:
    """Each reopened district of the year: what changed since it was approved."""
    scope, home, s = context.state(data)
    if s["fy"] is None:
        return tables.changes_list({}, s["lang"])
    found = approval_changes.reopened(context.store(), home, scope, s["province"], s["fy"])
    return tables.changes_list(found, s["lang"])


@hooks.callback(
    Output(ACTION, "options"),
    Output(ACTION, "value"),
    Input(DISTRICT, "value"),
    State(STATE, "data"),
    Input(VERSION, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: ([], None))
def show_actions(district: object, data: object, _version: object) -> object:
    """What this user may do now to the chosen district's year."""
    scope, home, s = context.state(data)
    chosen = context.text(district)
    if not is_district(chosen) or s["fy"] is None:
        return [], None
    found = approvals.actions_for(
        context.store(), home, scope, str(chosen), s["fy"], load_rules(None), context.now().date()
    )
    options = [{"label": _(s["lang"], tables.ACTIONS[a]), "value": a} for a in found]
    return options, (found[0] if found else None)


@hooks.callback(
    Output(FEEDBACK, "children"),
    Output(VERSION, "data"),
    Output(REASON, "value"),
    Input(SUBMIT, "n_clicks"),
    State(DISTRICT, "value"),
    State(ACTION, "value"),
    State(REASON, "value"),
    State(CONFIRM, "value"),
    State(STATE, "data"),
    State(VERSION, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: (error_message(), dash.no_update, dash.no_update))
def record(
    clicks: object,
    district: object,
    action: object,
    reason: object,
    confirmed: object,
    data: object,
    version: object,
) -> object:
    """Record the transition (the server checks who may do what, and the reason); say what happened."""
    scope, home, s = context.state(data)
    chosen, lang = context.text(district), s["lang"]
    if not clicks or not is_district(chosen) or s["fy"] is None:
        return dash.no_update, dash.no_update, dash.no_update
    if confirmed is not True:
        return _warning(_(lang, "Tick the box to confirm first")), dash.no_update, dash.no_update
    why = reason if isinstance(reason, str) else ""
    at, ip = context.now().timestamp(), context.ip()
    try:
        if action == approvals.OPEN_PERIOD:
            approvals.open_period(
                context.store(), home, scope, str(chosen), s["fy"], why, load_rules(None),
                at=at, ip=ip,
            )  # fmt: skip
        else:
            approvals.transition(
                context.store(), home, scope, str(action), str(chosen), s["fy"], why, at=at, ip=ip
            )
    except ApprovalError as error:
        return _warning(error.text(lang)), dash.no_update, dash.no_update
    done = _(
        lang,
        "{done}: {district} · {year}",
        done=_(lang, tables.DONE[str(action)]),
        district=formats.district_name(chosen, lang),
        year=formats.fiscal_year(s["fy"], lang),
    )
    return _success(done), _next(version), ""


@hooks.callback(
    Output(FEEDBACK, "children", allow_duplicate=True),
    Output(VERSION, "data", allow_duplicate=True),
    Input(BULK, "n_clicks"),
    State(BULK_CONFIRM, "value"),
    State(STATE, "data"),
    State(VERSION, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: (error_message(), dash.no_update))
def approve_all(clicks: object, confirmed: object, data: object, version: object) -> object:
    """Approve every submitted district of the year (the director of the province only)."""
    scope, home, s = context.state(data)
    lang = s["lang"]
    if not clicks or s["fy"] is None or s["province"] is None:
        return dash.no_update, dash.no_update
    if confirmed is not True:
        return _warning(_(lang, "Tick the box to confirm first")), dash.no_update
    try:
        done = approvals.approve_all(
            context.store(), home, scope, s["province"], s["fy"],
            at=context.now().timestamp(), ip=context.ip(),
        )  # fmt: skip
    except ApprovalError as error:
        return _warning(error.text(lang)), dash.no_update
    names = ", ".join(formats.district_name(d, lang) for d in done) or "–"
    return _success(_(lang, "Approved: {districts}", districts=names)), _next(version)


@hooks.callback(
    Output(REVIEW_FEEDBACK, "children"),
    Output(VERSION, "data", allow_duplicate=True),
    Output(COMMENT, "value"),
    Input(REVIEW, "n_clicks"),
    State(FLAGGED, "value"),
    State(COMMENT, "value"),
    State(STATE, "data"),
    State(VERSION, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: (error_message(), dash.no_update, dash.no_update))
def review(clicks: object, item: object, comment: object, data: object, version: object) -> object:
    """Record "checked: correct" for a flagged club of the chosen year (audited)."""
    scope, home, s = context.state(data)
    lang = s["lang"]
    district, check_name, club_id = _item(item)
    if not clicks or not is_district(district) or s["fy"] is None:
        return dash.no_update, dash.no_update, dash.no_update
    try:
        checks.review(
            context.store(), home, scope, district, s["fy"], check_name, club_id,
            comment if isinstance(comment, str) else "",
            at=context.now().timestamp(), ip=context.ip(),
        )  # fmt: skip
    except ApprovalError as error:
        return _warning(error.text(lang)), dash.no_update, dash.no_update
    return _success(_(lang, "Recorded: checked, correct")), _next(version), ""


def _item(value: object) -> tuple[str, str, str]:
    """'district/check/club' from the choice as its three parts ('' where missing)."""
    parts = (context.text(value) or "").split("/", 2)
    district, check_name, club_id = [*parts, "", "", ""][:3]
    return district, check_name, club_id


def _warning(text: str) -> dbc.Alert:
    return dbc.Alert(text, color="warning", className="mb-0")


def _success(text: str) -> dbc.Alert:
    return dbc.Alert(text, color="success", className="mb-0", id="approval-done")


def _next(version: object) -> int:
    count = version if isinstance(version, int) and not isinstance(version, bool) else 0
    return count + 1


choose_year = year_url.year_into_url(FY, STATE)


def register() -> None:
    """Register the page with Dash (dashboard.pages.register calls this once the app exists)."""
    dash.register_page(
        __name__,
        path="/approval",
        name="Data sign-off",
        order=12,
        group="workflow",
        label=N_("Data sign-off"),
        layout=served(__name__, "/approval", layout),
    )
