"""Widget texts in the page's language, filled in one place for every page's layout.

Dash's dropdown (its search box, "Select All", "N selected") and AG Grid (paging,
filters) carry their own English words. `localised` wraps the layout of every
registered page (dashboard/pages/__init__.py `served`), inside the frame, so each dropdown and
grid it draws gets the words of the page's language unless the page set them itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import dash_ag_grid as dag
from dash import dcc, html
from dash.development.base_component import Component

from core.texts import lang_of
from dashboard import terms

WRAPPED = "_tonbaeb_localised"


def localise(tree: Any, lang: str) -> Any:
    """The layout with Thai (or English) words on every dropdown and grid that has none of its own."""
    if lang == "en" or not hasattr(tree, "_traverse"):
        return tree
    for component in _widgets(tree):
        if isinstance(component, dcc.Dropdown) and getattr(component, "labels", None) is None:
            # A Dash prop is an instance attribute; the generated class declares it only in __init__.
            component.labels = terms.dropdown_text(lang)  # type: ignore[attr-defined]
        elif isinstance(component, dag.AgGrid):
            options = dict(getattr(component, "dashGridOptions", None) or {})
            if "localeText" not in options:
                component.dashGridOptions = options | {"localeText": terms.grid_text(lang)}
    return tree


def _widgets(tree: Any) -> Any:
    """Every component of a layout tree through its children, except inside tables (which hold no widgets:
    a page's tables are most of its components)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, (list, tuple)):
            stack.extend(node)
        elif isinstance(node, Component):
            yield node
            if not isinstance(node, html.Table):
                stack.append(getattr(node, "children", None))


def localised(layout: Callable[..., Any]) -> Callable[..., Any]:
    """A page's layout function whose widgets speak the language of its `lang` query value."""
    if getattr(layout, WRAPPED, False):
        return layout

    def draw(**query: Any) -> Any:
        return localise(layout(**query) if callable(layout) else layout, lang_of(query.get("lang")))

    setattr(draw, WRAPPED, True)
    draw.__doc__ = layout.__doc__
    return draw
