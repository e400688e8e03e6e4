"""The data-quality page's list of held submissions, in Thai and English."""

from __future__ import annotations

from datetime import datetime

import polars as pl

from dashboard.pages.quality.held import held_table
from tests.dashboard.support import sent


def text_of(drawn: object) -> str:
    """Every string in a drawn tree's children."""

    def texts(node: object) -> list[str]:
        if isinstance(node, str | int | float):
            return [str(node)]
        if isinstance(node, list):
            return [t for child in node for t in texts(child)]
        if isinstance(node, dict):
            return texts(node.get("props", {}).get("children"))
        return []

    return " ".join(texts(sent(drawn)))


HELD = pl.DataFrame(
    {
        "district_code": ["6205"],
        "started_at": [datetime(2026, 11, 24, 9, 30)],
        "source": ["/inbox/6205"],
        "status": ["held"],
        "cuts": ["clubs 3 → 1"],
        "rows_read": [55],
    }
)


def test_held_submissions_are_listed_with_their_counts_in_both_languages() -> None:
    thai, english = text_of(held_table(HELD, "th")), text_of(held_table(HELD, "en"))
    for text in (thai, english):
        assert "clubs 3 → 1" in text and "6205" in text and "--accept-shrink" in text
    assert "แผ่นงานที่ลดลง" in thai and "ระงับ" in thai
    assert "Sheets cut (published → new)" in english


def test_a_locked_submission_says_the_year_is_approved() -> None:
    locked = HELD.with_columns(
        pl.lit("locked").alias("status"), pl.lit("FY 2559 was approved by director62").alias("cuts")
    )
    thai, english = text_of(held_table(locked, "th")), text_of(held_table(locked, "en"))
    assert "locked (approved year)" in english and "approved by director62" in english
    assert "ล็อก (ปีที่รับรองแล้ว)" in thai and "reopens the year" in english


def test_nothing_held_says_so() -> None:
    assert text_of(held_table(pl.DataFrame(), "th")) == "ไม่มีข้อมูลที่ระงับไว้"
    assert text_of(held_table(pl.DataFrame(), "en")) == "No submission is held"
