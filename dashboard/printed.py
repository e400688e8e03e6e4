"""What a printed page carries that the screen does not: a header (what, province, fiscal year)
and a footer (data as of, print date, source), shown only on paper (assets/tonbaeb.css
`.print-only`). A page puts `header(...)` first and `footer(...)` last in its layout and marks
what only the screen needs (hints, controls) `no-print`.

The print date is the day the page is printed, not drawn (a page is kept until the data
changes): assets/print.js writes it into `.js-print-date` as the browser starts printing.
"""

from __future__ import annotations

from dash import html

from core import formats
from core.texts import N_, _
from dashboard import context, province_picker
from warehouse import queries

SOURCE = N_(
    "Source: the districts' submissions of the Community Development standard, published by tonbaeb"
)


def header(lang: str, what: str, province: str | None, fiscal_year: int | None) -> html.Div:
    """The printed header: what the page is, its province (or the whole country, with how much of
    it is loaded), its year."""
    place = (
        formats.province_name(province, lang) if province else province_picker.whole_country(lang)
    )
    year = formats.fiscal_year(fiscal_year, lang) if fiscal_year else ""
    return html.Div(
        [
            html.Div(_(lang, "tonbaeb"), className="print-brand"),
            html.Div(" · ".join(p for p in (what, place, year) if p), className="print-title"),
        ],
        className="print-only print-head",
    )


def footer(lang: str, province: str | None) -> html.Div:
    """The printed footer: when the data was published, the day printed, where the data is from."""
    as_of = queries.published_at(context.home(), context.scope(), province)
    return html.Div(
        [
            html.Span(_(lang, "Data as of {moment}", moment=formats.moment(as_of, lang))),
            " · ",
            html.Span(_(lang, "Printed")),
            " ",
            html.Span("", className="js-print-date", lang=lang),
            " · ",
            html.Span(_(lang, SOURCE)),
        ],
        className="print-only print-foot",
    )
