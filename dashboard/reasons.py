"""Reason codes as sentences in the page's language: why a club is not an exemplar candidate
(club_year_exemplar.reasons) and why a district's submission of a year is not complete or on
time (district_year_submissions.reasons)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from core import formats
from core.texts import _, ngettext
from dashboard import terms

CLUB_CODES = ("not_meeting_standard", "no_knowledge_summary", "no_publicity")


def district_years(submissions: pl.DataFrame) -> dict[tuple[str, int], dict[str, Any]]:
    """district_year_submissions rows by (district, fiscal year)."""
    if submissions.is_empty():
        return {}
    return {
        (r["district_code"], int(r["fiscal_year"])): r for r in submissions.iter_rows(named=True)
    }


def submission_why(row: Mapping[str, Any] | None, lang: str, *, late: bool = True) -> str:
    """Why a district-year is incomplete (and late, unless `late` is False); '' if neither."""
    if not row:
        return ""
    parts = []
    for code in row.get("reasons") or []:
        if code == "missing_sheets":
            parts.append(
                _(
                    lang,
                    "missing sheets {sheets}",
                    sheets=", ".join(
                        terms.sheet_name(s, lang) for s in row.get("missing_sheets") or []
                    ),
                )
            )
        elif code == "too_many_rejected":
            parts.append(
                _(
                    lang,
                    "{share} of the rows read were rejected",
                    share=formats.percent(row.get("rejected_share"), lang, 1),
                )
            )
        elif code == "late":
            if late:
                parts.append(
                    ngettext(
                        lang,
                        "{days} day late",
                        "{days} days late",
                        row.get("days_late"),
                        days=row.get("days_late"),
                    )
                )
        elif code in terms.SUBMISSION_WHY:
            parts.append(_(lang, terms.SUBMISSION_WHY[code]))
    return "; ".join(parts)


def sentence(
    code: str, district: str, years: Mapping[tuple[str, int], Mapping[str, Any]], lang: str
) -> str:
    """One club reason code as a sentence (district-year codes say what was wrong with the year)."""
    if code in CLUB_CODES:
        return _(lang, terms.CLUB_REASONS[code])
    kind, _skip, year_text = code.partition(":")
    year = int(year_text) if year_text.isdigit() else 0
    row = years.get((district, year))
    name = formats.district_name(district, lang)
    if kind == "district_late":
        return ngettext(
            lang,
            "{district}'s FY {year} submission arrived {days} day late",
            "{district}'s FY {year} submission arrived {days} days late",
            (row or {}).get("days_late", "?"),
            district=name,
            year=year,
            days=(row or {}).get("days_late", "?"),
        )
    if kind == "district_incomplete":
        why = submission_why(row, lang, late=False) or _(
            lang, "no meetings or activities of that year"
        )
        return _(
            lang,
            "{district}'s FY {year} submission is incomplete: {why}",
            district=name,
            year=year,
            why=why,
        )
    return code


def sentences(
    codes: list[str] | None,
    district: str,
    years: Mapping[tuple[str, int], Mapping[str, Any]],
    lang: str,
) -> str:
    """Every reason of one club-year, as one line."""
    return " · ".join(sentence(code, district, years, lang) for code in codes or [])
