"""The page for an address that is not one of the dashboard's, in the page's language."""

from __future__ import annotations

from typing import Any

import dash
from dash import dcc, html

from dashboard import i18n
from dashboard.components import href
from dashboard.pages import served


def layout(**query: Any) -> html.Div:
    """Nothing here: say so, and lead back to the overview."""
    lang = i18n.lang_of(query.get("lang"))
    return html.Div(
        [
            html.H1(i18n.t("page_not_found", lang), className="h3 mb-3", id="not-found"),
            html.P(i18n.t("page_not_found_note", lang), className="text-muted"),
            dcc.Link(i18n.t("back_to_overview", lang), href=href("/", lang)),
        ]
    )


def register() -> None:
    """Register the page with Dash (dashboard.pages.register calls this once the app exists)."""
    dash.register_page(
        __name__, path="/404", name="Not found", order=99, layout=served(__name__, "/404", layout)
    )
