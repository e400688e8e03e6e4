"""Whether figures a page or an export shows are approved (รับรองแล้ว) or provisional, said in
one way everywhere: the approved (district, fiscal year) pairs come from warehouse/approvals.py.

On pages:

- `page_mark`: the mark of a page showing a province (or, for the national role, the country) in
  a fiscal year: a warning while any district's figures are provisional, with how many are
  approved; for the national role, which figures are shown and the switch between approved
  figures only (the default) and with provisional ones (`provisional=1` in the URL);
- `only`: the filter the warehouse's questions take for that national default; `marked_areas`:
  the provinces or districts a list marks provisional;
- `district_mark`: one district's state of a fiscal year (district and club pages);
- `districts_mark`: the mark for the districts of a few chosen clubs (compare page);
- `note`: a warning naming the districts whose year is provisional (exemplars, knowledge record).

Marks print (they are not `no-print`); the switch does not. In exports: `title_row`, `row_marks`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import dash_bootstrap_components as dbc
import polars as pl
from dash import dcc, html
from dash.development.base_component import Component

from accounts.scope import Scope
from core import formats
from core.home import Home
from core.texts import NP_, _
from dashboard import context
from dashboard.components import href, message
from warehouse import approvals, queries

STATES = {
    "draft": NP_("approval state", "Draft"),
    "submitted": NP_("approval state", "Submitted"),
    "approved": NP_("approval state", "Approved"),
}
# What the switch's link keeps of the page state (besides the language and the switch itself).
KEPT = ("province", "fy", "district", "network", "meets", "q", "sort")


def districts_of(frame: pl.DataFrame) -> list[str]:
    """The districts of a frame's rows (none when it has no district_code)."""
    if "district_code" not in frame.columns:
        return []
    return [d for d in frame["district_code"].unique().to_list() if isinstance(d, str)]


def provisional(districts: Iterable[str], fiscal_year: int | None) -> list[str]:
    """The districts whose fiscal year is not approved (their figures are provisional), sorted."""
    wanted = sorted({d for d in districts if isinstance(d, str) and len(d) == 4})
    if not wanted or not isinstance(fiscal_year, int):
        return []
    approved = approvals.approved_pairs(context.store(), sorted({d[:2] for d in wanted}))
    return [d for d in wanted if (d, fiscal_year) not in approved]


def note(districts: Iterable[str], fiscal_year: int | None, lang: str) -> Component | None:
    """A warning naming the districts whose figures of the year are provisional, or None."""
    found = provisional(districts, fiscal_year)
    if not found or fiscal_year is None:
        return None
    return message(_provisional_words(found, fiscal_year, lang), "warning")


def said(districts: Iterable[str], fiscal_year: int, lang: str) -> str:
    """Whether the districts' figures of the year are approved or provisional, in one sentence
    (for a document: a mark either way)."""
    wanted = sorted({d for d in districts if isinstance(d, str)})
    found = provisional(wanted, fiscal_year)
    if found:
        return _provisional_words(found, fiscal_year, lang)
    return _(
        lang,
        "Approved: {year} of {districts} is signed off",
        year=formats.fiscal_year(fiscal_year, lang),
        districts=", ".join(formats.district_name(d, lang) for d in wanted),
    )


def _provisional_words(found: list[str], fiscal_year: int, lang: str) -> str:
    return _(
        lang,
        "Provisional: {year} of {districts} is not approved yet; these figures may change",
        year=formats.fiscal_year(fiscal_year, lang),
        districts=", ".join(formats.district_name(d, lang) for d in found),
    )


def counts(province: str | None, fiscal_year: int | None) -> tuple[int, int]:
    """(districts approved, districts with data) of the fiscal year in what this user is served:
    the province asked for (or the user's own), or nationally every province's."""
    if not isinstance(fiscal_year, int):
        return 0, 0
    home, scope = context.home(), context.scope()
    provinces = queries.covered(home, scope, province)
    approved = approvals.approved_pairs(context.store(), provinces)
    found = queries.scorecard_approved_counts(home, scope, fiscal_year, approved)
    kept = [c for p, c in found.items() if p in provinces]
    return sum(done for done, _t in kept), sum(total for _d, total in kept)


def title_row(
    lang: str, province: str | None, fiscal_year: int | None, *, only: bool = False
) -> tuple[str, str]:
    """A workbook title block's row on sign-off: "Approved: 8 of 11 districts" (`only`: the
    figures are of approved districts alone, "Approved figures only (...)")."""
    done, total = counts(province, fiscal_year)
    return _(lang, "Sign-off"), (
        formats.MISSING if total == 0 else approved_words(done, total, lang, only=only)
    )


def approved_words(done: int, total: int, lang: str, *, only: bool = False) -> str:
    """How many districts are approved: "Approved: 8 of 11 districts"."""
    words = {"done": formats.number(done, lang), "total": formats.number(total, lang)}
    if only:
        return _(lang, "Approved figures only (approved: {done} of {total} districts)", **words)
    return _(lang, "Approved: {done} of {total} districts", **words)


def mark(done: int, total: int, lang: str, *, only: bool = False) -> str:
    """A row's sign-off in words, for the districts its figures cover: "Approved" when all are;
    when the figures are of approved districts only (`only`), how many of all; otherwise
    "Provisional", with how many are approved when it covers several."""
    if done >= total:
        return _(lang, "Approved")
    if only:
        return approved_words(done, total, lang)
    if total == 1:
        return _(lang, "Provisional")
    return _(
        lang,
        "Provisional (approved: {done} of {total} districts)",
        done=formats.number(done, lang),
        total=formats.number(total, lang),
    )


def row_marks(frame: pl.DataFrame, fiscal_year: int | None, lang: str) -> list[str | None]:
    """Per row of a frame of district rows: "Approved" or "Provisional" (its district's year)."""
    if "district_code" not in frame.columns or not isinstance(fiscal_year, int):
        return [None] * frame.height
    districts = frame["district_code"].to_list()
    late = set(provisional(districts, fiscal_year))
    return [
        None if not isinstance(d, str) else mark(0 if d in late else 1, 1, lang) for d in districts
    ]


# --- on pages ---------------------------------------------------------------------------------


def only(home: Home, scope: Scope, state: dict[str, Any]) -> frozenset[tuple[str, int]] | None:
    """What the warehouse's questions keep: for the national role (the whole country or one
    province, as the scorecard) the approved (district, year) pairs, unless the page state asks
    for provisional figures too; else None (every figure the scope may see)."""
    if scope.role != "national" or state.get("provisional"):
        return None
    provinces = queries.covered(home, scope, state.get("province"))
    return approvals.approved_pairs(context.store(), provinces)


def marked_areas(
    home: Home, scope: Scope, state: dict[str, Any], areas: Iterable[str]
) -> frozenset[str]:
    """Of the areas a page lists (provinces or districts), those whose figures of the state's year
    are provisional (none when the figures are of approved districts only)."""
    fy, codes = state.get("fy"), [a for a in areas if isinstance(a, str)]
    if not isinstance(fy, int) or only(home, scope, state) is not None:
        return frozenset()
    if all(len(c) == 2 for c in codes):
        return provisional_provinces(home, scope, fy) & frozenset(codes)
    return frozenset(provisional(codes, fy))


def provisional_provinces(home: Home, scope: Scope, fiscal_year: int) -> frozenset[str]:
    """The provinces the user may see with any district's figures of the year provisional."""
    approved = approvals.approved_pairs(context.store(), queries.covered(home, scope, None))
    found = queries.scorecard_approved_counts(home, scope, fiscal_year, approved)
    return frozenset(p for p, (done, total) in found.items() if done < total)


def page_mark(home: Home, scope: Scope, state: dict[str, Any], path: str) -> Component | None:
    """The mark of a page showing the state's province (or the country) in its fiscal year; for the
    national role, with the switch that links to `path` with or without provisional figures."""
    lang, fy, province = str(state["lang"]), state.get("fy"), state.get("province")
    if not isinstance(fy, int):
        return None
    done, total = counts(province, fy)
    if not total:
        return None
    counted = _(
        lang,
        "Approved: {done} of {total} districts; the others' figures are provisional",
        done=formats.number(done, lang),
        total=formats.number(total, lang),
    )
    if done == total:
        return html.P(
            _(lang, "Approved figures: all {total} districts", total=formats.number(total, lang)),
            className="sign-off-approved small text-muted mb-2",
        )
    country = scope.role == "national"  # the national role has the switch
    switch = _switch(path, state) if country else None
    if country and not state.get("provisional"):
        lines: list[Any] = [f"{_(lang, 'Showing approved figures only')} · {counted}", switch]
        if done == 0:
            nothing = (
                _(lang, "No province has approved figures of this year yet")
                if province is None
                else _(lang, "No district of the province has approved figures of this year yet")
            )
            lines.append(html.Div(nothing))
        return html.Div(lines, className="sign-off-mark sign-off-only")
    words: list[Any] = [
        html.Strong(_(lang, "Provisional figures, not approved yet")),
        " · ",
        counted,
    ]
    if country:
        shown = _(lang, "Showing approved and provisional figures (provisional ones marked)")
        words += [html.Br(), shown, switch]
    return _warning(words)


def district_mark(district: str | None, fiscal_year: int | None, lang: str) -> Component | None:
    """One district's sign-off state of the fiscal year; a warning while it is not approved.
    The caller has checked that the user may see the district."""
    if not isinstance(district, str) or not isinstance(fiscal_year, int):
        return None
    state = approvals.year_state(context.store(), district, fiscal_year).state
    words = _(
        lang,
        "Sign-off of {district}, {year}: {state}",
        district=formats.district_name(district, lang),
        year=formats.fiscal_year(fiscal_year, lang),
        state=_(lang, STATES.get(state, state)),
    )
    if state == "approved":
        return html.P(words, className="sign-off-approved small text-muted mb-2")
    return _warning([html.Strong(_(lang, "Provisional figures, not approved yet")), " · ", words])


def districts_mark(
    districts: Iterable[str], fiscal_year: int | None, lang: str
) -> Component | None:
    """The mark for a few districts' figures of a fiscal year (the districts of chosen clubs)."""
    wanted = sorted({d for d in districts if isinstance(d, str) and len(d) == 4})
    if not wanted or not isinstance(fiscal_year, int):
        return None
    found = provisional(wanted, fiscal_year)
    if not found:
        return html.P(
            _(
                lang,
                "Approved figures: all {total} districts",
                total=formats.number(len(wanted), lang),
            ),
            className="sign-off-approved small text-muted mb-2",
        )
    counted = _(
        lang,
        "Approved: {done} of {total} districts; the others' figures are provisional",
        done=formats.number(len(wanted) - len(found), lang),
        total=formats.number(len(wanted), lang),
    )
    names = ", ".join(formats.district_name(d, lang) for d in found)
    year = formats.fiscal_year(fiscal_year, lang)
    return _warning(
        [
            html.Strong(_(lang, "Provisional figures, not approved yet")),
            f" · {year}: {names} · {counted}",
        ]
    )


def word(lang: str) -> str:
    """The word a row of provisional figures is marked with (as workbooks mark it)."""
    return mark(0, 1, lang)


def _warning(words: list[Any]) -> dbc.Alert:
    """The provisional mark: on screen and on paper (A4) alike."""
    return dbc.Alert(words, color="warning", className="sign-off-mark sign-off-provisional mb-3")


def _switch(path: str, state: dict[str, Any]) -> dcc.Link:
    """The link between approved figures only and with provisional ones (the page state kept)."""
    lang, showing = str(state["lang"]), bool(state.get("provisional"))
    kept = {k: state.get(k) for k in KEPT}
    return dcc.Link(
        _(lang, "Approved figures only") if showing else _(lang, "Include provisional figures"),
        href=href(path, lang, **kept, provisional=None if showing else 1),
        className="ms-2 no-print sign-off-switch",
        id="sign-off-switch",
    )
