"""What the plan page draws besides its map: the headline, the pairs (clubs linked to their pages,
a remove button per pair for the director), the networks left uncovered, and the choices for
pairing by hand. Club names are text children (never HTML)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import dash_bootstrap_components as dbc
import polars as pl
from dash import dcc, html
from dash.development.base_component import Component

from core import formats
from core.texts import N_, _
from dashboard import exports
from dashboard.components import href, kpi_card, message
from exemplars.plan_board import Board

REMOVE = "plan-remove"  # the pattern-matching type of each pair's remove button
ON_PAPER_ONLY = frozenset({"exemplar_id", "mentee_id"})  # in the workbook; the page links names
LINKED = {
    "exemplar": ("exemplar_district", "exemplar_club"),
    "mentee": ("mentee_district", "mentee_club"),
}


def headline(board: Board, lang: str) -> html.Div:
    """How the plan is made, the counts, and who made the plan shown (or what to do without one)."""
    counts = [
        (_(lang, "Exemplars"), board.exemplars.height),
        (_(lang, "Networks in need"), board.in_need),
        (_(lang, "Within an exemplar's reach"), board.within_reach),
        (_(lang, "Covered"), board.pairs.height),
        (_(lang, "Uncovered"), board.uncovered.height),
    ]
    if board.later_years and board.plan:
        year = board.later_years[-1]
        counts.append((_(lang, "Now meet the standard (FY {year})", year=year), board.now_meeting))
    cards = dbc.Row(
        [kpi_card(label, formats.number(value, lang)) for label, value in counts],
        className="g-3 mb-2",
        id="plan-counts",
    )
    how = html.P(
        _(
            lang,
            "Each exemplar mentors at most {limit} networks that do not "
            "meet the standard, in its own district or a district "
            "sharing a border with it. A proposed plan covers as many "
            "networks as it can first, then prefers the same network "
            "type, more criteria the exemplar can help with, and shorter "
            "distances.",
            limit=board.limit,
        ),
        className="text-muted small mb-2",
    )
    if board.plan is None:
        wanted = (
            N_(
                "No plan for this year yet: set the most networks per "
                "exemplar and press Propose a new plan."
            )
            if board.may_change
            else N_("The province's director has not made a plan for this year yet.")
        )
        return html.Div([how, cards, message(_(lang, wanted))])
    made = _(
        lang,
        "Plan for {year}, made by {by} on {at} · at most {limit} networks per exemplar",
        year=formats.fiscal_year(board.fiscal_year, lang),
        by=board.plan.created_by,
        at=formats.moment(datetime.fromtimestamp(board.plan.created_at), lang),
        limit=board.plan.max_mentees,
    )
    return html.Div([how, cards, html.Small(made, className="text-muted", id="plan-made")])


def pairs_table(board: Board, lang: str) -> object:
    """One row per pair: both clubs (linked), districts, types, why it helps, distance, outcomes."""
    if board.plan is None:
        return message(_(lang, "No plan yet"))
    if board.pairs.is_empty():
        return message(_(lang, "No data you may see yet"))
    noted = any(board.pairs["notes"].list.len() > 0)
    columns = [
        c
        for c in exports.plan_columns(lang, board.later_years)
        if c["field"] not in ON_PAPER_ONLY and (noted or c["field"] != "notes")
    ]
    rows = exports.plan_rows(board.pairs, lang, board.later_years)
    heads = [html.Th(c["headerName"]) for c in columns]
    if board.may_change:
        heads.append(html.Th(_(lang, "Remove")))
    body = []
    for shown, pair in zip(rows, board.pairs.iter_rows(named=True), strict=True):
        cells = [
            html.Td(_cell(shown, pair, c["field"], lang), **_mark(pair, c["field"]))
            for c in columns
        ]
        if board.may_change:
            button = dbc.Button(
                _(lang, "Remove"),
                id={"type": REMOVE, "mentee": shown["key"]},
                color="outline-danger",
                size="sm",
                className="text-nowrap",
            )
            cells.append(html.Td(button))
        body.append(html.Tr(cells, id=f"plan-pair-{pair['mentee_district']}-{pair['mentee_club']}"))
    return dbc.Table(
        [html.Thead(html.Tr(heads)), html.Tbody(body)],
        size="sm",
        hover=True,
        responsive=True,
        className="mb-0 plan-pairs",
    )


def uncovered_table(board: Board, lang: str) -> object:
    """Networks in need without an exemplar: the club (linked), its district and type, and why."""
    if board.plan is None:
        return message(_(lang, "No plan yet"))
    if board.uncovered.is_empty():
        return message(_(lang, "Every network in need has an exemplar"))
    columns = exports.uncovered_columns(lang)
    body = []
    for shown, row in zip(
        exports.uncovered_rows(board.uncovered, lang),
        board.uncovered.iter_rows(named=True),
        strict=True,
    ):
        target = href("/club", lang, district=row["district_code"], club=row["club_id"])
        cells = [
            html.Td(dcc.Link(str(shown[c["field"]]), href=target))
            if c["field"] == "mentee"
            else html.Td(str(shown[c["field"]]))
            for c in columns
        ]
        body.append(html.Tr(cells))
    return dbc.Table(
        [html.Thead(html.Tr([html.Th(c["headerName"]) for c in columns])), html.Tbody(body)],
        size="sm",
        responsive=True,
        className="mb-0 plan-uncovered",
    )


def exemplar_options(choices: pl.DataFrame, lang: str) -> list[dict[str, str]]:
    """The exemplars with room that could take a network now: 'name (id) · district'."""
    exemplars = choices.select("exemplar_district", "exemplar_club", "exemplar_name").unique(
        maintain_order=True
    )
    return [
        {
            "label": f"{r['exemplar_name']} ({r['exemplar_club']}) · "
            + formats.district_name(r["exemplar_district"], lang),
            "value": f"{r['exemplar_district']}/{r['exemplar_club']}",
        }
        for r in exemplars.sort("exemplar_district", "exemplar_club").iter_rows(named=True)
    ]


def network_options(
    choices: pl.DataFrame, exemplar: tuple[str, str], lang: str
) -> list[dict[str, str]]:
    """The networks one exemplar may take, best first: name, district, distance, criteria, type."""
    mine = choices.filter(
        (pl.col("exemplar_district") == exemplar[0]) & (pl.col("exemplar_club") == exemplar[1])
    )
    options = []
    for r in mine.iter_rows(named=True):
        km = r["distance_km"]
        label = _(
            lang,
            "{name} · {district} · {km} · helps with {helped} criteria",
            name=r["mentee_name"],
            district=formats.district_name(r["mentee_district"], lang),
            km="–" if km is None else _(lang, "{km} km", km=format(km, ".1f")),
            helped=r["helped"],
        )
        if r["same_type"]:
            label += " · " + _(lang, "same type")
        if r["mentor_club"]:
            label += " · " + _(lang, "moves from {club}", club=r["mentor_club"])
        options.append({"label": label, "value": f"{r['mentee_district']}/{r['mentee_club']}"})
    return options


def _cell(
    shown: dict[str, object], pair: dict[str, object], field: str, lang: str
) -> str | Component:
    """A pairs-table cell: club names link to the club's page, everything else is text."""
    value = shown.get(field)
    if field in LINKED:
        district, club = (pair[c] for c in LINKED[field])
        return dcc.Link(str(value), href=href("/club", lang, district=district, club=club))
    return "–" if value is None else str(value)


def _mark(pair: dict[str, object], field: str) -> dict[str, Any]:
    """Outcome cells coloured like pass / fail marks elsewhere (other cells send no class)."""
    value = pair.get(field) if field.startswith("meets_") else None
    if value is None:
        return {}
    return {"className": "mark-pass" if value else "mark-fail"}
