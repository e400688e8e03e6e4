"""What the upload page shows of a dry run: counts per sheet, shrink warning, the standard before
and after, the rejected rows; and the buttons to submit or cancel. Pure builders, text only."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import polars as pl
from dash import html
from dash.development.base_component import Component

from core import formats
from core.texts import N_, _, pgettext
from dashboard import rejected_view
from dashboard.components import message, table
from dashboard.pages.submit import removals
from etl.dry_run import Preview
from etl.schemas import BY_NAME

SEND = "submit-send"
CANCEL = "submit-cancel"
REJECTED_BUTTON = "submit-rejected-button"
REJECTED_GRID = "submit-rejected-grid"


def sheet_name(sheet: str, lang: str) -> str:
    """A contract sheet as a person knows it."""
    found = BY_NAME.get(sheet)
    return found.thai if found is not None and lang == "th" else sheet


def preview(result: Preview, name: str, lang: str) -> Component:
    """The dry run's report, with submit and cancel (submit only when the file can be read)."""
    title = html.H2(_(lang, "Dry run (nothing saved yet) · {name}", name=name), className="h5")
    if result.failure is not None:
        return html.Div(
            [
                title,
                message(
                    _(
                        lang,
                        "The file cannot be read; nothing was saved: {why}",
                        why=result.failure,
                    ),
                    "danger",
                ),
                _buttons(lang, sendable=False),
            ]
        )
    read, loaded, rejected = result.rows
    # What would be taken away comes first, to be acknowledged before sending.
    parts: list[Component | None] = [
        title,
        _locked(result, lang),
        removals.warning(result, lang, sheet_name),
        html.P(
            _(
                lang,
                "{read} rows read · {loaded} would load · {rejected} rejected",
                read=formats.number(read, lang),
                loaded=formats.number(loaded, lang),
                rejected=formats.number(rejected, lang),
            ),
            className="submit-totals fw-bold",
        ),
        _sheets(result, lang),
    ]
    parts += [
        html.H3(_(lang, "Clubs meeting the standard"), className="h6 mt-3"),
        _standard(result, lang),
    ]
    parts += [
        html.H3(_(lang, "Rejected rows"), className="h6 mt-3"),
        rejected_rows(result.rejected, lang),
    ]
    parts.append(
        _buttons(
            lang, sendable=True, rejected=not result.rejected.is_empty(), waits=result.warnings
        )
    )
    return html.Div(parts, className="submit-preview")


def rejected_rows(frame: pl.DataFrame, lang: str) -> Component:
    """The rejected rows: their root causes first, then every row (paged) with sheet, row, column,
    value, reason, message in full and the row its trouble began at."""
    return rejected_view.causes_and_rows(REJECTED_GRID, frame, lang, source=False)


def _sheets(result: Preview, lang: str) -> Component:
    frame = result.sheets.with_columns(
        pl.col("sheet")
        .map_elements(lambda s: sheet_name(s, lang), return_dtype=pl.String)
        .alias("shown"),
        pl.col("sheet")
        .replace_strict(result.before, default=0, return_dtype=pl.Int64)
        .alias("before"),
        pl.col("sheet")
        .replace_strict(result.after, default=0, return_dtype=pl.Int64)
        .alias("after"),
    )
    columns = [
        ("shown", N_("Sheet")),
        ("rows_read", N_("Rows read")),
        ("rows_loaded", N_("Loaded")),
        ("rows_rejected", N_("Rejected")),
        ("before", _(lang, "Published now")),
        ("after", _(lang, "After sending")),
    ]
    return table(frame, columns, lang)


def _standard(result: Preview, lang: str) -> Component:
    """Per fiscal year: clubs and clubs meeting the standard, published now -> after sending."""
    empty = pl.DataFrame(
        schema={"fiscal_year": pl.Int32, "clubs": pl.Int32, "meeting_standard": pl.Int32}
    )
    before = result.standard_before if not result.standard_before.is_empty() else empty
    after = result.standard_after if not result.standard_after.is_empty() else empty
    joined = before.join(after, on="fiscal_year", how="full", coalesce=True, suffix="_after").sort(
        "fiscal_year", descending=True
    )
    if joined.is_empty():
        return message(_(lang, "No data you may see yet"))

    def pair(was: int | None, now: int | None, clubs_was: int | None, clubs_now: int | None) -> str:
        return f"{was or 0}/{clubs_was or 0} → {now or 0}/{clubs_now or 0}"

    shown = pl.DataFrame(
        {
            "fiscal_year": [formats.fiscal_year(int(y), lang) for y in joined["fiscal_year"]],
            "change": [
                pair(*r)
                for r in joined.select(
                    "meeting_standard", "meeting_standard_after", "clubs", "clubs_after"
                ).iter_rows()
            ],
        }
    )
    label = (
        f"{_(lang, 'Meeting the standard')} / {pgettext(lang, 'submission preview', 'Clubs')}: "
        f"{_(lang, 'Published now')} → {_(lang, 'After sending')}"
    )
    return table(shown, [("fiscal_year", N_("Fiscal year")), ("change", label)], lang)


def _locked(result: Preview, lang: str) -> Component | None:
    """The locked years this file would change, approved or closed: they stay as published
    (the year lock), each with why and how to open it."""
    verdict = result.locked
    if verdict is None:
        return None
    head = (
        _(
            lang,
            "Nothing of this file would be published: every year it changes is locked"
            " (approved, or its period closed)",
        )
        if verdict.held_whole
        else _(lang, "Only the years that are not locked would be published")
    )
    return html.Div(
        [
            html.P(head, className="fw-bold mb-1"),
            html.Ul([html.Li(lock.text(lang)) for lock in verdict.locked]),
        ],
        className="alert alert-danger submit-locked",
    )


def _buttons(
    lang: str, *, sendable: bool, rejected: bool = False, waits: bool = False
) -> Component:
    buttons = []
    if sendable:
        buttons.append(
            dbc.Button(
                _(lang, "Submit"),
                id=SEND,
                color="primary",
                className="me-2",
                disabled=waits,
            )
        )
    buttons.append(
        dbc.Button(
            _(lang, "Cancel"),
            id=CANCEL,
            color="secondary",
            outline=True,
            className="me-2",
        )
    )
    if rejected:
        buttons.append(
            dbc.Button(
                _(lang, "Download the rejected rows to fix"),
                id=REJECTED_BUTTON,
                color="secondary",
                size="sm",
            )
        )
    return html.Div(buttons, className="mt-3 submit-buttons")
