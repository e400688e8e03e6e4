"""The director's changes to an expansion plan: propose a new plan, pair a network by hand, take a
pair out; each checked against the plan's rules by exemplars.expansion for the logged-in user."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, hooks

from core.texts import _, ngettext
from dashboard import context, terms
from dashboard.components import error_message
from dashboard.pages.plan import tables
from dashboard.pages.plan.parts import (
    EXEMPLAR,
    FEEDBACK,
    LIMIT,
    NETWORK,
    PAIR,
    PROPOSE,
    STATE,
    VERSION,
)
from exemplars import expansion
from exemplars.expansion import PlanError
from warehouse.queries.base import is_district

NOTHING = (dash.no_update, dash.no_update)


@hooks.callback(
    Output(FEEDBACK, "children", allow_duplicate=True),
    Output(VERSION, "data", allow_duplicate=True),
    Input(PROPOSE, "n_clicks"),
    State(LIMIT, "value"),
    State(STATE, "data"),
    State(VERSION, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: (error_message(), dash.no_update))
def propose(clicks: object, limit: object, data: object, version: object) -> object:
    """Propose a new plan for the year (the director's; anyone else is refused)."""
    if not clicks:
        return NOTHING
    scope, home, s = context.state(data)
    try:
        made = expansion.propose_plan(
            context.store(), home, scope, s["province"], s["fy"], context.integer(limit),
            now=context.now().timestamp(), ip=context.ip(),
        )  # fmt: skip
    except PlanError as error:
        return refusal(error, s["lang"]), dash.no_update
    return done(
        ngettext(
            s["lang"],
            "New plan made: {pairs} pair",
            "New plan made: {pairs} pairs",
            len(made.pairs),
            pairs=len(made.pairs),
        )
    ), _next(version)


@hooks.callback(
    Output(FEEDBACK, "children", allow_duplicate=True),
    Output(VERSION, "data", allow_duplicate=True),
    Input(PAIR, "n_clicks"),
    State(EXEMPLAR, "value"),
    State(NETWORK, "value"),
    State(STATE, "data"),
    State(VERSION, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: (error_message(), dash.no_update))
def pair(
    clicks: object, exemplar: object, network: object, data: object, version: object
) -> object:
    """Pair the chosen network with the chosen exemplar (checked against the plan's rules)."""
    if not clicks:
        return NOTHING
    scope, home, s = context.state(data)
    chosen, mentee = club_key(exemplar), club_key(network)
    if chosen is None or mentee is None:
        return dbc.Alert(
            _(s["lang"], "Choose an exemplar and a network"), color="warning"
        ), dash.no_update
    try:
        expansion.pair_by_hand(
            context.store(), home, scope, s["province"], s["fy"], chosen, mentee,
            now=context.now().timestamp(), ip=context.ip(),
        )  # fmt: skip
    except PlanError as error:
        return refusal(error, s["lang"]), dash.no_update
    shown = _(s["lang"], "Paired: {exemplar} → {network}", exemplar=chosen[1], network=mentee[1])
    return done(shown), _next(version)


@hooks.callback(
    Output(FEEDBACK, "children", allow_duplicate=True),
    Output(VERSION, "data", allow_duplicate=True),
    Input({"type": tables.REMOVE, "mentee": ALL}, "n_clicks"),
    State(STATE, "data"),
    State(VERSION, "data"),
    prevent_initial_call=True,
)
@context.guarded(lambda: (error_message(), dash.no_update))
def remove(_clicks: object, data: object, version: object) -> object:
    """Take the network of the clicked row out of the plan."""
    pressed = dash.ctx.triggered[0] if dash.ctx.triggered else {}
    trigger = dash.ctx.triggered_id
    mentee = club_key(trigger.get("mentee")) if isinstance(trigger, dict) else None
    if not pressed.get("value") or mentee is None:
        return NOTHING  # a table drawn anew, not a click
    scope, home, s = context.state(data)
    try:
        expansion.remove_pair(
            context.store(), home, scope, s["province"], s["fy"], mentee, ip=context.ip()
        )
    except PlanError as error:
        return refusal(error, s["lang"]), dash.no_update
    return done(_(s["lang"], "{club} taken out of the plan", club=mentee[1])), _next(version)


def club_key(value: object) -> tuple[str, str] | None:
    """'district/club' from the browser as (district, club), or None."""
    text = context.text(value)
    district, _skip, club_id = (text or "").partition("/")
    return (district, club_id) if is_district(district) and club_id else None


def refusal(error: PlanError, lang: str) -> dbc.Alert:
    """Why a change was not made, in the language."""
    text = _(lang, terms.PLAN_REFUSALS[error.code], max=expansion.MAX_LIMIT)
    return dbc.Alert(text, color="warning", className="mb-0", id="plan-refused")


def done(text: str) -> dbc.Alert:
    return dbc.Alert(text, color="success", className="mb-0", id="plan-done")


def _next(version: object) -> int:
    count = version if isinstance(version, int) and not isinstance(version, bool) else 0
    return count + 1
