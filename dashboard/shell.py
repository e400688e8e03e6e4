"""The frame around every page: navbar with pages, language switch, user, sign-out."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

import dash_bootstrap_components as dbc
from dash import Input, Output, callback, dcc, html

from dashboard import context, i18n
from dashboard.components import href

NAV = "app-nav"
URL = "app-url"
PAGES = (("overview", "/"), ("leaderboard", "/leaderboard"), ("district", "/district"), ("quality", "/quality"))
ATTRIBUTION = (
    "Boundaries: Royal Thai Survey Department, via UN OCHA / HDX (COD-AB Thailand, 2022), CC BY 3.0 IGO; "
    "simplified. Codes and names: DOPA via GeoThai/data, CC BY 4.0."
)


def frame(page: object) -> html.Div:
    """The shell around the page container."""
    return html.Div(
        [
            dcc.Location(id=URL, refresh=False),
            html.Header(id=NAV),
            html.Main(page, className="container-fluid page"),
            html.Footer(html.Small(ATTRIBUTION), className="footer text-muted"),
        ]
    )


@callback(Output(NAV, "children"), Input(URL, "pathname"), Input(URL, "search"))
def show_nav(pathname: str | None, search: str | None) -> dbc.Navbar:
    """The navbar for this user, in the page's language."""
    lang = i18n.lang_of(parse_qs((search or "").lstrip("?")).get("lang", ["th"])[0])
    scope = context.scope()
    links = [
        dbc.NavItem(dbc.NavLink(i18n.t(key, lang), href=href(path, lang), active=(pathname or "/") == path))
        for key, path in PAGES
    ]
    params = {k: v[0] for k, v in parse_qs((search or "").lstrip("?")).items()}
    other = "en" if lang == "th" else "th"
    switch = f"{pathname or '/'}?{urlencode(params | {'lang': other})}"
    who = f"{scope.username} · {scope.role}" + (f" · {scope.district_code or scope.province_code}" if scope.province_code else "")
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand(i18n.t("app", lang), href=href("/", lang)),
                dbc.Nav(links, className="me-auto", navbar=True),
                html.Span(who, className="navbar-text me-3 user-badge"),
                dbc.NavLink("English" if lang == "th" else "ภาษาไทย", href=switch, id="app-lang", className="me-3"),
                html.A(i18n.t("logout", lang), href="/logout", className="btn btn-outline-light btn-sm"),
            ],
            fluid=True,
        ),
        color="primary",
        dark=True,
        className="mb-3",
    )
