"""Data quality by period as a person reads it: districts × fiscal years of submissions (complete,
on time, days late, rows rejected), and the overdue and incomplete districts of a year as a workbook."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import polars as pl
from dash import html
from dash.development.base_component import Component

from dashboard import exports, i18n, reasons
from dashboard.components import message

MARKS = {"complete": "✓", "history": "✓", "late": "⏱", "incomplete": "!", "not_received": "✗"}


def cell_text(row: dict[str, object], lang: str) -> list[str]:
    """A district-year's lines: what it is (complete / incomplete / not received), on time or late, rows rejected."""
    status = str(row["status"])
    if status == "not_received":
        return [f"{MARKS[status]} {i18n.t('not_received', lang)}"]
    lines = [
        f"{MARKS[status]} {i18n.t('complete_short' if row['complete'] else 'incomplete', lang)}"
    ]
    if row["days_late"]:
        lines.append(i18n.t("late_days", lang, n=row["days_late"]))
    else:
        lines.append(i18n.t("history_year" if row["history"] else "on_time_short", lang))
    if row["rows_rejected"]:
        lines.append(i18n.t("rows_rejected_short", lang, n=i18n.number(row["rows_rejected"], lang)))  # type: ignore[arg-type]
    return lines


def period_grid(frame: pl.DataFrame, lang: str, year: int | None = None) -> object:
    """A table: one row per district, one column per fiscal year (newest first), each cell its status."""
    if frame.is_empty():
        return message(i18n.t("no_data", lang))
    years = sorted({int(y) for y in frame["fiscal_year"]}, reverse=True)
    cells = {(r["district_code"], int(r["fiscal_year"])): r for r in frame.iter_rows(named=True)}
    head = html.Thead(
        html.Tr(
            [
                html.Th(i18n.t("district", lang), scope="col"),
                *(
                    html.Th(
                        i18n.fiscal_year(y, lang),
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
        row: list[Component] = [html.Th(i18n.district_name(district, lang), scope="row")]
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
    return [{"field": k, "headerName": i18n.t(k, lang)} for k in keys]


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
                "district": i18n.district_name(r["district_code"], lang),
                "fiscal_year": year,
                "problem": ", ".join(
                    i18n.t("late_days", lang, n=r["days_late"]) if p == "late" else i18n.t(p, lang)
                    for p in problems
                ),
                "due_on": i18n.day(r["due_on"], lang) if r["due_on"] else None,
                "submitted_on": i18n.day(r["submitted_at"], lang) if r["submitted_at"] else None,
                "days_late": r["days_late"],
                "rows_rejected": r["rows_rejected"],
                "why": reasons.submission_why(r, lang)
                or (i18n.t("why_not_submitted", lang) if "not_received" in problems else None),
            }
        )
    return rows


def overdue_workbook(frame: pl.DataFrame, year: int, lang: str) -> tuple[bytes, int]:
    """The workbook of the year's overdue and incomplete districts, and how many there are."""
    rows = overdue_rows(frame, year, lang)
    return exports.workbook(rows, overdue_columns(lang), "overdue"), len(rows)
