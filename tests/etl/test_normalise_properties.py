"""Properties of dates, digits and citizen IDs, over many generated values."""

from __future__ import annotations

from datetime import date

import polars as pl
from hypothesis import example, given, settings
from hypothesis import strategies as st

from etl import normalise as nz
from tonbaeb.generate.messy import MONTH_ABBR, MONTH_FULL
from tonbaeb.generate.people import check_digit

THAI = str.maketrans("0123456789", nz.THAI_DIGITS)
DATES = st.dates(min_value=date(1957, 1, 1), max_value=date(2099, 12, 31))


def spellings(day: date) -> list[str]:
    be = day.year + 543
    forms = [
        f"{day.day:02d}/{day.month:02d}/{be}",
        f"{day.day}/{day.month}/{be}",
        day.isoformat(),
        f"{day.day} {MONTH_ABBR[day.month - 1]} {be}",
        f"{day.day} {MONTH_FULL[day.month - 1]} {be}",
        f"{day.day} {MONTH_ABBR[day.month - 1]} {be}".translate(THAI),
        f"{day.day:02d}-{day.month:02d}-{be}",
    ]
    if 2500 <= be <= 2599:  # two-digit years are B.E. 25YY
        forms += [
            f"{day.day}/{day.month}/{be % 100:02d}",
            f"{day.day} {MONTH_FULL[day.month - 1]} {be % 100:02d}",
        ]
    return forms


@settings(max_examples=200, deadline=None)
@given(DATES)
def test_every_spelling_of_a_date_reads_back(day: date) -> None:
    texts = spellings(day)
    parsed = pl.DataFrame({"t": texts}).select(nz.parse_date(pl.col("t"))).to_series().to_list()
    assert parsed == [day] * len(texts)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_thai_digits_read_as_arabic(number: int) -> None:
    text = str(number).translate(THAI)
    assert pl.DataFrame({"t": [text]}).select(nz.arabic_digits(pl.col("t"))).item() == str(number)
    expected = number if number <= nz.INT_MAX else None  # larger does not fit the warehouse
    assert pl.DataFrame({"t": [text]}).select(nz.parse_int(pl.col("t"))).item() == expected


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="0123456789", min_size=12, max_size=12), st.integers(min_value=1, max_value=9)
)
def test_only_the_right_check_digit_is_valid(first12: str, offset: int) -> None:
    good = first12 + str(check_digit(first12))
    wrong = first12 + str((check_digit(first12) + offset) % 10)
    result = (
        pl.DataFrame({"id": [good, wrong]}).select(nz.citizen_id_valid(pl.col("id"))).to_series()
    )
    assert result.to_list() == [True, False]


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"))
@example("2016-02-29")
@example("2015-02-29")
@example("2016-04-31")
@example("2016-13-01")
@example("2568-01-19")
@example("0999-12-31")
@example("1000-01-01")
@example("2999-12-31")
@example("3000-01-01")
def test_plain_iso_text_reads_as_the_general_reader_reads_it(text: str) -> None:
    # Plain ISO text takes a quicker path; with a time after it, the same date takes the
    # general one. Both agree for any digits, including impossible dates and years
    # outside 1000-2999 (null).
    values = pl.Series([text, f"{text} 00:00:00", f"{text}T00:00:00"])
    quick, general, general_t = nz.parse_dates(values).to_list()
    assert quick == general == general_t


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(DATES, st.integers(min_value=0, max_value=6)), min_size=1, max_size=30))
def test_each_date_of_a_mixed_column_stays_in_its_row(rows: list[tuple[date, int]]) -> None:
    # Plain ISO text and the other spellings are read apart and put back in place.
    texts = [spellings(day)[form] for day, form in rows]
    parsed = nz.parse_dates(pl.Series(texts)).to_list()
    assert parsed == [day for day, _ in rows]
