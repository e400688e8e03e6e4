"""The one callback shape that puts a page's chosen fiscal year into the URL (back button, shared links)."""

from __future__ import annotations

from collections.abc import Callable

import dash
from dash import Input, Output, State, hooks

from dashboard import context
from dashboard.urls import LOCATION, with_params


def year_into_url(year_id: str, state_id: str) -> Callable[[object, object, object], object]:
    """Register, for a page's year picker and its state store, the callback that writes `fy=` into the URL."""

    @hooks.callback(
        Output(LOCATION, "search", allow_duplicate=True),
        Input(year_id, "value"),
        State(LOCATION, "search"),
        State(state_id, "data"),
        prevent_initial_call=True,
    )
    @context.guarded(lambda: dash.no_update)
    def choose_year(year: object, search: object, data: object) -> object:
        """A new fiscal year goes into the URL, so the back button and shared links work."""
        if context.integer(year) == context.view(data)["fy"]:
            return dash.no_update  # the picker was just drawn with the page's own year
        return with_params(search, fy=context.integer(year))

    return choose_year
