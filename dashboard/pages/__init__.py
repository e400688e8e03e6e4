"""The dashboard's pages: each one a package `dashboard/pages/<page>/`.

A page's `__init__.py` holds its component ids, its layout (`layout(**query)`, drawn from the URL's
query) and its callbacks, and ends with `register`, which hands the page to Dash:

    def register() -> None:
        dash.register_page(__name__, path="/plan", name="Expansion plan", order=10,
                           group="workflow", label="plan", layout=served(__name__, "/plan", layout))

`group` and `label` are this project's own entries in `dash.page_registry`: the navbar
(dashboard/shell.py) shows the pages of group "views" as links and those of any other group
("workflow") in one menu, in `order`, each named by its `label` (English, marked `N_`,
translated); a page without a group (a club, a knowledge record, the 404 page) is reached by
links only. Whatever else the page needs
lives beside it in its package (`tables.py`, `parts.py`, `changes.py`, ...); what several pages use
stays in `dashboard/`.

Dash registers a page only once an app exists, so a page does not register itself as it is
imported (its package's modules import anywhere, before any app). The app's factory calls `load`
before it makes the app, importing every page module: their callbacks are declared with
`dash.hooks.callback` (and `dash.hooks.clientside_callback`), which Dash adds to every app it makes,
so every app of a process (tests make several) has them all. Once the app exists, `register`
calls each page's `register`.

A layout starts from `dashboard.preamble.opening` (the province, its years and the chosen one, or
what to show instead), a callback from `dashboard.context.state` (the page state in its Store); a
page's map opens what a click names through `dashboard.map_clicks`, its year goes into the URL
through `dashboard.year_url`.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from types import ModuleType
from typing import Any

from dashboard import cache, shell, widgets


def load() -> list[ModuleType]:
    """Every page module, imported (once a process): their callbacks are then Dash hooks."""
    return [
        importlib.import_module(found.name)
        for found in pkgutil.walk_packages(__path__, prefix=f"{__name__}.")
    ]


def register() -> None:
    """Register every page with Dash; call it once the app exists."""
    for module in load():
        if callable(page := getattr(module, "register", None)):
            page()


def served(
    module: str,
    path: str,
    layout: Callable[..., Any],
    kept: bool = False,
    stamp: Callable[[dict[str, Any]], object] | None = None,
) -> Callable[..., Any]:
    """A page's layout as the pages router calls it: its widgets in the page's language, kept whole
    per scope and published version if `kept` (dashboard/cache.py; `stamp`: what else it shows
    changes with), inside the frame (navbar, footer)."""
    content = widgets.localised(layout)
    return shell.framed(path, cache.page(module, content, stamp) if kept else content)
