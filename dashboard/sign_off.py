"""Whether figures a page or an export shows are approved (รับรองแล้ว) or provisional, said in
one way everywhere: the approved (district, fiscal year) pairs come from warehouse/approvals.py."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl
from dash.development.base_component import Component

from core import formats
from core.texts import NP_, _
from dashboard import context
from dashboard.components import message
from warehouse import approvals, queries

STATES = {
    "draft": NP_("approval state", "Draft"),
    "submitted": NP_("approval state", "Submitted"),
    "approved": NP_("approval state", "Approved"),
}


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
