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
from dashboard import i18n, reasons
from dashboard.components import href, message
from exemplars import knowledge
from warehouse import queries

PARTS = tuple(queries.PARTS)


def candidate_table(frame: pl.DataFrame, s: dict[str, Any], scope: Scope) -> object:
    """Rank, club (linked), district, score, each part's points, status (selected: the record)."""
    lang = s["lang"]
    if frame.is_empty():
        return message(i18n.t("no_data", lang))
    heads = [i18n.t(k, lang) for k in ("rank", "name", "district", "exemplar_score")]
    heads += [i18n.t(f"part_{p}", lang) for p in PARTS] + [i18n.t("exemplar_status", lang)]
    body = []
    for row in frame.iter_rows(named=True):
        club = dcc.Link(
            str(row["name"]),
            href=href("/club", lang, district=row["district_code"], club=row["club_id"]),
        )
        status: list[str | Component] = [i18n.t(f"status_{row['status'] or 'none'}", lang)]
        if row["status"] == "selected" and knowledge.may_edit(scope, row["district_code"]):
            target = href(
                "/knowledge", lang, district=row["district_code"], club=row["club_id"], fy=s["fy"]
            )
            status += [" · ", dcc.Link(i18n.t("knowledge_open", lang), href=target)]
        cells: list[ComponentType] = [
            row["rank"],
            club,
            i18n.district_name(row["district_code"], lang),
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
        return message(i18n.t("no_data", lang))
    row = frame.row(0, named=True)
    total = sum(row[f"{p}_weight"] for p in PARTS) or 1.0
    settings = {
        "streak": {"n": row["scored_years"]},
        "partners": {"n": row["partners_full"], "years": row["scored_years"]},
        "growth": {"share": i18n.percent(row["growth_full"], lang)},
        "trend": {"n": row["trend_full"]},
    }
    heads = [i18n.t(k, lang) for k in ("part", "measures", "weight", "max_points")]
    body = [
        html.Tr(
            [
                html.Td(i18n.t(f"part_{p}", lang)),
                html.Td(i18n.t(f"measures_{p}", lang, **settings.get(p, {}))),
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
        return message(i18n.t("no_data", lang))
    heads = [i18n.t(k, lang) for k in ("when", "name", "district", "decide_action", "reason", "by")]
    body = []
    for row in frame.iter_rows(named=True):
        who = f"{row['username']} · {i18n.kind(row['role'], lang)}"
        cells = [
            i18n.moment(datetime.fromtimestamp(row["at"]), lang),
            str(row.get("name") or row["club_id"]),
            i18n.district_name(row["district_code"], lang),
            i18n.t(f"action_{row['action']}", lang),
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
        return message(i18n.t("no_data", lang))
    years = reasons.district_years(submissions)
    heads = [i18n.t(k, lang) for k in ("name", "district", "exemplar_score", "meets_share", "why")]
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
            i18n.district_name(row["district_code"], lang),
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
