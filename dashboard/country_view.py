"""The national role's first view of a page that shows one province at a time (district, data
quality, exemplars, plan, sign-off): the whole country as a table of its loaded provinces, with how
much of it is loaded, each province's name opening that page for the province; the province picker
above it does the same. As the director's /district lists the districts before one is chosen.

    start = preamble.opening(query, whole=("/quality", N_("Data quality")))
"""

from __future__ import annotations

import polars as pl
from dash import html

from core import formats
from core.texts import N_, _
from dashboard import context, province_picker
from dashboard.components import card, href, message, table
from warehouse import queries

COLUMNS = [
    ("province_code", N_("Province")),
    ("clubs", N_("Clubs")),
    ("clubs_meeting_standard", N_("Meet the standard")),
    ("meets_share", N_("Share meeting the standard (%)")),
    ("published_at", N_("Data as of")),
]


def provinces(lang: str, path: str, heading: str, asked_year: object = None) -> html.Div:
    """The page `path` (its title the msgid `heading`) for the whole country: the picker, the
    coverage ("2 of 77 provinces"), and each loaded province's figures of the year (the URL's,
    if the country has data of it, else the newest), its name a link to `path` for it."""
    scope, home = context.scope(), context.home()
    years = queries.fiscal_years(home, scope, None)
    today = context.now().date()
    ended = [y for y in years if formats.fiscal_year_end(y) < today]
    year = asked_year if asked_year in years else max(ended or years, default=None)
    loaded, total = queries.coverage(home, scope)
    shown = sorted(queries.provinces(home, scope), key=lambda p: formats.province_name(p, lang))
    values = queries.area_values(home, scope, None, year) if isinstance(year, int) else None
    frame = pl.DataFrame(
        {
            "province_code": shown,
            "published_at": [queries.published_at(home, scope, p) for p in shown],
        },
        schema={"province_code": pl.String, "published_at": pl.Datetime},
    )
    if values is not None and not values.is_empty():
        figures = values.rename({"area_code": "province_code"})
        frame = frame.join(figures, on="province_code", how="left")
    body = (
        table(
            frame,
            COLUMNS,
            lang,
            links={"province_code": [href(path, lang, province=p, fy=year) for p in shown]},
        )
        if shown
        else message(_(lang, "No data you may see yet"))
    )
    coverage = _(
        lang,
        "{loaded} of {total} provinces loaded · a province's name opens its page",
        loaded=formats.number(loaded, lang),
        total=formats.number(total, lang),
    )
    return html.Div(
        [
            html.H1(
                f"{_(lang, heading)} · {province_picker.whole_country(lang)}", className="h3 mb-3"
            ),
            province_picker.prompt(lang),
            card(
                _(lang, "Provinces · {year}", year=formats.fiscal_year(year, lang))
                if isinstance(year, int)
                else _(lang, "Provinces"),
                [html.P(coverage, className="text-muted small mb-2 coverage"), body],
            ),
        ],
        className="country-view",
    )
