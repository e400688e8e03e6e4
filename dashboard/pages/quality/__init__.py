"""Data quality: submissions per district and fiscal year (completeness, timeliness), batches, rows
read / loaded / rejected, and a district's rejected rows to fix (root causes first), downloadable as a
workbook, all of them or one load batch's.

The page is a list of sections (SECTIONS): each builder takes the page state and returns its
part of the page, drawn with it (one answer of the pages router); a new section is one builder and
one line in the list. Only the district picker and the download buttons are callbacks. The parts
drawn from the warehouse alone are kept per scope and version (dashboard/cache.py), those judged
against the clock per day too; runs, held submissions and channels are read afresh each time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import Input, Output, State, dcc, hooks, html
from dash.development.base_component import Component

from accounts.scope import Scope
from core import formats
from core.home import Home
from core.texts import N_, _, ngettext
from dashboard import (
    cache,
    compression,
    context,
    exports,
    preamble,
    province_picker,
    reasons,
    rejected_view,
    terms,
    this_year,
    year_url,
)
from dashboard.components import (
    card,
    district_options,
    download_button,
    error_message,
    grid,
    kpi_card,
    labelled,
    message,
    section,
    table,
    year_select,
)
from dashboard.pages import served
from dashboard.pages.quality import batch_channels, held, periods, run_summary
from dashboard.urls import LOCATION, with_params
from warehouse import approvals, queries
from warehouse.queries.quality import rejected_batches
from warehouse.rules import load_rules

STATE = "quality-state"
FY = "quality-fy"
PERIODS = "quality-periods"
OVERDUE = "quality-overdue"
OVERDUE_BUTTON = "quality-overdue-button"
DISTRICT = "quality-district"
SUMMARY = "quality-summary"
SUBMISSIONS = "quality-submissions"
SHEETS = "quality-sheets"
REASONS = "quality-reasons"
BATCHES = "quality-batches"
THIS_YEAR = "quality-this-year"
REJECTED = "quality-rejected"
DOWNLOAD = "quality-download"
DOWNLOAD_BUTTON = "quality-download-button"
BATCH = "quality-batch"
BATCH_DOWNLOAD = "quality-batch-download"
BATCH_BUTTON = "quality-batch-button"


@context.guarded(error_message)
def layout(**query: Any) -> html.Div:
    """Counts for the province; a district's rejected rows for those who may see its records."""
    start = preamble.opening(
        query,
        years=due_years,
        need_years=False,
        current=True,
        whole=("/quality", N_("Data quality")),
    )
    if start.shown is not None:
        return start.shown
    state, lang, years = start.state, start.lang, start.years
    province, year = state["province"], state["fy"]
    state["district"] = state["district"] or start.scope.district_code
    head = dbc.Row(
        [
            dbc.Col(
                html.H1(
                    f"{_(lang, 'Data quality')} · {formats.province_name(province, lang)}",
                    className="h3 mb-0",
                ),
                md=8,
            ),
            labelled(_(lang, "Fiscal year"), year_select(FY, years, year, lang), md=4)
            if years
            else None,
        ],
        className="mb-3 align-items-end filters",
    )
    return html.Div(
        [
            dcc.Store(id=STATE, data=state),
            province_picker.bar(lang, province),
            head,
            *(
                one_section(build, state, lang)
                for build in (WAITING if start.waiting else SECTIONS)
            ),
        ]
    )


def due_years(home: Home, scope: Scope, province: str | None) -> list[int]:
    """The fiscal years whose submissions are judged by now, newest first."""
    return queries.due_years(queries.district_submissions(home, scope, province), context.now())


def one_section(
    build: Callable[[dict[str, Any], str], object], state: dict[str, Any], lang: str
) -> Component:
    """One section of the page; a failing one shows its error message and the rest still draws."""
    return cast(Component, context.guarded(error_message)(build)(state, lang))  # each draws one


def summary_section(state: dict[str, Any], lang: str) -> object:
    """Headline cards of the chosen year."""
    return html.Div(section(SUMMARY, show_summary(state)), className="mb-3")


def periods_section(state: dict[str, Any], lang: str) -> object:
    """Districts × fiscal years, and the year's overdue and incomplete districts as a workbook."""
    button = dbc.Button(
        _(lang, "Download late and incomplete districts (Excel)"),
        id=OVERDUE_BUTTON,
        color="secondary",
        size="sm",
        className="mb-2",
    )
    return html.Div(
        card(
            _(lang, "Submissions by district and fiscal year"),
            [button, dcc.Download(id=OVERDUE), section(PERIODS, show_periods(state))],
        ),
        className="mb-3",
    )


def submissions_section(state: dict[str, Any], lang: str) -> object:
    """Per district: the chosen year's submission."""
    return card(_(lang, "Submissions by district"), section(SUBMISSIONS, show_submissions(state)))


def sheets_section(state: dict[str, Any], lang: str) -> object:
    """Rows per sheet beside rejected rows by reason (each panel only when it has rows)."""
    sheets = card(_(lang, "Rows per sheet (latest batch)"), section(SHEETS, show_sheets(state)))
    by_reason = card(_(lang, "Rejected rows by reason"), section(REASONS, show_reasons(state)))
    return dbc.Row([dbc.Col(sheets, lg=6), dbc.Col(by_reason, lg=6)], className="g-3 mb-3")


def batches_section(state: dict[str, Any], lang: str) -> object:
    """Every load batch, with how it came (pulled, or uploaded by whom)."""
    return card(_(lang, "Load batches"), section(BATCHES, show_batches(state)))


def waiting_section(state: dict[str, Any], lang: str) -> object:
    """The year in progress chosen: nothing of it is judged before it is due."""
    wait = message(
        _(
            lang,
            "{year} is in progress: its submissions are judged once it is due",
            year=formats.fiscal_year(state["fy"], lang),
        )
    )
    return html.Div(wait, className="mb-3")


def this_year_section(state: dict[str, Any], lang: str) -> object:
    """The fiscal year in progress: which districts have sent it, when it is due, days left."""
    return html.Div(
        card(_(lang, "This fiscal year"), section(THIS_YEAR, show_this_year(state))),
        className="mb-3",
    )


def rejected_section(state: dict[str, Any], lang: str) -> object:
    """A district's rejected rows, for those who may see its records."""
    scope, district = context.scope(), state["district"]
    options = district_options(state["province"], lang, scope.may_read_records)
    chooser = dcc.Dropdown(
        id=DISTRICT,
        options=options,
        value=district if any(o["value"] == district for o in options) else None,
        placeholder=_(lang, "Choose a district"),
    )
    return card(
        _(lang, "Rejected rows"),
        [
            dbc.Row(
                [
                    labelled(_(lang, "District"), chooser, md=4),
                    dbc.Col(
                        download_button(DOWNLOAD_BUTTON, lang),
                        md=3,
                        className="align-self-end",
                    ),
                ],
                className="mb-2 filters",
            ),
            batch_chooser(state, lang),
            dcc.Download(id=DOWNLOAD),
            dcc.Download(id=BATCH_DOWNLOAD),
            section(REJECTED, show_rejected(state)),
        ],
    )


def batch_chooser(state: dict[str, Any], lang: str) -> object:
    """The chosen district's load batches with rejected rows (newest first), each downloadable on its own."""
    district = state["district"]
    frame = (
        rejected_batches(context.home(), context.scope(), district) if district else pl.DataFrame()
    )
    options = [
        {
            "label": ngettext(
                lang,
                "{when} · {status} · {rows} row rejected",
                "{when} · {status} · {rows} rows rejected",
                r["rows"],
                when=formats.moment(r["started_at"], lang) if r["started_at"] else r["batch_id"],
                status=terms.kind(r["status"], lang) if r["status"] else "–",
                rows=formats.number(r["rows"], lang),
            ),
            "value": r["batch_id"],
        }
        for r in frame.iter_rows(named=True)
    ]
    chooser = dcc.Dropdown(
        id=BATCH,
        options=options,
        value=options[0]["value"] if options else None,
        clearable=False,
        placeholder=_(lang, "Load batch"),
    )
    button = dbc.Button(
        _(lang, "Download this batch's rejected rows (Excel)"),
        id=BATCH_BUTTON,
        color="secondary",
        size="sm",
        disabled=not options,
    )
    return dbc.Row(
        [
            labelled(_(lang, "Load batch"), chooser, md=6),
            dbc.Col(button, md=5, className="align-self-end"),
        ],
        className="mb-2 filters",
        style=None if options else {"display": "none"},
    )


def runs_section(state: dict[str, Any], lang: str) -> object:
    """The last nightly (or any) run's summary."""
    return run_summary.run_card(
        context.home(), context.scope(), state["province"], lang, context.store()
    )


def held_section(state: dict[str, Any], lang: str) -> object:
    """Submissions the shrink guard held back."""
    return held.held_card(state)


def sign_off_section(state: dict[str, Any], lang: str) -> object:
    """The chosen year's districts still draft past their due day, and those whose period closed
    before they were approved (warehouse/approvals.py, warehouse/periods.py)."""
    table = approvals.statuses_for(
        context.store(), context.home(), context.scope(), state["province"], state["fy"],
        load_rules(None), context.now(),
    )  # fmt: skip
    late = [r["district_code"] for r in table.iter_rows(named=True) if r["overdue"]]
    shut = [r["district_code"] for r in table.iter_rows(named=True) if r["closed"]]
    link = dcc.Link(_(lang, "Data sign-off"), href=f"/approval?fy={state['fy']}&lang={lang}")
    if not late:
        body: list[Any] = [_(lang, "No district is overdue for sign-off")]
    else:
        names = ", ".join(formats.district_name(d, lang) for d in late)
        body = [_(lang, "Overdue for sign-off (still draft): {districts}", districts=names)]
    if shut:
        names = ", ".join(formats.district_name(d, lang) for d in shut)
        body += [
            " · ",
            html.Span(
                _(
                    lang,
                    "Period closed (not approved; a new file is locked until the director"
                    " grants a lock exception): {districts}",
                    districts=names,
                ),
                className="quality-closed",
            ),
        ]
    body += [" · ", link]
    return card(_(lang, "Sign-off"), html.P(body, className="mb-0 quality-sign-off"))


# The page, top to bottom: add a section here (one builder, one line).
SECTIONS: list[Callable[[dict[str, Any], str], object]] = [
    summary_section,
    this_year_section,
    runs_section,
    periods_section,
    held_section,
    sign_off_section,
    submissions_section,
    sheets_section,
    batches_section,
    rejected_section,
]
# The year in progress, before it is due: where its submissions stand, instead of figures judged.
WAITING: list[Callable[[dict[str, Any], str], object]] = [waiting_section, this_year_section]


@cache.cached("quality.summary", daily=True)
@context.guarded(error_message)
def show_summary(data: object) -> object:
    """Completeness and timeliness of the province's submissions."""
    scope, home, s = context.state(data)
    return completeness(
        queries.submissions(home, scope, s["province"], context.now(), s["fy"]), s["lang"]
    )


def completeness(frame: pl.DataFrame, lang: str) -> object:
    """Districts expected, received, complete and on time (for the latest fiscal year due), as headline cards."""
    if frame.is_empty():
        return message(_(lang, "No data you may see yet"))
    expected, received = frame.height, int(frame["received"].sum())
    complete, on_time = int(frame["complete"].sum()), int(frame["on_time"].sum())
    year = frame["fiscal_year"].drop_nulls()
    due = f" · {formats.fiscal_year(int(year[0]), lang)}" if len(year) else ""
    return dbc.Row(
        [
            kpi_card(_(lang, "District"), formats.number(expected, lang)),
            kpi_card(
                _(lang, "Received"),
                f"{received} / {expected}",
                formats.percent(received / expected, lang),
            ),
            kpi_card(
                _(lang, "Complete") + due,
                f"{complete} / {expected}",
                formats.percent(complete / expected, lang),
            ),
            kpi_card(
                _(lang, "On time") + due,
                f"{on_time} / {expected}",
                formats.percent(on_time / expected, lang),
            ),
        ],
        className="g-3",
    )


@cache.cached("quality.submissions", daily=True)
@context.guarded(error_message)
def show_submissions(data: object) -> object:
    """Per district: received, complete, on time and why (latest fiscal year due), last loaded, rows."""
    scope, home, s = context.state(data)
    return submission_table(
        queries.submissions(home, scope, s["province"], context.now(), s["fy"]), s["lang"]
    )


def submission_table(frame: pl.DataFrame, lang: str) -> object:
    """One row per district, the reasons of its district-year as a sentence."""
    if frame.is_empty():
        return message(_(lang, "No data you may see yet"))
    # One judgement per row: why comes from the same district-year as received, complete and on time.
    why = [
        reasons.submission_why(r, lang)
        if r.get("reasons")
        else None
        if r["received"]
        else _(lang, "not sent since the year ended")
        for r in frame.iter_rows(named=True)
    ]
    frame = frame.with_columns(pl.Series("why", why, dtype=pl.String))
    columns = [
        ("district_code", N_("District")),
        ("fiscal_year", N_("Fiscal year")),
        ("received", N_("Received")),
        ("complete", N_("Complete")),
        ("on_time", N_("On time")),
        ("why", N_("Why")),
        ("last_loaded", N_("Last loaded")),
        ("last_status", N_("Status")),
        ("batches", N_("Load batches")),
        ("rows_read", N_("Rows read")),
        ("rows_loaded", N_("Loaded")),
        ("rows_rejected", N_("Rejected")),
    ]
    return table(frame, columns, lang)


@cache.cached("quality.sheets")
@context.guarded(error_message)
def show_sheets(data: object) -> object:
    """Rows read, loaded and rejected per sheet of each district's latest batch."""
    scope, home, s = context.state(data)
    columns = [
        ("district_code", N_("District")),
        ("sheet", N_("Sheet")),
        ("rows_read", N_("Rows read")),
        ("rows_loaded", N_("Loaded")),
        ("rows_rejected", N_("Rejected")),
    ]
    frame = queries.sheets(home, scope, s["province"])
    if frame.is_empty():
        return empty_line(
            _(s["lang"], "No sheet counts yet: no district's load recorded its sheets")
        )
    return grid(
        SHEETS + "-grid", frame, columns, s["lang"], height=batch_channels.fitted(frame.height)
    )


@cache.cached("quality.reasons")
@context.guarded(error_message)
def show_reasons(data: object) -> object:
    """Rejected rows by reason: how many, how many districts, where most of them are."""
    scope, home, s = context.state(data)
    columns = [
        ("reason_code", N_("Reason")),
        ("rows", N_("Rejected")),
        ("districts", N_("Districts")),
        ("district_code", N_("Most in")),
    ]
    frame = queries.rejected_by_reason(home, scope, s["province"])
    if frame.is_empty():
        return empty_line(_(s["lang"], "No row was rejected"))
    return table(frame, columns, s["lang"])


@cache.cached("quality.batches")
@context.guarded(error_message)
def show_batches(data: object) -> object:
    """Every load batch, newest first, with its channel."""
    scope, home, s = context.state(data)
    frame = queries.batches(home, scope, s["province"])
    if frame.is_empty():
        return empty_line(_(s["lang"], "No district has loaded any data yet"))
    return batch_channels.batch_grid(frame, s["lang"])


def empty_line(text: str) -> html.P:
    """What an empty panel says, in one line (no large empty grid)."""
    return html.P(text, className="text-muted small mb-0 empty-state")


@cache.cached("quality.this_year", daily=True)
@context.guarded(error_message)
def show_this_year(data: object) -> object:
    """Which districts have sent the fiscal year in progress; due date, days left or late."""
    scope, home, s = context.state(data)
    today = context.now()
    current = formats.fiscal_year_of(today.date())
    frame = approvals.with_approval(
        context.store(), queries.year_status(home, scope, s["province"], current, today)
    )
    return this_year.status_table(frame, s["lang"], today.date())


@cache.cached("quality.rejected")
@context.guarded(error_message)
def show_rejected(data: object) -> object:
    """The chosen district's rejected rows with file, sheet, row, column and message."""
    scope, home, s = context.state(data)
    if not s["district"]:
        return message(_(s["lang"], "Choose a district"))
    if not scope.may_read_records(s["district"]):
        return message(
            _(
                s["lang"],
                "Records are visible to the province's director and the "
                "club's own district officer only",
            )
        )
    return rejected_grid(queries.rejected(home, scope, s["district"]), s["lang"])


def rejected_grid(frame: pl.DataFrame, lang: str) -> object:
    """Rejected rows: their root causes first, then every row (paged), the message in full."""
    if frame.is_empty():
        return message(_(lang, "No data you may see yet"))
    return rejected_view.causes_and_rows(REJECTED + "-grid", frame, lang)


@hooks.callback(
    Output(DOWNLOAD, "data"),
    Input(DOWNLOAD_BUTTON, "n_clicks"),
    State(STATE, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: dash.no_update)
def download(clicks: object, data: object) -> object:
    """The district's rejected rows as a workbook it can fix; audited."""
    scope, home, s = context.state(data)
    if not clicks or not s["district"]:
        return dash.no_update
    district, lang = s["district"], s["lang"]

    def build() -> tuple[bytes, int]:
        frame = queries.rejected(home, scope, district)
        title = exports.served_title(
            lang,
            _(lang, "Rejected rows"),
            district[:2],
            None,
            [(_(lang, "District"), formats.district_name(district, lang))],
        )
        return (
            exports.rejected_workbook(frame, lang, title) if frame.height else b""
        ), frame.height

    content, rows = cache.download(
        home, scope, district[:2], "rejected.xlsx", (district, lang), build
    )
    if not rows:
        return dash.no_update
    context.audit("export_rejected_rows", f"{district} rows={rows}")
    return compression.send_packed(content, f"tonbaeb-rejected-{district}.xlsx")


@hooks.callback(
    Output(BATCH_DOWNLOAD, "data"),
    Input(BATCH_BUTTON, "n_clicks"),
    State(BATCH, "value"),
    State(STATE, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: dash.no_update)
def download_batch(clicks: object, batch: object, data: object) -> object:
    """One load batch's rejected rows as a workbook (causes first), if the batch is of a district whose
    records this user may read; audited with the batch, its district and the rows served."""
    _scope, _home, s = context.state(data)
    return rejected_view.batch_download(batch, s["lang"]) if clicks else dash.no_update


@hooks.callback(
    Output(LOCATION, "search", allow_duplicate=True),
    Input(DISTRICT, "value"),
    State(LOCATION, "search"),
    State(STATE, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: dash.no_update)
def choose_district(district: object, search: object, data: object) -> object:
    """The chosen district goes into the URL."""
    if context.text(district) == context.view(data)["district"]:
        return dash.no_update
    return with_params(search, district=context.text(district))


@cache.cached("quality.periods", daily=True)
@context.guarded(error_message)
def show_periods(data: object) -> object:
    """Districts × fiscal years: complete, on time or days late, rows rejected."""
    scope, home, s = context.state(data)
    return periods.period_grid(
        queries.submission_years(home, scope, s["province"], context.now()), s["lang"], s["fy"]
    )


@hooks.callback(
    Output(OVERDUE, "data"),
    Input(OVERDUE_BUTTON, "n_clicks"),
    State(STATE, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: dash.no_update)
def download_overdue(clicks: object, data: object) -> object:
    """The chosen year's districts not received, late or incomplete, as a workbook; audited."""
    scope, home, s = context.state(data)
    if not clicks or not s["fy"]:
        return dash.no_update
    province = queries.chosen_province(
        home, scope, s["province"]
    )  # the one served, whatever was asked
    frame = queries.submission_years(home, scope, province, context.now())
    if province is None or frame.is_empty():
        return dash.no_update
    title = exports.served_title(s["lang"], _(s["lang"], "Overdue districts"), province, s["fy"])
    content, rows = periods.overdue_workbook(frame, s["fy"], s["lang"], title)
    context.audit("export_overdue", f"province={province} fy={s['fy']} rows={rows}")
    return compression.send_packed(content, exports.file_name("overdue", province, s["fy"]))


choose_year = year_url.year_into_url(FY, STATE)


def register() -> None:
    """Register the page with Dash (dashboard.pages.register calls this once the app exists)."""
    dash.register_page(
        __name__,
        path="/quality",
        name="Data quality",
        order=6,
        group="workflow",
        label=N_("Data quality"),
        layout=served(__name__, "/quality", layout),
    )
