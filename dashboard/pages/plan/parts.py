"""The expansion plan page's parts: its component ids, the headline and map beside the director's
controls, the pairs, the networks left uncovered (folded), and what to do before there is a plan."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from core import formats
from core.texts import _
from dashboard import maps
from dashboard.components import (
    card,
    download_button,
    folded,
    graph,
    href,
    labelled,
    message,
    section,
)
from exemplars import expansion

STATE = "plan-state"
VERSION = "plan-version"
FY = "plan-fy"
PROVINCE = "plan-province"
HEADLINE = "plan-headline"
MAP = "plan-map"
PAIRS = "plan-pairs"
UNCOVERED = "plan-uncovered"
LIMIT = "plan-limit"
PROPOSE = "plan-propose"
EXEMPLAR = "plan-exemplar"
NETWORK = "plan-network"
PAIR = "plan-pair"
FEEDBACK = "plan-feedback"
DOWNLOAD = "plan-download"
DOWNLOAD_BUTTON = "plan-download-button"

Drawn = tuple[object, object, object, object]  # headline, map figure, pairs, uncovered networks


def body(
    boundaries: bool, director: bool, drawn: Drawn, exemplars: list[dict[str, str]], lang: str
) -> list[Any]:
    """The headline, the map beside the director's controls, the pairs, the uncovered networks,
    drawn with the page (`drawn`: the plan's headline, map figure, pairs and uncovered networks;
    `exemplars`: the director's choices of an exemplar to pair by hand)."""
    headline, figure, pairs, uncovered = drawn
    warning = (
        []
        if boundaries
        else [
            message(
                _(
                    lang,
                    "No district boundaries are loaded, so no district is known "
                    "to border another: exemplars are paired within their own "
                    "district only.",
                ),
                "warning",
            )
        ]
    )
    read_only = dbc.Col(
        message(_(lang, "Read only: the province's director makes and changes the plan.")), lg=12
    )
    download = download_button(DOWNLOAD_BUTTON, lang, className="mb-2")
    return [
        *warning,
        html.Div(section(HEADLINE, headline), className="mb-3"),
        dbc.Row(
            [dbc.Col(map_card(figure, lang), lg=7), dbc.Col(changes_card(exemplars, lang), lg=5)]
            if director
            else [read_only, dbc.Col(map_card(figure, lang))],
            className="g-3 mb-3",
        ),
        html.Div(id=FEEDBACK, className="mb-2"),
        card(
            _(lang, "Pairs in the plan"),
            [download, dcc.Download(id=DOWNLOAD), section(PAIRS, pairs)],
        ),
        folded(  # can run to hundreds
            _(lang, "Networks in need without an exemplar, and why"),
            section(UNCOVERED, uncovered),
            "plan-uncovered-list",
        ),
    ]


def title(province: str | None, lang: str) -> html.H1:
    place = f" · {formats.province_name(province, lang)}" if province else ""
    return html.H1(f"{_(lang, 'Expansion plan')}{place}", className="h3 mb-3")


def no_exemplars(fiscal_year: int, province: str | None, lang: str) -> dbc.Alert:
    """What to do before there can be a plan: select exemplars."""
    target = href("/exemplars", lang, fy=fiscal_year, province=province)
    return dbc.Alert(
        [
            html.P(
                _(
                    lang,
                    "No exemplars are selected for {year} yet. Select them on "
                    "the Exemplars page first, then plan their spread.",
                    year=formats.fiscal_year(fiscal_year, lang),
                ),
                className="mb-2",
            ),
            dcc.Link(_(lang, "Open the Exemplars page"), href=target, id="plan-to-exemplars"),
        ],
        color="light",
        className="empty-state mb-0",
    )


def map_card(figure: object, lang: str) -> dbc.Card:
    """The plan on the province's map (`figure`); a click on a club opens its page."""
    hint = html.Small(
        _(lang, "Click a point to open its club · hollow marks: approximate place"),
        className="text-muted d-block",
    )
    return card("", [graph(MAP, maps.HEIGHTS["district"], figure=figure), hint])


def changes_card(exemplars: list[dict[str, str]], lang: str) -> dbc.Card:
    """The director's controls: propose a new plan with a limit, and pair a network by hand (the
    `exemplars` offered; no exemplar is chosen yet, so no networks are offered yet)."""
    propose = dbc.Row(
        [
            labelled(
                _(lang, "Most networks per exemplar"),
                dbc.Input(
                    id=LIMIT,
                    type="number",
                    min=1,
                    max=expansion.MAX_LIMIT,
                    step=1,
                    value=expansion.default_limit(),
                ),
                md=6,
            ),
            dbc.Col(
                dbc.Button(_(lang, "Propose a new plan"), id=PROPOSE, color="primary"),
                md=6,
                className="d-flex align-items-end",
            ),
        ],
        className="g-2 mb-1",
    )
    by_hand = [
        html.H3(_(lang, "Pair by hand"), className="h6 mt-3"),
        html.Small(
            _(
                lang,
                "Only pairs that keep the rules are offered: a network in "
                "the exemplar's district or a bordering one, and an exemplar "
                "with room. A network that already has an exemplar moves to "
                "the one chosen.",
            ),
            className="text-muted d-block mb-2",
        ),
        dbc.Label(_(lang, "Exemplar (with room)"), html_for=EXEMPLAR),
        dbc.Select(id=EXEMPLAR, options=exemplars, placeholder=_(lang, "Exemplar (with room)")),
        dbc.Label(_(lang, "Network (within reach)"), html_for=NETWORK, className="mt-2"),
        dbc.Select(id=NETWORK, options=[], placeholder=_(lang, "Network (within reach)")),
        dbc.Button(_(lang, "Pair"), id=PAIR, color="primary", className="mt-2"),
    ]
    note = html.Small(
        _(
            lang,
            "A new plan replaces the one shown (earlier plans are kept); "
            "pairs set by hand are not carried over.",
        ),
        className="text-muted d-block",
    )
    return card(_(lang, "Expansion plan"), [propose, note, *by_hand])
