"""The frame around every page: navbar with pages, language switch, user and sign-out, footer.

The frame is part of each page's layout (`framed`, applied where the page registers itself:
dashboard/pages/__init__.py `served`), so the pages router's one answer carries the whole page:
no second round trip for the navbar or the footer.

The navbar's pages come from Dash's page registry: each page names its `group` and its `label`
(its English name, marked `N_`) in `dash.register_page`, and the registry keeps them in the
pages' `order`. The pages of group "views" are links; each other group (the workflow: data
quality, exemplars, plan, sending data) is one menu named in `GROUPS`, so the bar stays one line
at 1280 px in Thai. A page's `shown_to(scope)`, when it has one, says whether this user sees its
link at all: a page that would only refuse them is not offered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, State, hooks, html

from accounts.scope import Scope
from core import formats
from core.texts import N_, _, lang_of
from dashboard import context, terms
from dashboard.components import children, href
from dashboard.urls import params_of, with_params
from warehouse import queries

NAV = "app-nav"
LANG = "app-lang"
USER = "app-user"
FOOTER = "app-attribution"
TOGGLER = "app-toggler"
MENU = "app-collapse"
LINKS = "views"  # the group of pages shown as links; every other group is a menu (id app-<group>)
GROUPS = {"workflow": N_("Workflow")}  # each menu group's name
# Shown until boundaries are loaded; then the attribution loaded with them (which covers both).
ATTRIBUTION = N_(
    "Codes and names: Department of Provincial Administration via GeoThai/data, CC BY 4.0."
)


def framed(path: str, layout: Any) -> Callable[..., html.Div]:
    """A page's layout inside the frame: navbar and footer for this user, in the page's language."""

    def page(**query: Any) -> html.Div:
        search = with_params("", **{k: v for k, v in query.items() if isinstance(v, str)})
        content = layout(**query) if callable(layout) else layout
        return frame(navbar(path, search), content, attribution(search))

    page.framed = True  # type: ignore[attr-defined]
    return page


def frame(nav: object, page: object, footer: str) -> html.Div:
    """The shell around a page's content."""
    return html.Div(
        [
            html.Header(children(nav), id=NAV),
            html.Main(children(page), className="container-fluid page"),
            html.Footer(html.Small(footer, id=FOOTER), className="footer text-muted"),
        ]
    )


def plain_navbar() -> dbc.Navbar:
    """The navbar when the user's cannot be made: the name alone."""
    return dbc.Navbar(dbc.Container(dbc.NavbarBrand("ต้นแบบ")), color="primary", dark=True)


@context.guarded(plain_navbar)
def navbar(pathname: str, search: str | None) -> dbc.Navbar:
    """The navbar for the current user, in the page's language."""
    params = params_of(search)
    lang = lang_of(params.get("lang"))
    scope = context.scope()
    keep = {k: v for k, v in params.items() if k in ("province",)}
    links = nav_items(pathname, lang, keep)
    where = scope.district_code or scope.province_code
    area = f" · {formats.area_name(where, lang)}" if where and where != "*" else ""
    who = f"{scope.username} · {terms.kind(scope.role, lang)}{area}"
    other = "en" if lang == "th" else "th"
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand(_(lang, "tonbaeb"), href=href("/", lang)),
                dbc.NavbarToggler(id=TOGGLER),
                dbc.Collapse(
                    [
                        dbc.Nav(links, className="me-auto", navbar=True),
                        html.Span(who, id=USER, title=who, className="navbar-text me-3 user-badge"),
                        dbc.NavLink(
                            "English" if lang == "th" else "ภาษาไทย",
                            href=f"{pathname}{with_params(search, lang=other)}",
                            id=LANG,
                            className="me-3 text-white",
                        ),
                        html.Form(
                            html.Button(
                                _(lang, "Sign out"),
                                type="submit",
                                className="btn btn-outline-light btn-sm",
                            ),
                            action="/logout",
                            method="POST",
                            className="d-inline",
                        ),
                    ],
                    id=MENU,
                    navbar=True,
                    is_open=False,  # a phone's menu opens from the toggler; from md up it always shows
                ),
            ],
            fluid=True,
        ),
        color="primary",
        dark=True,
        className="mb-3",
    )


def everyone(_scope: Scope) -> bool:
    """A page's `shown_to` when it names none: every signed-in user sees its link."""
    return True


def nav_items(pathname: str, lang: str, keep: dict[str, Any]) -> list[Any]:
    """The registered pages that have a group, in their order: the links, then a menu for each other group."""
    groups: dict[str, list[dict[str, Any]]] = {}
    scope = context.scope()
    for page in dash.page_registry.values():
        if page.get("group") and page.get("shown_to", everyone)(scope):
            groups.setdefault(page["group"], []).append(page)
    items: list[Any] = [
        dbc.NavItem(
            dbc.NavLink(
                _(lang, page["label"]),
                href=href(page["path"], lang, **keep),
                active=pathname == page["path"],
            )
        )
        for page in groups.pop(LINKS, [])
    ]
    for group, pages in groups.items():
        entries = [
            dbc.DropdownMenuItem(
                _(lang, page["label"]),
                href=href(page["path"], lang, **keep),
                active=pathname == page["path"],
            )
            for page in pages
        ]
        here = any(pathname == page["path"] for page in pages)
        items.append(
            dbc.DropdownMenu(
                entries,
                label=_(lang, GROUPS[group]),
                id=f"app-{group}",
                nav=True,
                in_navbar=True,
                toggle_class_name="active" if here else "",
            )
        )
    return items


@context.guarded(lambda: _("th", ATTRIBUTION))
def attribution(search: str) -> str:
    """The attribution of the loaded boundaries (as text), or of the codes and names alone, in the language."""
    lang = lang_of(params_of(search).get("lang"))
    return terms.attribution(queries.boundaries_attribution(context.home()), lang) or _(
        lang, ATTRIBUTION
    )


# The phone's menu: the toggler opens and closes it in the browser (assets/tonbaeb.js), no round trip.
hooks.clientside_callback(
    ClientsideFunction(namespace="tonbaeb", function_name="toggle"),
    Output(MENU, "is_open"),
    Input(TOGGLER, "n_clicks"),
    State(MENU, "is_open"),
    prevent_initial_call=True,
)
