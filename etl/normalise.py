"""Pure text fixes as polars expressions: Thai digits, spaces, dates, numbers, codes.

Every builder takes an expression over text (as read from a workbook or CSV)
and returns an expression; null stays null, and a value that cannot be read
becomes null (validate turns that into a reason).
"""

from __future__ import annotations

import re

import polars as pl

from core import formats
from core.formats import THAI_DIGITS

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
SPACES = " \t\r\n\u00a0\u202f\u2007\u3000" + ZERO_WIDTH
EXCEL_EPOCH_DAYS = -25569  # 1899-12-30 as days from 1970-01-01
FIRST_SERIAL = 18264  # 1 January 1950: a smaller bare number is not taken for a date
INT_MAX = 2**31 - 1  # the warehouse's integer columns
TIME_AFTER = (
    r"(?:\s+|T)[0-9]{1,2}[:.][0-9]{2}(?:[:.][0-9]{2}(?:\.[0-9]+)?)?"
    r"(?:\s*(?:น\.?|นาฬิกา|[AaPp]\.?[Mm]\.?))?$"
)

# Thai month names, full and abbreviated, with the misspellings real data has.
THAI_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("มกราคม", "ม.ค.", "มค"),
    2: ("กุมภาพันธ์", "กุมภาพันธ", "ก.พ.", "กพ"),
    3: ("มีนาคม", "มี.ค.", "มีค"),
    4: ("เมษายน", "เม.ย.", "เมย"),
    5: ("พฤษภาคม", "พ.ค.", "พค"),
    6: ("มิถุนายน", "มิ.ย.", "มิย"),
    7: ("กรกฎาคม", "กรกฏาคม", "ก.ค.", "กค"),
    8: ("สิงหาคม", "ส.ค.", "สค"),
    9: ("กันยายน", "ก.ย.", "กย"),
    10: ("ตุลาคม", "ต.ค.", "ตค"),
    11: ("พฤศจิกายน", "พฤษจิกายน", "พฤศจิกาย", "พ.ย.", "พย"),
    12: ("ธันวาคม", "ธ.ค.", "ธค"),
}
ENGLISH_MONTHS = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)
GENDER_WORDS = {"ชาย": "M", "หญิง": "F", "อื่นๆ": "X", "อื่น": "X", "m": "M", "f": "F", "x": "X"}


def _month_key(word: str) -> str:
    """Month words compared without dots and spaces (ต.ค. = ต.ค = ตค)."""
    return re.sub(r"[.\s]", "", word).lower()


MONTH_NUMBERS: dict[str, int] = {
    _month_key(w): n for n, words in THAI_MONTHS.items() for w in words
} | {name: n for n, name in enumerate(ENGLISH_MONTHS, start=1)}
ENGLISH_NUMBERS = {name: n for n, name in enumerate(ENGLISH_MONTHS, start=1)}
PLAIN_ISO = r"^(?:1[0-9]{3}|2[0-3][0-9]{2})-[0-9]{2}-[0-9]{2}$"  # C.E. years only


def clean_text(e: pl.Expr) -> pl.Expr:
    """Text without zero-width characters or surrounding (also non-breaking) spaces; '' -> null."""
    text = (
        e.cast(pl.String)
        .str.replace_all(f"[{ZERO_WIDTH}]", "")
        .str.replace_all("[\u00a0\u202f\u2007\u3000]", " ")
        .str.strip_chars(SPACES)
    )
    return pl.when(text == "").then(None).otherwise(text)


def arabic_digits(e: pl.Expr) -> pl.Expr:
    """Thai digits ๐-๙ turned into 0-9, anywhere in the text."""
    return e.str.replace_many(list(THAI_DIGITS), [str(d) for d in range(10)])


def code(e: pl.Expr) -> pl.Expr:
    """An identifier: clean, Arabic digits, and '620501.0' (a number cell) -> '620501'."""
    text = arabic_digits(clean_text(e))
    return text.str.replace(r"^([0-9]+)\.0+$", "${1}")


def parse_int(e: pl.Expr, largest: int = INT_MAX) -> pl.Expr:
    """A whole number up to `largest` (Thai digits, thousands commas, '12.0' allowed); else null.

    NaN, infinities, huge exponents and numbers too large for the column are null, so
    validate rejects them as bad_number rather than a cast failing.
    """
    number = parse_float(e)
    whole = (number == number.round(0)) & (number.abs() <= largest)
    return pl.when(whole).then(number).otherwise(None).cast(pl.Int64, strict=False)


def parse_float(e: pl.Expr) -> pl.Expr:
    """A finite decimal number (Thai digits, thousands commas allowed); else null (NaN, inf too)."""
    text = arabic_digits(clean_text(e)).str.replace_all(",", "")
    number = text.cast(pl.Float64, strict=False)
    return pl.when(number.is_finite()).then(number).otherwise(None)


def _year_ce(year: pl.Expr, digits: pl.Expr) -> pl.Expr:
    """C.E. year from a written year: 2 digits are B.E. 25YY; 4 digits >= 2400 are B.E."""
    return (
        pl.when(digits <= 2)
        .then(year + 2500 - 543)
        .when(year >= 2400)
        .then(year - 543)
        .otherwise(year)
    )


def _valid_date(year: pl.Expr, month: pl.Expr, day: pl.Expr) -> pl.Expr:
    """The date, or null when day/month/year do not make one (31/02 is null)."""
    ok = year.is_between(1000, 2999) & month.is_between(1, 12) & day.is_between(1, 31)
    built = pl.date(
        pl.when(ok).then(year).otherwise(2000),
        pl.when(ok).then(month).otherwise(1),
        pl.when(ok).then(day).otherwise(1),
    )
    # pl.date rolls nothing over; check the day survived (30 Feb would be invalid).
    start = pl.date(pl.when(ok).then(year).otherwise(2000), pl.when(ok).then(month).otherwise(1), 1)
    fits = day <= start.dt.month_end().dt.day()
    return pl.when(ok & fits).then(built).otherwise(None)


def parse_date(e: pl.Expr) -> pl.Expr:
    """A date from any form the contract lists; day comes before month; B.E. years handled.

    Forms: spreadsheet dates read as text ('2016-03-15 00:00:00'), Excel serial
    numbers ('42444'), '15/03/2559', '15/3/59', '15-03-2556', '15.03.2559',
    '2016-03-15', '15 มี.ค. 2559', '15 มีนาคม 59', '๑๕ มี.ค. ๕๙',
    'วันจันทร์ที่ ๒๔ มกราคม พ.ศ.๒๕๖๕', '15 Mar 2016', '15-ก.ค.-2565'; a time after the
    date is ignored ('15/07/2565 09:00'). A 4-digit year of 2400 or more is B.E. in every
    form, ISO too ('2560-01-01'). A bare number is an Excel serial from 1 Jan 1950 only
    ('42' is no date). The year arithmetic is done before a date is built, so 29/02/2559
    (2016, a leap year) is valid.
    """
    return e.map_batches(parse_dates, return_dtype=pl.Date)


def parse_dates(values: pl.Series) -> pl.Series:
    """`parse_date` over a whole column: plain ISO text at once, the other forms in stages."""
    frame = pl.DataFrame({"raw": values.cast(pl.String)}).select(
        arabic_digits(clean_text(pl.col("raw"))).str.replace(TIME_AFTER, "").alias("cleaned")
    )
    # Most dates come as plain ISO text: parse those at once and give the slower stages
    # only the rest. C.E. years 1000-2399 only (2400 and up are B.E., which the stages
    # turn into C.E.), so both give the same date (or null) for any text.
    plain = pl.col("cleaned").str.contains(PLAIN_ISO)
    frame = frame.with_row_index("at").with_columns(
        plain.alias("is_plain"),
        pl.when(plain).then(pl.col("cleaned").str.to_date("%Y-%m-%d", strict=False)).alias("date"),
    )
    others = frame.filter(~pl.col("is_plain") & pl.col("cleaned").is_not_null())
    dates = frame["date"]
    if others.height:
        dates = dates.scatter(others["at"], _dates_in_stages(others["cleaned"]))
    return dates.alias(values.name)


def _dates_in_stages(texts: pl.Series) -> pl.Series:
    """Dates of any form from clean text with Arabic digits, in stages so each stays small."""
    return (
        _date_parts(texts)
        .select(
            pl.coalesce(
                _valid_date(pl.col("iso_y"), pl.col("iso_m"), pl.col("iso_d")),
                _valid_date(pl.col("dmy_y"), pl.col("dmy_m"), pl.col("dmy_d")),
                _valid_date(pl.col("w_y"), pl.col("w_m"), pl.col("w_d")),
                pl.when(pl.col("serial").is_between(FIRST_SERIAL, 80000))
                .then((pl.col("serial") + EXCEL_EPOCH_DAYS).cast(pl.Int32).cast(pl.Date))
                .otherwise(None),
            )
        )
        .to_series()
    )


def _date_parts(texts: pl.Series) -> pl.DataFrame:
    """Year (C.E.), month and day of each form a text may be in (null where it is not in that form)."""
    frame = pl.DataFrame({"text": texts})
    text = pl.col("text")
    frame = frame.with_columns(
        text.str.extract_groups(r"^([0-9]{4})[\-/.]([0-9]{1,2})[\-/.]([0-9]{1,2})$").alias("iso"),
        text.str.extract_groups(r"^([0-9]{1,2})[/\-.]([0-9]{1,2})[/\-.]([0-9]{2}|[0-9]{4})$").alias(
            "dmy"
        ),
        text.str.replace_all(r"(?:วัน\S*ที่|พ\.\s?ศ\.?|ค\.\s?ศ\.?)", " ")
        .str.replace_all(r"([0-9])[\-/]|[\-/]([0-9])", "${1} ${2}")
        .str.extract_groups(
            r"([0-9]{1,2})\s*([^\s0-9]+(?:\s?[^\s0-9]+)*?)\s*([0-9]{2}|[0-9]{4})\s*$"
        )
        .alias("words"),
        text.str.extract(r"^([0-9]{1,5})(?:\.0+)?$", 1)
        .cast(pl.Int64, strict=False)
        .alias("serial"),
    )

    def part(group: str, field: str) -> pl.Expr:
        return pl.col(group).struct.field(field)

    frame = frame.with_columns(
        _year_ce(part("iso", "1").cast(pl.Int32, strict=False), pl.lit(4)).alias("iso_y"),
        part("iso", "2").cast(pl.Int32, strict=False).alias("iso_m"),
        part("iso", "3").cast(pl.Int32, strict=False).alias("iso_d"),
        _year_ce(
            part("dmy", "3").cast(pl.Int32, strict=False), part("dmy", "3").str.len_chars()
        ).alias("dmy_y"),
        part("dmy", "2").cast(pl.Int32, strict=False).alias("dmy_m"),
        part("dmy", "1").cast(pl.Int32, strict=False).alias("dmy_d"),
        _year_ce(
            part("words", "3").cast(pl.Int32, strict=False), part("words", "3").str.len_chars()
        ).alias("w_y"),
        part("words", "2").alias("w_text"),
        part("words", "2").str.replace_all(r"[.\s,\-/]", "").str.to_lowercase().alias("w_word"),
        part("words", "1").cast(pl.Int32, strict=False).alias("w_d"),
    )
    return frame.with_columns(
        pl.coalesce(
            pl.col("w_word").replace_strict(MONTH_NUMBERS, default=None, return_dtype=pl.Int32),
            pl.col("w_word")
            .str.slice(0, 3)
            .replace_strict(ENGLISH_NUMBERS, default=None, return_dtype=pl.Int32),
        ).alias("w_m")
    )


def date_problem(e: pl.Expr) -> pl.Expr:
    """Why a text that `parse_date` cannot read is no date, as `kind|arguments`:

    `no_such_day|31|2|2569` (day, month, B.E. year: 31/02/2569), `bad_month|13` or
    `bad_month|มีนาคมม` (the month as typed), `too_early` (a year before 2493 B.E.: one
    before 1000 C.E. is not even built), `small_serial|42` (a bare number below the first
    Excel date read), `unreadable` (no form that is read). Null for null text.
    """
    return e.map_batches(date_problems, return_dtype=pl.String)


def date_problems(values: pl.Series) -> pl.Series:
    """`date_problem` over a whole column."""
    cleaned = pl.DataFrame({"raw": values.cast(pl.String)}).select(
        arabic_digits(clean_text(pl.col("raw"))).str.replace(TIME_AFTER, "").alias("cleaned")
    )["cleaned"]
    parts = _date_parts(cleaned)
    form = (
        pl.when(pl.col("iso_y").is_not_null())
        .then(pl.lit("iso"))
        .when(pl.col("dmy_y").is_not_null())
        .then(pl.lit("dmy"))
        .when(pl.col("w_y").is_not_null())
        .then(pl.lit("words"))
    )
    parts = parts.with_columns(form.alias("form")).with_columns(
        *(
            pl.when(pl.col("form") == "iso")
            .then(pl.col(f"iso_{p}"))
            .when(pl.col("form") == "dmy")
            .then(pl.col(f"dmy_{p}"))
            .otherwise(pl.col(f"w_{p}"))
            .alias(p)
            for p in ("y", "m", "d")
        )
    )
    month_ok = pl.col("m").is_between(1, 12)
    year_ok = pl.col("y").is_between(1000, 2999)
    first = pl.date(
        pl.when(year_ok).then(pl.col("y")).otherwise(2000),
        pl.when(month_ok).then(pl.col("m")).otherwise(1),
        1,
    )
    last_day = first.dt.month_end().dt.day().cast(pl.Int32)
    text = pl.col("text")
    problem = (
        pl.when(text.is_null())
        .then(None)
        .when(
            pl.col("form").is_null()
            & pl.col("serial").is_not_null()
            & (pl.col("serial") < FIRST_SERIAL)
        )
        .then(pl.lit("small_serial|") + pl.col("serial").cast(pl.String))
        .when(pl.col("form").is_null())
        .then(pl.lit("unreadable"))
        .when((pl.col("form") == "words") & pl.col("m").is_null())
        .then(pl.lit("bad_month|") + pl.col("w_text").str.strip_chars())
        .when(~month_ok)
        .then(pl.lit("bad_month|") + pl.col("m").cast(pl.String))
        .when(pl.col("y") < 1000)
        .then(pl.lit("too_early"))
        .when(~year_ok)
        .then(pl.lit("unreadable"))
        .when((pl.col("d") < 1) | (pl.col("d") > last_day))
        .then(
            pl.concat_str(
                [pl.lit("no_such_day"), pl.col("d"), pl.col("m"), pl.col("y") + 543], separator="|"
            )
        )
        .when(pl.col("y") < 1950)
        .then(pl.lit("too_early"))
        .otherwise(pl.lit("unreadable"))
    )
    return parts.select(problem).to_series().alias(values.name)


def parse_fiscal_year(e: pl.Expr) -> pl.Expr:
    """A fiscal year as B.E. (Int32): '2559', '๒๕๕๙', '59' -> 2559; C.E. '2016' -> 2559."""
    text = arabic_digits(clean_text(e)).str.replace(r"^(?:ปีงบประมาณ|ปีงบ|พ\.ศ\.|FY)\s*", "")
    text = text.str.replace(r"\.0+$", "")
    digits = text.str.extract(r"^([0-9]{2}|[0-9]{4})$", 1)
    year = digits.cast(pl.Int32, strict=False)
    be = (
        pl.when(digits.str.len_chars() == 2)
        .then(year + 2500)
        .when(year >= 2400)
        .then(year)
        .otherwise(year + 543)
    )
    return pl.when(be.is_between(2480, 2700)).then(be).otherwise(None).cast(pl.Int32)


def fiscal_year(e: pl.Expr) -> pl.Expr:
    """Buddhist Era fiscal year (October to September) of a date."""
    starts_next_year = (e.dt.month() >= 10).cast(pl.Int32)
    return (e.dt.year().cast(pl.Int32) + starts_next_year + 543).cast(pl.Int32)


def parse_enum(e: pl.Expr, values: dict[str, str]) -> pl.Expr:
    """The English key of an enum value given as the key or its Thai label; else null."""
    text = clean_text(e)
    lookup: dict[str, str] = {}
    for key, thai in values.items():
        lookup[key.lower()] = key
        lookup[key.lower().replace("_", " ")] = key
        lookup[key.lower().replace("_", "-")] = key
        lookup[thai] = key
        lookup[re.sub(r"\s", "", thai)] = key
    if set(values) == {"M", "F", "X"}:
        lookup.update(GENDER_WORDS)
    lowered = text.str.to_lowercase().str.replace_all(r"\s+", " ")
    return pl.coalesce(
        lowered.replace_strict(lookup, default=None, return_dtype=pl.String),
        text.str.replace_all(r"\s", "").replace_strict(
            lookup, default=None, return_dtype=pl.String
        ),
    )


def citizen_id(e: pl.Expr) -> pl.Expr:
    """The 13 digits of a citizen ID (spaces and dashes dropped), or null."""
    digits = arabic_digits(clean_text(e)).str.replace_all(r"[\s\-]", "")
    return pl.when(digits.str.contains(r"^[0-9]{13}$")).then(digits).otherwise(None)


def citizen_id_valid(e: pl.Expr) -> pl.Expr:
    """Whether 13 digits carry a valid check digit: (11 - Σ dᵢ·(14−i) mod 11) mod 10."""
    total = pl.sum_horizontal(
        e.str.slice(i, 1).cast(pl.Int32, strict=False) * (13 - i) for i in range(12)
    )
    check = e.str.slice(12, 1).cast(pl.Int32, strict=False)
    return ((11 - total % 11) % 10) == check


def header_key(text: str) -> str:
    """A header as compared: lowercase, no zero-width or trailing '*', single spaces."""
    text = re.sub(f"[{ZERO_WIDTH}]", "", str(text)).replace("\u00a0", " ")
    text = formats.arabic_digits(text)
    text = re.sub(r"\s+", " ", text).strip().rstrip("*").strip().lower()
    return text
