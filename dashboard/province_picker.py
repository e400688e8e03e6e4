"""The national role's province picker: on every page that needs a province, driven by the URL.

Choosing a province puts it in the URL (and drops the district and club, which belong to the
province before); the page re-renders from the URL, where its queries check it against the scope.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, hooks, html

from core import formats
from core.texts import _
from dashboard import context
from dashboard.urls import LOCATION, params_of, with_params
from warehouse import queries

PICKER = "app-province"


def whole_country(lang: str) -> str:
    """ "Whole country" with how much of it is loaded: "Whole country (2 of 77 provinces)"."""
    loaded, total = queries.coverage(context.home(), context.scope())
    return _(lang, "Whole country ({loaded} of {total} provinces)", loaded=loaded, total=total)


def picker(lang: str, province: str | None = None, allow_all: bool = False) -> dcc.Dropdown:
    """A dropdown of the provinces this user may see; `allow_all` adds the whole country (value '')."""
    scope, home = context.scope(), context.home()
    names = queries.provinces(home, scope) if scope.role == "national" else []
    options = [
        {"label": formats.province_name(p, lang), "value": p}
        for p in sorted(names, key=lambda p: formats.province_name(p, lang))
    ]
    if allow_all:
        options = [{"label": whole_country(lang), "value": ""}, *options]
    value = province if province in names else ("" if allow_all else None)
    return dcc.Dropdown(
        id=PICKER,
        options=options,
        value=value,
        placeholder=_(lang, "Choose a province"),
        clearable=False,
        className="province-picker",
    )


def prompt(lang: str) -> html.Div:
    """What a page that needs a province shows the national role before one is chosen: the picker."""
    if context.scope().role != "national":
        return dbc.Alert(
            _(lang, "No data you may see yet"), color="light", className="empty-state mb-0"
        )
    return html.Div(
        [
            html.Label(
                _(lang, "Choose the province to show"), htmlFor=PICKER, className="form-label"
            ),
            picker(lang),
        ],
        className="province-prompt filters mb-3",
    )


def bar(lang: str, province: str | None, allow_all: bool = False) -> html.Div | None:
    """The picker in a page's header row for the national role (None for everyone else)."""
    if context.scope().role != "national":
        return None
    return dbc.Row(
        dbc.Col(
            [
                dbc.Label(_(lang, "Province"), html_for=PICKER, className="form-label"),
                picker(lang, province, allow_all),
            ],
            md=4,
        ),
        className="mb-3 filters",
    )


@hooks.callback(
    Output(LOCATION, "search", allow_duplicate=True),
    Input(PICKER, "value"),
    State(LOCATION, "search"),
    prevent_initial_call=True,
)
@context.guarded(lambda: dash.no_update)
def choose(province: object, search: object) -> object:
    """The chosen province goes into the URL; district and club of the old one are dropped.

    The picker reports its first value as it is drawn: the province the page shows, which the
    URL may name by its district or club alone (`?district=6205`); that keeps the URL as it is."""
    wanted = context.text(province)
    if wanted == shown_province(params_of(search)):
        return dash.no_update
    return with_params(search, province=wanted, district=None, club=None, clubs=None)


def shown_province(params: dict[str, str]) -> str | None:
    """The province a URL's query names: `province=`, else the first two digits of its district."""
    named = context.text(params.get("province"))
    district = context.text(params.get("district"))
    return named or (district[:2] if district else None)
