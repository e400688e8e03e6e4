"""Every normaliser, table-driven, with every date form the contract lists."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from etl import normalise as nz
from etl.schemas import GENDERS, NETWORK_TYPES, ROLES


def one(expr: pl.Expr, value: str | None) -> object:
    return pl.DataFrame({"v": [value]}, schema={"v": pl.String}).select(expr).item()


@pytest.mark.parametrize(
    "text",
    [
        "15/03/2559",
        "15/3/59",
        "2016-03-15",
        "15 มี.ค. 2559",
        "15 มีนาคม 59",
        "๑๕ มี.ค. ๕๙",
        "15-03-2559",
        "15.03.2559",
        "15/03/2016",
        "15 มี.ค 2559",
        "15 มีค 2559",
        "2016-03-15 00:00:00",  # a real spreadsheet date, as the workbook reader gives it
        "42444",  # an Excel serial number
        "\u00a015/03/2559\u200b ",
        "วันอังคารที่ ๑๕ มีนาคม พ.ศ. ๒๕๕๙",
        "15 Mar 2016",
    ],
)
def test_dates_in_any_spelling(text: str) -> None:
    assert one(nz.parse_date(pl.col("v")), text) == date(2016, 3, 15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("29/02/2559", date(2016, 2, 29)),  # B.E. 2559 = 2016, a leap year
        ("29/02/2558", None),
        ("31/02/2560", None),
        ("15 กรกฏาคม 2559", date(2016, 7, 15)),  # a common misspelling
        ("1 พฤษจิกายน 2559", date(2016, 11, 1)),
        ("1 ต.ค 58", date(2015, 10, 1)),
        ("32/01/2559", None),
        ("15/13/2559", None),
        ("not a date", None),
        ("", None),
        (None, None),
    ],
)
def test_date_edge_cases(text: str | None, expected: date | None) -> None:
    assert one(nz.parse_date(pl.col("v")), text) == expected


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [
        (date(2015, 9, 30), 2558),
        (date(2015, 10, 1), 2559),
        (date(2016, 9, 30), 2559),
        (date(2016, 10, 1), 2560),
    ],
)
def test_fiscal_year_turns_on_the_first_of_october(day: date, fiscal_year: int) -> None:
    result = pl.DataFrame({"d": [day]}).select(nz.fiscal_year(pl.col("d"))).item()
    assert result == fiscal_year


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2559", 2559),
        ("๒๕๕๙", 2559),
        ("59", 2559),
        ("2016", 2559),
        ("ปีงบประมาณ 2559", 2559),
        ("2559.0", 2559),
        ("abc", None),
        ("1900", None),
    ],
)
def test_fiscal_year_text(text: str, expected: int | None) -> None:
    assert one(nz.parse_fiscal_year(pl.col("v")), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12),
        ("๑๒", 12),
        ("1,234", 1234),
        ("12.0", 12),
        ("12.5", None),
        ("สิบ", None),
        (" 7 ", 7),
    ],
)
def test_whole_numbers(text: str, expected: int | None) -> None:
    assert one(nz.parse_int(pl.col("v")), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  ชมรม\u00a0 ", "ชมรม"),
        ("\u200bชมรม\u200b", "ชมรม"),
        ("ชม\u200bรม", "ชมรม"),
        ("\ufeffclub", "club"),
        ("   ", None),
        ("", None),
    ],
)
def test_clean_text(text: str, expected: str | None) -> None:
    assert one(nz.clean_text(pl.col("v")), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("๖๒๐๕-๐๐๑", "6205-001"), ("620501.0", "620501"), (" 6205-001 ", "6205-001"), ("M01", "M01")],
)
def test_codes(text: str, expected: str) -> None:
    assert one(nz.code(pl.col("v")), text) == expected


@pytest.mark.parametrize(
    ("values", "text", "expected"),
    [
        (NETWORK_TYPES, "cdv_club", "cdv_club"),
        (NETWORK_TYPES, "CDV Club", "cdv_club"),
        (NETWORK_TYPES, "ชมรมอาสาพัฒนาชุมชน", "cdv_club"),
        (NETWORK_TYPES, "เครือข่ายผู้ผลิตผู้ประกอบการ OTOP", "otop"),
        (NETWORK_TYPES, "football", None),
        (ROLES, "เหรัญญิก", "treasurer"),
        (ROLES, "Vice Chair", "vice_chair"),
        (GENDERS, "หญิง", "F"),
        (GENDERS, "m", "M"),
    ],
)
def test_enum_values_in_english_or_thai(
    values: dict[str, str], text: str, expected: str | None
) -> None:
    assert one(nz.parse_enum(pl.col("v"), values), text) == expected


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("1620500001238", True),  # the domain brief's worked example
        ("1-6205-00001-23-8", True),
        ("๑๖๒๐๕๐๐๐๐๑๒๓๘", True),
        ("1620500001237", False),
    ],
)
def test_citizen_id_checksum(text: str, valid: bool) -> None:
    frame = pl.DataFrame({"v": [text]}).select(nz.citizen_id(pl.col("v")).alias("id"))
    assert frame.select(nz.citizen_id_valid(pl.col("id"))).item() is valid


@pytest.mark.parametrize("text", ["162050000123", "16205000012380", "16205OOOO1238"])
def test_citizen_id_that_is_not_thirteen_digits_is_null(text: str) -> None:
    assert one(nz.citizen_id(pl.col("v")), text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Club_ID *", "club_id"),
        ("  รหัสชมรม*", "รหัสชมรม"),
        ("ชื่อ\u00a0ชมรม", "ชื่อ ชมรม"),
        ("NAME", "name"),
    ],
)
def test_header_keys(text: str, expected: str) -> None:
    assert nz.header_key(text) == expected
