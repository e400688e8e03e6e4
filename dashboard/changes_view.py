"""What changed since last fiscal year and why a district is behind, as the overview and the
district page show them (the answers come from warehouse/queries/changes.py).

Club names come from spreadsheets: they are only ever text of links, never HTML.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import polars as pl
from dash import dcc, html

from core import formats
from core.texts import _, ngettext
from dashboard import terms
from dashboard.components import href, message

SHOWN = 12  # clubs listed per list before "and N more"


def club_list(frame: pl.DataFrame, lang: str, fy: int) -> html.Ul | html.P:
    """Clubs as links to their page (at most SHOWN, then how many more)."""
    if frame.is_empty():
        return html.P(_(lang, "None"), className="text-muted small mb-0")
    items = [
        html.Li(
            dcc.Link(
                str(r["name"]),
                href=href("/club", lang, district=r["district_code"], club=r["club_id"], fy=fy),
            )
        )
        for r in frame.head(SHOWN).iter_rows(named=True)
    ]
    if frame.height > SHOWN:
        more = frame.height - SHOWN
        items.append(
            html.Li(
                ngettext(lang, "and {n} more", "and {n} more", more, n=formats.number(more, lang)),
                className="text-muted",
            )
        )
    return html.Ul(items, className="small mb-0 club-list")


def brief_link(lang: str, province: str, fy: int | None, district: str | None = None) -> html.A:
    """The link to the meeting brief (a PDF download: a plain link, not the pages router)."""
    return html.A(
        _(lang, "Download the meeting brief (PDF)"),
        href=href("/brief", lang, province=province, district=district, fy=fy),
        className="btn btn-outline-primary btn-sm brief-link",
        download="",
    )


def what_changed(
    changes: pl.DataFrame, moves: pl.DataFrame, lang: str, fy: int | None
) -> html.Div | dbc.Alert:
    """Clubs that started / stopped meeting the standard since y-1, and the criteria that moved most."""
    if fy is None or moves.is_empty():
        return message(_(lang, "Nothing to compare: there is no earlier fiscal year"))
    changes = changes if not changes.is_empty() else pl.DataFrame({"change": []}, {"change": str})
    started = changes.filter(pl.col("change") == "started")
    stopped = changes.filter(pl.col("change") == "stopped")
    since = formats.fiscal_year(fy - 1, lang)
    lists = dbc.Row(
        [
            dbc.Col(
                [
                    html.H3(
                        _(lang, "Started meeting the standard ({n})", n=started.height),
                        className="h6 text-success",
                    ),
                    club_list(started, lang, fy),
                ],
                md=6,
            ),
            dbc.Col(
                [
                    html.H3(
                        _(lang, "Stopped meeting the standard ({n})", n=stopped.height),
                        className="h6 text-danger",
                    ),
                    club_list(stopped, lang, fy),
                ],
                md=6,
            ),
        ],
        className="g-3 mb-3",
    )
    head = html.Thead(
        html.Tr(
            [
                html.Th(_(lang, "Criterion")),
                html.Th(since),
                html.Th(formats.fiscal_year(fy, lang)),
                html.Th(_(lang, "Change (points)")),
            ]
        )
    )
    rows = [
        html.Tr(
            [
                html.Td(_(lang, terms.CRITERIA[r["criterion"]])),
                html.Td(formats.percent(r["before"], lang)),
                html.Td(formats.percent(r["now"], lang)),
                html.Td(
                    formats.points(r["move"], lang),
                    className="text-danger" if r["move"] < 0 else None,
                ),
            ]
        )
        for r in moves.head(5).iter_rows(named=True)
    ]
    return html.Div(
        [
            html.P(_(lang, "Since {year}", year=since), className="text-muted small mb-2"),
            lists,
            html.H3(_(lang, "Criteria with the biggest moves"), className="h6"),
            dbc.Table([head, html.Tbody(rows)], size="sm", responsive=True, className="mb-0 moves"),
        ],
        className="what-changed",
    )


def why_behind(
    gaps: pl.DataFrame, failures: pl.DataFrame, lang: str, fy: int | None
) -> html.Div | dbc.Alert:
    """The district's gaps against the province, ranked by the clubs each would lift, each with
    the clubs failing it (those it would lift first)."""
    if fy is None or gaps.is_empty():
        return message(_(lang, "Not behind the province on any criterion this year"), "success")
    items = []
    for r in gaps.iter_rows(named=True):
        clubs = failures.filter(pl.col("criterion") == r["criterion"])
        lifted = clubs.filter(pl.col("lifts"))
        others = clubs.filter(~pl.col("lifts"))
        title = html.Span(  # inline, so the summary's marker stays on its line
            [
                html.Strong(_(lang, terms.CRITERIA[r["criterion"]])),
                html.Span(
                    " · "
                    + _(
                        lang,
                        "district {mine}, province {theirs}",
                        mine=formats.percent(r["district"], lang),
                        theirs=formats.percent(r["province"], lang),
                    )
                ),
                html.Span(
                    " · "
                    + ngettext(
                        lang,
                        "would lift {n} club to the standard",
                        "would lift {n} clubs to the standard",
                        r["lifts"],
                        n=formats.number(r["lifts"], lang),
                    ),
                    className="fw-semibold" if r["lifts"] else "text-muted",
                ),
            ]
        )
        body = []
        if not lifted.is_empty():
            body += [
                html.Div(_(lang, "Fail only this criterion of the standard"), className="small"),
                club_list(lifted, lang, fy),
            ]
        if not others.is_empty():
            body += [
                html.Div(_(lang, "Also fail it"), className="small mt-1"),
                club_list(others, lang, fy),
            ]
        items.append(html.Details([html.Summary(title), *body], className="gap mb-2"))
    return html.Div(
        [
            html.P(
                _(
                    lang,
                    "Ranked by the clubs that meeting this one criterion would bring to the "
                    "standard (clubs failing only it), then by the gap.",
                ),
                className="text-muted small mb-2",
            ),
            *items,
        ],
        className="why-behind",
    )
