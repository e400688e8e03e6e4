"""core.formats: numbers, B.E. dates, fiscal years, Thai numerals and place names."""

from __future__ import annotations

from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st

from core import formats

THAI_MONTHS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
               "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")  # fmt: skip
floats = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False)


@given(value=floats | st.integers(-(10**12), 10**12), digits=st.integers(0, 3))
def test_numbers_read_as_python_writes_them_in_both_languages(value: float, digits: int) -> None:
    for lang in ("th", "en"):  # Thai and English share their separators
        assert formats.number(value, lang, digits) == f"{value:,.{digits}f}"
        assert formats.signed(value, lang, digits) == unsigned_zero(f"{value:+,.{digits}f}")


@given(share=st.floats(min_value=-2, max_value=2, allow_nan=False), digits=st.integers(0, 2))
def test_shares_and_points(share: float, digits: int) -> None:
    assert formats.percent(share, "th", digits) == f"{100 * share:.{digits}f}%"
    assert formats.points(share, "en") == unsigned_zero(f"{100 * share:+.1f}") + " pts"
    assert formats.points(share, "th") == unsigned_zero(f"{100 * share:+.1f}") + " จุด"


def unsigned_zero(text: str) -> str:
    """Python's signed text with a change that rounds to zero written without its sign."""
    return text[1:] if not text.strip("+-0.,") else text


def test_no_change_reads_zero_without_a_sign() -> None:
    assert formats.points(-0.0001, "th") == "0.0 จุด"  # the brief printed "-0.0 จุด"
    assert formats.points(0.0, "en") == "0.0 pts"
    assert formats.points(-0.0012, "en") == "-0.1 pts"
    assert formats.signed(-0.4, "th") == "0"
    assert formats.signed(0.0, "en", 1) == "0.0"
    assert formats.signed(3, "en") == "+3"


def test_a_missing_value_reads_a_dash() -> None:
    assert {
        formats.number(None, "th"),
        formats.percent(None, "en"),
        formats.signed(None, "th"),
    } == {"–"}
    assert {formats.points(None, "th"), formats.day(None, "en"), formats.moment(None, "th")} == {
        "–"
    }
    assert formats.yes_no(None, "th") == "–"


def test_dates_in_buddhist_era_and_thai_months() -> None:
    assert (
        formats.THAI_MONTHS == THAI_MONTHS
    )  # Babel's CLDR data, as the pages have always shown it
    assert formats.EN_MONTHS[8] == "Sep"
    assert formats.day(date(2016, 3, 15), "th") == "15 มี.ค. 2559"
    assert formats.day(date(2016, 3, 15), "en") == "15 Mar 2016"
    assert formats.moment(datetime(2025, 10, 1, 9, 5), "th") == "1 ต.ค. 2568 09:05"
    assert formats.month_year(date(2021, 1, 31), "th") == "ม.ค. 2564"
    assert formats.month_year(date(2021, 1, 31), "en") == "Jan 2021"


def test_fiscal_years_end_in_september_and_are_named_in_buddhist_era() -> None:
    assert formats.fiscal_year(2568, "th") == "ปีงบประมาณ 2568"
    assert formats.fiscal_year(2568, "en") == "FY 2568 (2024–25)"
    assert formats.fiscal_year_short(2568, "th") == "2568"
    assert formats.fiscal_year_short(2568, "en") == "FY 2568"
    assert (
        formats.fiscal_year_of(date(2024, 10, 1))
        == 2568
        == formats.fiscal_year_of(date(2025, 9, 30))
    )
    assert formats.fiscal_year_of(date(2024, 9, 30)) == 2567
    assert formats.fiscal_year_start(2568) == date(2024, 10, 1)
    assert formats.fiscal_year_end(2568) == date(2025, 9, 30)


def test_thai_numerals_both_ways() -> None:
    assert formats.thai_digits("ปี 2568: 1,234.5") == "ปี ๒๕๖๘: ๑,๒๓๔.๕"
    assert formats.arabic_digits("๖๒๐๕-๐๐๑") == "6205-001"


def test_names_of_places_and_words_of_values() -> None:
    assert formats.province_name("62", "th") == "กำแพงเพชร"
    assert formats.province_name("62", "en") == "Kamphaeng Phet"
    assert formats.area_name("6205", "en") == formats.district_name("6205", "en") == "Khlong Khlung"
    assert formats.district_name("9999", "th") == "9999" and formats.district_name(None, "th") == ""
    assert formats.subdistrict_name("620101", "en") == "Nai Mueang subdistrict"
    assert (formats.yes_no(True, "th"), formats.yes_no(False, "en")) == ("ใช่", "no")
    assert formats.file_name("inbox/62/6205.xlsx") == "6205.xlsx" and formats.file_name(None) == ""
