"""The page for an address that is not one of the dashboard's, in the page's language."""

from __future__ import annotations

from typing import Any

import dash
from dash import dcc, html

from core.texts import _, lang_of
from dashboard.components import href
from dashboard.pages import served


def layout(**query: Any) -> html.Div:
    """Nothing here: say so, and lead back to the overview."""
    lang = lang_of(query.get("lang"))
    return html.Div(
        [
            html.H1(_(lang, "Page not found"), className="h3 mb-3", id="not-found"),
            html.P(_(lang, "This address is not a page of the dashboard"), className="text-muted"),
            dcc.Link(_(lang, "Back to the overview"), href=href("/", lang)),
        ]
    )


def register() -> None:
    """Register the page with Dash (dashboard.pages.register calls this once the app exists)."""
    dash.register_page(
        __name__, path="/404", name="Not found", order=99, layout=served(__name__, "/404", layout)
    )
