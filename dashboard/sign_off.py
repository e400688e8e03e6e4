"""Whether figures a page shows are approved (รับรองแล้ว) or provisional, said in one way on every
page: the approved (district, fiscal year) pairs come from warehouse/approvals.py."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl
from dash.development.base_component import Component

from core import formats
from core.texts import _
from dashboard import context
from dashboard.components import message
from warehouse import approvals


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
    names = ", ".join(formats.district_name(d, lang) for d in found)
    return message(
        _(
            lang,
            "Provisional: {year} of {districts} is not approved yet; these figures may change",
            year=formats.fiscal_year(fiscal_year, lang),
            districts=names,
        ),
        "warning",
    )
