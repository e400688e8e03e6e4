"""Numbers, dates, fiscal years and place names as each language writes them.

Thai writes Buddhist Era years (C.E. + 543), Thai month names and, in official documents,
Thai numerals; English writes the Common Era. A fiscal year runs from October to September
and is named by the B.E. year in which it ends (FY 2568 = Oct 2024 - Sep 2025). Numbers are
rounded and grouped by thousands as Python formats them, with the separators and signs of the
language's locale (Babel's CLDR data: the same for Thai and English); a missing value reads
'–'. Names of places come from the DOPA list (geothai).
"""

from __future__ import annotations

import functools
from datetime import date, datetime

import geothai

from core.texts import _, lang_of

MISSING = "–"
BE_OFFSET = 543  # B.E. = C.E. + 543
# The months' short names (CLDR's, as Babel has them for th and en: a test holds them to it)
THAI_MONTHS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
               "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")  # fmt: skip
EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)
_FROM_THAI = str.maketrans(THAI_DIGITS, "0123456789")


@functools.cache
def _signs(lang: str) -> dict[int, str]:
    """Python's separators and signs (',' '.' '-' '+' '%') as the language's locale writes them."""
    from babel import Locale, numbers  # here: importing this module stays cheap

    locale = Locale.parse(lang_of(lang))
    return str.maketrans(
        {
            ",": numbers.get_group_symbol(locale),
            ".": numbers.get_decimal_symbol(locale),
            "-": numbers.get_minus_sign_symbol(locale),
            "+": numbers.get_plus_sign_symbol(locale),
            "%": locale.number_symbols["latn"]["percentSign"],
        }
    )


# --- numbers ------------------------------------------------------------------------------------


def number(value: float | int | None, lang: str, digits: int = 0) -> str:
    """A number with thousands separators ('1,234', '12.5'); '–' when missing."""
    return MISSING if value is None else f"{value:,.{digits}f}".translate(_signs(lang))


def percent(value: float | None, lang: str, digits: int = 0) -> str:
    """A 0-1 share as a percentage ('12%'); '–' when missing."""
    return MISSING if value is None else f"{100 * value:.{digits}f}%".translate(_signs(lang))


def signed(delta: float | None, lang: str, digits: int = 0) -> str:
    """A signed change of a count or score ('+1,234', '-3'); no change reads unsigned ('0', never
    '-0' or '+0'); '–' when missing."""
    if delta is None:
        return MISSING
    text = f"{delta:,.{digits}f}"
    zero = not text.strip("-0.,")  # zero once rounded: no sign
    return (text.lstrip("-") if zero else f"{delta:+,.{digits}f}").translate(_signs(lang))


def points(delta: float | None, lang: str) -> str:
    """A change of a share, in percentage points: '+3.2 จุด' / '+3.2 pts', no change '0.0 pts'
    (never '-0.0'); '–' when missing."""
    if delta is None:
        return MISSING
    return signed(100 * delta, lang, 1) + " " + _(lang, "pts")


def thai_digits(text: str) -> str:
    """Arabic digits written as Thai numerals ('2568' -> '๒๕๖๘')."""
    return text.translate(_TO_THAI)


def arabic_digits(text: str) -> str:
    """Thai numerals written as Arabic digits ('๖๒๐๕' -> '6205')."""
    return text.translate(_FROM_THAI)


# --- dates and fiscal years ---------------------------------------------------------------------


def day(value: date | datetime | None, lang: str) -> str:
    """A date: '15 มี.ค. 2559' in Thai (B.E.), '15 Mar 2016' in English; '–' when missing."""
    if value is None:
        return MISSING
    return f"{value.day} {month_year(value, lang)}"


def moment(value: datetime | None, lang: str) -> str:
    """A date and time of day ('15 มี.ค. 2559 09:05')."""
    if value is None:
        return MISSING
    return f"{day(value, lang)} {value.hour:02d}:{value.minute:02d}"


def month_year(value: date, lang: str) -> str:
    """'ม.ค. 2564' in Thai (B.E.), 'Jan 2021' in English: a date axis's tick."""
    if lang_of(lang) == "en":
        return f"{EN_MONTHS[value.month - 1]} {value.year}"
    return f"{THAI_MONTHS[value.month - 1]} {value.year + BE_OFFSET}"


def fiscal_year_of(value: date) -> int:
    """The (B.E.) fiscal year a day falls in: 1 Oct 2024 - 30 Sep 2025 is 2568."""
    return value.year + BE_OFFSET + (1 if value.month >= 10 else 0)


def fiscal_year_start(year: int) -> date:
    """The first day of a (B.E.) fiscal year: 2568 -> 1 Oct 2024."""
    return date(year - BE_OFFSET - 1, 10, 1)


def fiscal_year_end(year: int) -> date:
    """The last day of a (B.E.) fiscal year: 2568 -> 30 Sep 2025."""
    return date(year - BE_OFFSET, 9, 30)


def fiscal_year(year: int, lang: str) -> str:
    """'ปีงบประมาณ 2568' or 'FY 2568 (2024–25)'."""
    if lang_of(lang) == "en":
        return f"FY {year} ({year - BE_OFFSET - 1}–{str(year - BE_OFFSET)[2:]})"
    return f"ปีงบประมาณ {year}"


def fiscal_year_short(year: int, lang: str) -> str:
    """'2568' in Thai, 'FY 2568' in English (axis ticks)."""
    return f"FY {year}" if lang_of(lang) == "en" else str(year)


# --- words of a value ---------------------------------------------------------------------------


def yes_no(value: bool | None, lang: str) -> str:
    """'ใช่'/'ไม่' or 'yes'/'no'; '–' when missing."""
    if value is None:
        return MISSING
    return _(lang, "yes") if value else _(lang, "no")


def file_name(source: str | None) -> str:
    """The file a source names, without the server's folders ('inbox/62/6205.xlsx' -> '6205.xlsx')."""
    text = (source or "").rstrip("/")
    return text.rsplit("/", 1)[-1] if text else ""


# --- places (the DOPA list) ---------------------------------------------------------------------


def load_places() -> None:
    """Read the DOPA list now: a server's worker does it before its first page (about 0.1 s of
    it, on the first club page otherwise) and before its long-lived objects are frozen."""
    geothai.subdistrict("")
    geothai.district("")
    geothai.province("")


def district_name(code: str | None, lang: str) -> str:
    """A district's name (the code itself when unknown)."""
    found = geothai.district(code or "")
    if found is None:
        return code or ""
    return found.name_en if lang_of(lang) == "en" else found.name_th


def province_name(code: str | None, lang: str) -> str:
    """A province's name (the code itself when unknown)."""
    found = geothai.province(code or "")
    if found is None:
        return code or ""
    return found.name_en if lang_of(lang) == "en" else found.name_th


def subdistrict_name(code: str | None, lang: str) -> str:
    """'ตำบลในเมือง' / 'Nai Mueang subdistrict' (the code itself when unknown)."""
    found = geothai.subdistrict(code or "")
    if found is None:
        return code or ""
    name = found.name_en if lang_of(lang) == "en" else found.name_th
    return _(lang, "{name} subdistrict", name=name)


def area_name(code: str | None, lang: str) -> str:
    """A province (2 digits) or district (4 digits) name."""
    return province_name(code, lang) if code and len(code) == 2 else district_name(code, lang)
