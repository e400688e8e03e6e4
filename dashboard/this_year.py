"""Where a fiscal year's submissions stand, as the overview and the quality page show it: how many
districts have sent, and per district when, the due date (rules file), days left or days late.

The year in progress is always offered in the year pickers (dashboard/preamble.py `current`), so a
director sees "FY 2570 has begun: 3 of 11 districts have sent" before any club result exists;
`waiting` is what a page chosen on that year shows instead of its figures (`status`: where it stands,
for a province, one district or, nationally, the whole country).
"""

from __future__ import annotations

from datetime import date

import dash_bootstrap_components as dbc
import polars as pl
from dash import html

from core import formats
from core.texts import _, ngettext, pgettext
from dashboard import context
from dashboard.components import message
from warehouse import approvals, queries


def status(province: str | None, fiscal_year: int) -> pl.DataFrame:
    """Every district of the province (nationally, of every province shown) in a fiscal year as
    it stands today (queries.year_status), with its approval from the state store."""
    scope, home, now = context.scope(), context.home(), context.now()
    shown = [province] if province else queries.provinces(home, scope)
    frames = [queries.year_status(home, scope, p, fiscal_year, now) for p in shown]
    frames = [f for f in frames if not f.is_empty()]
    return approvals.with_approval(context.store(), pl.concat(frames)) if frames else pl.DataFrame()


def waiting(
    province: str | None, fiscal_year: int, lang: str, district: str | None = None
) -> dbc.Alert:
    """What a page chosen on a year with no club results yet shows instead of its figures: 'FY 2570
    has begun: 3 of 11 districts have sent · due 29 Nov 2569' (a district: whether it has sent)."""
    frame = status(province, fiscal_year)
    name = formats.fiscal_year(fiscal_year, lang)
    nothing = _(lang, "No club results for {year} yet", year=name)
    if frame.is_empty():
        return message(nothing)
    today = context.now().date()
    due = _(lang, "due {day}", day=formats.day(frame["due_on"][0], lang))
    lines = [html.Strong(f"{headline(frame, lang, today)} · {due}"), html.Br(), nothing]
    mine = frame.filter(pl.col("district_code") == district) if district else frame.head(0)
    for r in mine.iter_rows(named=True):
        sent = (
            _(lang, "sent on {day}", day=formats.day(r["sent_at"], lang))
            if r["sent"]
            else _(lang, "not sent yet")
        )
        place = formats.district_name(str(r["district_code"]), lang)
        lines += [html.Br(), f"{place}: {sent} · {timing(r, lang)}"]
    return dbc.Alert(lines, color="light", className="empty-state this-year-waiting mb-0")


def headline(frame: pl.DataFrame, lang: str, today: date) -> str:
    """'FY 2570 has begun: 3 of 11 districts have sent' (or, for an ended year, '... sent')."""
    year = int(frame["fiscal_year"][0])
    sent, expected = int(frame["sent"].sum()), frame.height
    counts = {"n": formats.number(sent, lang), "m": formats.number(expected, lang)}
    name = formats.fiscal_year(year, lang)
    if today <= formats.fiscal_year_end(year):
        return _(lang, "{year} has begun: {n} of {m} districts have sent", year=name, **counts)
    return _(lang, "{year}: {n} of {m} districts have sent", year=name, **counts)


def timing(row: dict[str, object], lang: str) -> str:
    """'12 days left', '3 days late', 'on time', 'history' or '–'."""
    if row["history"]:
        return _(lang, "history")
    late, left = row["days_late"], row["days_left"]
    if isinstance(late, int):
        return ngettext(lang, "{n} day late", "{n} days late", late, n=formats.number(late, lang))
    if isinstance(left, int):
        return ngettext(lang, "{n} day left", "{n} days left", left, n=formats.number(left, lang))
    return _(lang, "on time") if row["sent"] else "–"


def status_table(frame: pl.DataFrame, lang: str, today: date) -> object:
    """The year's headline and one row per district: sent, when, due, days left or late, approved."""
    if frame.is_empty():
        return message(_(lang, "No data you may see yet"))
    head = html.Thead(
        html.Tr(
            [
                html.Th(_(lang, "District")),
                html.Th(_(lang, "Sent")),
                html.Th(_(lang, "When")),
                html.Th(_(lang, "Due")),
                html.Th(_(lang, "Days left or late")),
                html.Th(pgettext(lang, "approval state", "Approved")),
            ]
        )
    )
    body = [
        html.Tr(
            [
                html.Th(formats.district_name(str(r["district_code"]), lang), scope="row"),
                html.Td(formats.yes_no(bool(r["sent"]), lang)),
                html.Td(formats.day(r["sent_at"], lang) if r["sent_at"] else "–"),
                html.Td(formats.day(r["due_on"], lang)),
                html.Td(
                    timing(r, lang),
                    className="text-danger" if r["days_late"] is not None else None,
                ),
                html.Td(formats.yes_no(bool(r["approved"]), lang)),
            ]
        )
        for r in frame.iter_rows(named=True)
    ]
    return html.Div(
        [
            html.P(html.Strong(headline(frame, lang, today)), className="mb-2 this-year-headline"),
            dbc.Table(
                [head, html.Tbody(body)], size="sm", responsive=True, className="mb-0 this-year"
            ),
        ]
    )
