"""What the approval page shows: districts × fiscal years with their state, and the chosen year's
districts with who moved them last, when, why, flagged checks and whether they are overdue.
Pure builders, text only (names and reasons typed by people are never HTML)."""

from __future__ import annotations

from datetime import datetime

import dash_bootstrap_components as dbc
import polars as pl
from dash import html
from dash.development.base_component import Component

from core import formats
from core.texts import N_, _
from dashboard.components import message
from dashboard.sign_off import STATES
from warehouse.approval_changes import Changes
from warehouse.checks import CHECKS

ACTIONS = {
    "submit": N_("Submit for sign-off"),
    "approve": N_("Approve"),
    "return": N_("Return (with a reason)"),
    "reopen": N_("Reopen (with a reason)"),
    "open_period": N_("Open the closed period (lock exception, with a reason)"),
}
DONE = {
    "submit": N_("Submitted for sign-off"),
    "approve": N_("Approved"),
    "return": N_("Returned to the district"),
    "reopen": N_("Reopened"),
    "open_period": N_("Period opened until approved (lock exception)"),
}

HEADERS = (
    N_("District"), N_("State"), N_("By"), N_("When"), N_("Reason"), N_("Checks flagged"),
    N_("Due"), N_("Period closes"),
)  # fmt: skip

CHECK_HEADERS = (N_("District"), N_("Club"), N_("Check"), N_("What it found"), N_("Review"))


def state_word(state: str, lang: str, overdue: bool = False, closed: bool = False) -> str:
    """A year's state in words, 'period closed' added to a closed year, 'overdue' to a late
    draft (a closed year is not said to be overdue: it is past that)."""
    word = _(lang, STATES.get(state, state))
    if closed:
        return f"{word} · {_(lang, 'period closed')}"
    return f"{word} · {_(lang, 'overdue')}" if overdue else word


def when(at: float | None, lang: str) -> str:
    """An event's time as a person reads it."""
    return formats.moment(datetime.fromtimestamp(at), lang) if at else "–"


def matrix(table: pl.DataFrame, lang: str) -> Component:
    """Districts (rows) × fiscal years (columns), each cell the year's state and who set it."""
    if table.is_empty():
        return message(_(lang, "No data you may see yet"))
    years = sorted(set(table["fiscal_year"].to_list()))
    by = {(r["district_code"], r["fiscal_year"]): r for r in table.iter_rows(named=True)}
    head = html.Thead(
        html.Tr(
            [html.Th(_(lang, "District"))]
            + [html.Th(formats.fiscal_year_short(y, lang)) for y in years]
        )
    )
    rows = []
    for district in sorted(set(table["district_code"].to_list())):
        cells: list[Component] = [html.Th(formats.district_name(district, lang), scope="row")]
        for year in years:
            row = by.get((district, year))
            if row is None:
                cells.append(html.Td("–"))
                continue
            lines: list[Component | str] = [
                state_word(row["state"], lang, row["overdue"], row["closed"])
            ]
            if row["by"]:
                lines += [html.Br(), html.Small(f"{row['by']} · {when(row['at'], lang)}")]
            cells.append(html.Td(lines, className=_state_class(row)))
        rows.append(html.Tr(cells))
    return dbc.Table(
        [head, html.Tbody(rows)], size="sm", bordered=True, responsive=True,
        className="mb-0 approval-matrix",
    )  # fmt: skip


def year_table(table: pl.DataFrame, flagged: dict[str, int], lang: str) -> Component:
    """The chosen year's districts: state, who and when, the reason, checks flagged, due day."""
    if table.is_empty():
        return message(_(lang, "No data you may see yet"))
    head = html.Thead(html.Tr([html.Th(_(lang, text)) for text in HEADERS]))
    rows = []
    for row in table.iter_rows(named=True):
        rows.append(
            html.Tr(
                [
                    html.Th(formats.district_name(row["district_code"], lang), scope="row"),
                    html.Td(
                        state_word(row["state"], lang, row["overdue"], row["closed"]),
                        className=_state_class(row),
                    ),
                    html.Td(row["by"] or "–"),
                    html.Td(when(row["at"], lang)),
                    html.Td(row["reason"] or "–"),
                    html.Td(formats.number(flagged.get(row["district_code"], 0), lang)),
                    html.Td(formats.day(row["due_on"], lang)),
                    html.Td(formats.day(row["closes_on"], lang)),
                ]
            )
        )
    return dbc.Table(
        [head, html.Tbody(rows)], size="sm", hover=True, responsive=True,
        className="mb-0 approval-year",
    )  # fmt: skip


def checks_table(flagged: pl.DataFrame, reviewed: pl.DataFrame, lang: str) -> Component:
    """Each flagged club: its district, the check, the numbers, and any "checked: correct" note."""
    if flagged.is_empty():
        return message(_(lang, "No check flags a club in this fiscal year"))
    notes = {
        (r["district_code"], r["check_name"], r["club_id"]): r
        for r in reviewed.iter_rows(named=True)
    }
    head = html.Thead(html.Tr([html.Th(_(lang, text)) for text in CHECK_HEADERS]))
    rows = []
    for row in flagged.iter_rows(named=True):
        note = notes.get((row["district_code"], row["check_name"], row["club_id"]))
        rows.append(
            html.Tr(
                [
                    html.Td(formats.district_name(row["district_code"], lang)),
                    html.Td(row["club_id"]),
                    html.Td(_(lang, CHECKS.get(row["check_name"], row["check_name"]))),
                    html.Td(row["detail"]),
                    html.Td(
                        f"{_(lang, 'Checked: correct')} · {note['username']}: {note['comment']}"
                        if note
                        else _(lang, "Not checked yet"),
                        className="approval-reviewed" if note else "approval-unreviewed",
                    ),
                ]
            )
        )
    return dbc.Table(
        [head, html.Tbody(rows)], size="sm", hover=True, responsive=True,
        className="mb-0 approval-checks",
    )  # fmt: skip


def flagged_options(flagged: pl.DataFrame, lang: str) -> list[dict[str, str]]:
    """The flagged clubs as choices 'district · club · check', valued 'district/check/club'."""
    return [
        {
            "label": f"{formats.district_name(r['district_code'], lang)} · {r['club_id']} · "
            + _(lang, CHECKS.get(r["check_name"], r["check_name"])),
            "value": f"{r['district_code']}/{r['check_name']}/{r['club_id']}",
        }
        for r in flagged.unique(
            ["district_code", "check_name", "club_id"], maintain_order=True
        ).iter_rows(named=True)
    ]


def changes_list(found: dict[str, Changes], lang: str) -> Component:
    """Per reopened district: rows added, removed and changed per sheet, and the clubs whose
    criteria or meets_standard changed since its approval (or that the approved version is gone)."""
    if not found:
        return message(_(lang, "No reopened district in this fiscal year"))
    items = []
    for district, changes in sorted(found.items()):
        name = formats.district_name(district, lang)
        if changes.pruned:
            text = _(
                lang,
                "The approved version ({version}) was removed by retention: "
                "the changes cannot be shown",
                version=changes.approved_version,
            )
            items.append(html.Li([html.Strong(name), " · ", text]))
            continue
        sheets = "; ".join(
            _(lang, "{sheet}: +{added} −{removed} ~{changed}", sheet=sheet,
              added=added, removed=removed, changed=changed)
            for sheet, (added, removed, changed) in changes.sheets.items()
            if added or removed or changed
        ) or _(lang, "no rows changed")  # fmt: skip
        clubs = ", ".join(f"{club} ({', '.join(what)})" for club, what in changes.clubs)
        line: list[Component | str] = [html.Strong(name), " · ", sheets]
        if clubs:
            line += [html.Br(), _(lang, "Clubs whose standing changed: {clubs}", clubs=clubs)]
        items.append(html.Li(line))
    return html.Ul(items, className="mb-0 approval-changes")


def _state_class(row: dict[str, object]) -> str:
    """The cell's classes: its state, and whether its period closed."""
    return f"approval-{row['state']}" + (" approval-closed" if row["closed"] else "")
