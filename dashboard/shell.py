"""The frame around every page: navbar with pages, language switch, user and sign-out, footer."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, html

from dashboard import context, i18n
from dashboard.components import href
from dashboard.urls import params_of, with_params
from warehouse import queries

NAV = "app-nav"
LANG = "app-lang"
USER = "app-user"
FOOTER = "app-attribution"
TOGGLER = "app-toggler"
MENU = "app-collapse"
LOCATION = "_pages_location"  # Dash pages' own dcc.Location: the URL is the page state
PAGES = (
    ("overview", "/"),
    ("scorecard", "/scorecard"),
    ("leaderboard", "/leaderboard"),
    ("district", "/district"),
    ("compare", "/compare"),
    ("quality", "/quality"),
    ("exemplars", "/exemplars"),
    ("plan", "/plan"),
    ("submit", "/submit"),
)
# Shown until boundaries are loaded; then the attribution loaded with them (which covers both).
ATTRIBUTION = {
    "th": "รหัสและชื่อพื้นที่: กรมการปกครอง ผ่าน GeoThai/data สัญญาอนุญาต CC BY 4.0",
    "en": "Codes and names: Department of Provincial Administration via GeoThai/data, CC BY 4.0.",
}


def frame(page: object) -> html.Div:
    """The shell around the page container."""
    return html.Div(
        [
            html.Header(id=NAV, children=dbc.Navbar(dbc.Container(dbc.NavbarBrand("ต้นแบบ")), color="primary", dark=True)),
            html.Main(page, className="container-fluid page"),
            html.Footer(html.Small(ATTRIBUTION["th"], id=FOOTER), className="footer text-muted"),
        ]
    )


def navbar(pathname: str, search: str | None) -> dbc.Navbar:
    """The navbar for the current user, in the page's language."""
    params = params_of(search)
    lang = i18n.lang_of(params.get("lang"))
    scope = context.scope()
    keep = {k: v for k, v in params.items() if k in ("province",)}
    links = [
        dbc.NavItem(dbc.NavLink(i18n.t(key, lang), href=href(path, lang, **keep), active=pathname == path))
        for key, path in PAGES
    ]
    where = scope.district_code or scope.province_code
    area = f" · {i18n.area_name(where, lang)}" if where and where != "*" else ""
    who = f"{scope.username} · {i18n.kind(scope.role, lang)}{area}"
    other = "en" if lang == "th" else "th"
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand(i18n.t("app", lang), href=href("/", lang)),
                dbc.NavbarToggler(id=TOGGLER),
                dbc.Collapse(
                    [
                        dbc.Nav(links, className="me-auto", navbar=True),
                        html.Span(who, id=USER, className="navbar-text me-3 user-badge"),
                        dbc.NavLink("English" if lang == "th" else "ภาษาไทย", href=f"{pathname}{with_params(search, lang=other)}",
                                    id=LANG, className="me-3 text-white"),
                        html.Form(html.Button(i18n.t("logout", lang), type="submit", className="btn btn-outline-light btn-sm"),
                                  action="/logout", method="POST", className="d-inline"),
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


@callback(Output(NAV, "children"), Input(LOCATION, "pathname"), Input(LOCATION, "search"))
@context.guarded(lambda: None)
def show_nav(pathname: str | None, search: str | None) -> dbc.Navbar:
    """The navbar for this user, in the page's language."""
    known = {path for _key, path in PAGES} | {"/club", "/knowledge", "/knowledge/print"}
    return navbar(pathname if pathname in known else "/", search if isinstance(search, str) else None)


@callback(Output(FOOTER, "children"), Input(LOCATION, "pathname"), Input(LOCATION, "search"))
@context.guarded(lambda: ATTRIBUTION["th"])
def show_attribution(_pathname: object, search: object) -> str:
    """The attribution of the loaded boundaries (as text), or of the codes and names alone, in the language."""
    lang = i18n.lang_of(params_of(search if isinstance(search, str) else None).get("lang"))
    return i18n.attribution(queries.boundaries_attribution(context.home()), lang) or ATTRIBUTION[lang]


# The phone's menu: the toggler opens and closes it in the browser (assets/tonbaeb.js), no round trip.
clientside_callback(
    ClientsideFunction(namespace="tonbaeb", function_name="toggle"),
    Output(MENU, "is_open"),
    Input(TOGGLER, "n_clicks"),
    State(MENU, "is_open"),
    prevent_initial_call=True,
)
