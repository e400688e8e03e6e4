"""The one map-click callback: a click on a map opens the page of what it names, if this user may see it.

A club's point opens the club; a district's area its district page; a province's area (on the
national map) its overview. Each page's map says which of these its clicks open; anything else,
and anything the user may not read, opens nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

import dash
from dash import Input, Output, State, hooks

from dashboard import context, maps
from dashboard.components import href
from dashboard.urls import LOCATION
from warehouse import queries

OPENS = ("club", "district", "province")


def opened(click: object, s: dict[str, Any], opens: Collection[str]) -> str | None:
    """The address a click on a map opens (`s`: the page state), or None."""
    scope, home = context.scope(), context.home()
    named = maps.clicked(click)
    if len(named) == 2 and "club" in opens:
        district = queries.readable_district(home, scope, named[0])
        return (
            href("/club", s["lang"], district=district, club=context.text(named[1]))
            if district
            else None
        )
    code = named[0] if len(named) == 1 else None
    if not code:
        return None
    if "district" in opens and len(code) == 4 and queries.readable_district(home, scope, code):
        return href("/district", s["lang"], district=code, fy=s["fy"])
    national = scope.role == "national"
    if (
        "province" in opens
        and len(code) == 2
        and national
        and code in queries.provinces(home, scope)
    ):
        return href("/", s["lang"], province=code, fy=s["fy"])
    return None


def map_clicks(
    map_id: str, state_id: str, opens: Collection[str]
) -> Callable[[object, object], object]:
    """Register, for a page's map and its state store, the callback that opens what a click names."""
    if not set(opens) <= set(OPENS):
        raise ValueError(f"a map click opens one of {OPENS}, not {opens}")

    @hooks.callback(
        Output(LOCATION, "href", allow_duplicate=True),
        Input(map_id, "clickData"),
        State(state_id, "data"),
        prevent_initial_call=True,
    )
    @context.guarded(lambda: dash.no_update)
    def open_clicked(click: object, data: object) -> object:
        """A click on the map opens the page of what it names (a club, a district, a province)."""
        _scope, _home, s = context.state(data)
        return opened(click, s, opens) or dash.no_update

    return open_clicked
