"""Tables of the exemplars page: candidates with each part's points and their status, how the
score is made, the history of decisions, and strong-looking clubs with why they are not candidates.
Club names are text children (never HTML)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import dash_bootstrap_components as dbc
import polars as pl
from dash import dcc, html
from dash.development.base_component import Component, ComponentType

from accounts.scope import Scope
from core import formats
from core.texts import N_, NP_, _
from dashboard import reasons, terms
from dashboard.components import href, message
from exemplars import knowledge
from warehouse import queries

PARTS = tuple(queries.PARTS)


def candidate_table(frame: pl.DataFrame, s: dict[str, Any], scope: Scope) -> object:
    """Rank, club (linked), district, score, each part's points, status (selected: the record)."""
    lang = s["lang"]
    if frame.is_empty():
        return message(_(lang, "No data you may see yet"))
    heads = [
        _(lang, k)
        for k in (N_("Rank"), NP_("club name", "Club"), N_("District"), N_("Exemplar score"))
    ]
    heads += [_(lang, terms.SCORE_PARTS[p]) for p in PARTS] + [_(lang, "Status")]
    body = []
    for row in frame.iter_rows(named=True):
        club = dcc.Link(
            str(row["name"]),
            href=href("/club", lang, district=row["district_code"], club=row["club_id"]),
        )
        status: list[str | Component] = [_(lang, terms.EXEMPLAR_STATUSES[row["status"] or "none"])]
        if row["status"] == "selected" and knowledge.may_edit(scope, row["district_code"]):
            target = href(
                "/knowledge", lang, district=row["district_code"], club=row["club_id"], fy=s["fy"]
            )
            status += [" · ", dcc.Link(_(lang, "Knowledge record"), href=target)]
        cells: list[ComponentType] = [
            row["rank"],
            club,
            formats.district_name(row["district_code"], lang),
            f"{row['exemplar_score']:.1f}",
        ]
        cells += [f"{row[f'{p}_points']:.1f}" for p in PARTS] + [html.Span(status)]
        body.append(
            html.Tr(
                [html.Td(c) for c in cells],
                id=f"exemplars-row-{row['district_code']}-{row['club_id']}",
            )
        )
    head = html.Thead(html.Tr([html.Th(h) for h in heads]))
    return dbc.Table(
        [head, html.Tbody(body)],
        size="sm",
        hover=True,
        responsive=True,
        className="mb-0 exemplars-table",
    )


def weights_table(frame: pl.DataFrame, lang: str) -> object:
    """One row per part, from the weights and settings the year's scores were computed with."""
    if frame.is_empty():
        return message(_(lang, "No data you may see yet"))
    row = frame.row(0, named=True)
    total = sum(row[f"{p}_weight"] for p in PARTS) or 1.0
    settings = {
        "streak": {"n": row["scored_years"]},
        "partners": {"n": row["partners_full"], "years": row["scored_years"]},
        "growth": {"share": formats.percent(row["growth_full"], lang)},
        "trend": {"n": row["trend_full"]},
    }
    heads = [_(lang, k) for k in (N_("Part"), N_("Measures"), N_("Weight"), N_("Full points"))]
    body = [
        html.Tr(
            [
                html.Td(_(lang, terms.SCORE_PARTS[p])),
                html.Td(_(lang, terms.PART_MEASURES[p], **settings.get(p, {}))),
                html.Td(f"{row[f'{p}_weight']:.2f}"),
                html.Td(f"{100 * row[f'{p}_weight'] / total:.1f}"),
            ]
        )
        for p in PARTS
    ]
    return dbc.Table(
        [html.Thead(html.Tr([html.Th(h) for h in heads])), html.Tbody(body)],
        size="sm",
        className="mb-0",
    )


def history_table(frame: pl.DataFrame, lang: str) -> object:
    """When, club, district, action, reason, by whom."""
    if frame.is_empty():
        return message(_(lang, "No proposals or decisions yet this fiscal year"))
    heads = [
        _(lang, k)
        for k in (
            N_("When"),
            NP_("club name", "Club"),
            N_("District"),
            N_("Action"),
            N_("Reason"),
            N_("By"),
        )
    ]
    body = []
    for row in frame.iter_rows(named=True):
        who = f"{row['username']} · {terms.kind(row['role'], lang)}"
        cells = [
            formats.moment(datetime.fromtimestamp(row["at"]), lang),
            str(row.get("name") or row["club_id"]),
            formats.district_name(row["district_code"], lang),
            _(lang, terms.DECISIONS[row["action"]]),
            str(row["reason"]),
            who,
        ]
        body.append(html.Tr([html.Td(c) for c in cells]))
    return dbc.Table(
        [html.Thead(html.Tr([html.Th(h) for h in heads])), html.Tbody(body)],
        size="sm",
        responsive=True,
        className="mb-0 exemplars-history",
    )


def strong_table(frame: pl.DataFrame, submissions: pl.DataFrame, lang: str) -> object:
    """Club (linked), district, exemplar score, meets the standard, and the reasons as sentences."""
    if frame.is_empty():
        return message(_(lang, "No data you may see yet"))
    years = reasons.district_years(submissions)
    heads = [
        _(lang, k)
        for k in (
            NP_("club name", "Club"),
            N_("District"),
            N_("Exemplar score"),
            N_("Meet the standard"),
            N_("Why"),
        )
    ]
    body = []
    for row in frame.iter_rows(named=True):
        club = dcc.Link(
            str(row["name"]),
            href=href("/club", lang, district=row["district_code"], club=row["club_id"]),
        )
        why = reasons.sentences(row["reasons"], row["district_code"], years, lang)
        meets = html.Span(
            "✓" if row["meets_standard"] else "✗",
            className="mark-pass" if row["meets_standard"] else "mark-fail",
        )
        cells: list[ComponentType] = [
            club,
            formats.district_name(row["district_code"], lang),
            f"{row['exemplar_score']:.1f}",
            meets,
            why,
        ]
        body.append(html.Tr([html.Td(c) for c in cells]))
    return dbc.Table(
        [html.Thead(html.Tr([html.Th(h) for h in heads])), html.Tbody(body)],
        size="sm",
        responsive=True,
        className="mb-0 exemplars-strong",
    )
