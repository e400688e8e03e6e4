"""Data quality by period as a person reads it: districts × fiscal years of submissions (complete,
on time, days late, rows rejected), and the overdue and incomplete districts of a year as a workbook."""

from __future__ import annotations

from typing import cast

import dash_bootstrap_components as dbc
import polars as pl
from dash import html
from dash.development.base_component import Component

from core import formats
from core.texts import N_, _, ngettext
from dashboard import exports, reasons, terms
from dashboard.components import message

MARKS = {"complete": "✓", "history": "✓", "late": "⏱", "incomplete": "!", "not_received": "✗"}


def cell_text(row: dict[str, object], lang: str) -> list[str]:
    """A district-year's lines: what it is (complete / incomplete / not received), on time or late, rows rejected."""
    status = str(row["status"])
    if status == "not_received":
        return [f"{MARKS[status]} {_(lang, 'not received')}"]
    lines = [f"{MARKS[status]} {_(lang, 'complete') if row['complete'] else _(lang, 'incomplete')}"]
    if row["days_late"]:
        lines.append(ngettext(lang, "{n} day late", "{n} days late", row["days_late"]))
    else:
        lines.append(_(lang, "history") if row["history"] else _(lang, "on time"))
    if row.get("same_load_as"):
        year = formats.fiscal_year(cast(int, row["same_load_as"]), lang)
        lines.append(_(lang, "sent in one load with {year}", year=year))
    elif row["rows_rejected"]:
        lines.append(
            ngettext(
                lang,
                "{n} row rejected",
                "{n} rows rejected",
                cast(int, row["rows_rejected"]),
                n=formats.number(cast(int, row["rows_rejected"]), lang),
            )
        )
    return lines


def period_grid(frame: pl.DataFrame, lang: str, year: int | None = None) -> object:
    """A table: one row per district, one column per fiscal year (newest first), each cell its status."""
    if frame.is_empty():
        return message(_(lang, "No data you may see yet"))
    years = sorted({int(y) for y in frame["fiscal_year"]}, reverse=True)
    cells = {(r["district_code"], int(r["fiscal_year"])): r for r in frame.iter_rows(named=True)}
    head = html.Thead(
        html.Tr(
            [
                html.Th(_(lang, "District"), scope="col"),
                *(
                    html.Th(
                        formats.fiscal_year(y, lang),
                        scope="col",
                        className="qp-chosen" if y == year else None,
                    )
                    for y in years
                ),
            ]
        )
    )
    body = []
    for district in sorted({str(c) for c in frame["district_code"]}):
        row: list[Component] = [html.Th(formats.district_name(district, lang), scope="row")]
        for y in years:
            found = cells[(district, y)]
            why = reasons.submission_why(found, lang) if found.get("reasons") else ""
            lines = cell_text(found, lang)
            row.append(
                html.Td(
                    [html.Div(line) for line in lines],
                    className=f"qp-cell qp-{found['status']}",
                    title=why or None,
                )
            )
        body.append(html.Tr(row))
    return dbc.Table(
        [head, html.Tbody(body)],
        bordered=True,
        size="sm",
        responsive=True,
        className="quality-periods mb-0",
    )


def overdue_columns(lang: str) -> list[dict[str, str]]:
    """Workbook columns of the year's overdue and incomplete districts."""
    keys = (
        "district",
        "fiscal_year",
        "problem",
        "due_on",
        "submitted_on",
        "days_late",
        "rows_rejected",
        "why",
    )
    heads = (
        N_("District"),
        N_("Fiscal year"),
        N_("Problem"),
        N_("Due"),
        N_("Submitted"),
        N_("Days late"),
        N_("Rejected"),
        N_("Why"),
    )
    return [{"field": k, "headerName": _(lang, h)} for k, h in zip(keys, heads, strict=True)]


def overdue_rows(frame: pl.DataFrame, year: int, lang: str) -> list[dict[str, object]]:
    """The districts of one year not received, late or incomplete, with why in words."""
    rows = []
    for r in frame.filter(pl.col("fiscal_year") == year).iter_rows(named=True):
        problems = [
            p
            for p, wrong in (
                ("not_received", r["status"] == "not_received"),
                ("late", bool(r["days_late"])),
                ("incomplete", r["status"] != "not_received" and not r["complete"]),
            )
            if wrong
        ]
        if not problems:
            continue
        rows.append(
            {
                "district": formats.district_name(r["district_code"], lang),
                "fiscal_year": year,
                "problem": ", ".join(
                    ngettext(lang, "{n} day late", "{n} days late", r["days_late"])
                    if p == "late"
                    else _(lang, terms.SUBMISSION_PROBLEMS[p])
                    for p in problems
                ),
                "due_on": formats.day(r["due_on"], lang) if r["due_on"] else None,
                "submitted_on": formats.day(r["submitted_at"], lang) if r["submitted_at"] else None,
                "days_late": r["days_late"],
                "rows_rejected": r["rows_rejected"],
                "why": reasons.submission_why(r, lang)
                or (
                    _(lang, "not sent since the year ended") if "not_received" in problems else None
                ),
            }
        )
    return rows


def overdue_workbook(
    frame: pl.DataFrame, year: int, lang: str, title: exports.Title | None = None
) -> tuple[bytes, int]:
    """The workbook of the year's overdue and incomplete districts, and how many there are."""
    rows = overdue_rows(frame, year, lang)
    sheet = _(lang, "Overdue districts")
    return exports.workbook(rows, overdue_columns(lang), sheet, title, lang), len(rows)
