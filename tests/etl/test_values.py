"""Values a person types: numbers that are no whole number in range, dates in every form the
contract allows (B.E. ISO, a time after the date, `-` and `.`, misspelt months) and the
implausible ones; error cells. Each rule is a row of a table, judged through validate."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from etl import normalise as nz
from etl import validate
from etl.extract import read_submission
from tests.conftest import TODAY


def one(expr: pl.Expr, value: str | None) -> object:
    return pl.DataFrame({"v": [value]}, schema={"v": pl.String}).select(expr).item()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12),
        ("๑๒", 12),
        ("1,200", 1200),
        ("12.0", 12),
        ("2147483647", 2**31 - 1),
        ("2147483648", None),  # too large for the warehouse's integer column
        ("99999999999999999999", None),
        ("1e400", None),
        ("1e10", None),
        ("NaN", None),
        ("nan", None),
        ("inf", None),
        ("-inf", None),
        ("Infinity", None),
        ("12.5", None),
        ("twelve", None),
    ],
)
def test_whole_numbers_in_range(text: str, expected: int | None) -> None:
    assert one(nz.parse_int(pl.col("v")), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13.75", 13.75),
        ("NaN", None),
        ("inf", None),
        ("1e400", None),
        ("-1e400", None),
        ("1e5", 1e5),
    ],
)
def test_decimals_are_finite(text: str, expected: float | None) -> None:
    assert one(nz.parse_float(pl.col("v")), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2560-01-01", date(2017, 1, 1)),  # B.E. in ISO form: the contract's rule
        ("2559-02-29", date(2016, 2, 29)),
        ("2559-02-29 00:00:00", date(2016, 2, 29)),  # a date cell whose year was typed as B.E.
        ("2017-01-01", date(2017, 1, 1)),
        ("2560/01/01", date(2017, 1, 1)),
        ("15/07/2565 09:00", date(2022, 7, 15)),
        ("15/07/2565 09:00:01", date(2022, 7, 15)),
        ("15/07/2565 9.00 น.", date(2022, 7, 15)),
        ("15 ก.ค. 2565 09:00:01", date(2022, 7, 15)),
        ("2022-07-15T09:00:00", date(2022, 7, 15)),
        ("15-07-2565", date(2022, 7, 15)),
        ("15.07.2565", date(2022, 7, 15)),
        ("15-ก.ค.-2565", date(2022, 7, 15)),
        ("15-Jul-2022", date(2022, 7, 15)),
        ("15 กรกฏาคม 2565", date(2022, 7, 15)),  # misspellings domain.md lists
        ("1 พฤษจิกายน 2564", date(2021, 11, 1)),
        ("15 มี.ค 2565", date(2022, 3, 15)),  # the last dot missing
        ("1 ต.ค 2564", date(2021, 10, 1)),
        ("15 เม.ย 65", date(2022, 4, 15)),
        ("44757", date(2022, 7, 15)),  # an Excel serial
        ("42", None),  # a bare small number is no date (serial 42 = 10 Feb 1900)
        ("18263", None),  # 31 Dec 1949
        ("18264", date(1950, 1, 1)),
    ],
)
def test_date_forms(text: str, expected: date | None) -> None:
    assert one(nz.parse_date(pl.col("v")), text) == expected


def meetings(values: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Validate one meeting row with these cells; {column: (reason, raw)} of its rejection."""
    header = ["club_id", "meeting_id", "held_on", "kind", "attendees"]
    cells = {
        "club_id": "C1",
        "meeting_id": "M1",
        "held_on": "15/07/2565",
        "kind": "regular",
        "attendees": "3",
    }
    cells |= values
    files = {
        "clubs.csv": "club_id,name,network_type,subdistrict_code\nC1,ก,otop,620501\n".encode(),
        "meetings.csv": (
            ",".join(header) + "\n" + ",".join(cells[h] for h in header) + "\n"
        ).encode(),
    }
    checked = validate.submissions({"6205": read_submission(files)}, TODAY)
    rejected = checked["meetings"].rejected
    assert checked["meetings"].accepted.height + rejected.height == 1
    return {
        r["column_name"]: (r["reason_code"], r["raw_value"]) for r in rejected.iter_rows(named=True)
    }


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({}, {}),
        ({"attendees": "NaN"}, {"attendees": ("bad_number", "NaN")}),
        ({"attendees": "inf"}, {"attendees": ("bad_number", "inf")}),
        ({"attendees": "1e400"}, {"attendees": ("bad_number", "1e400")}),
        (
            {"attendees": "99999999999999999999"},
            {"attendees": ("bad_number", "99999999999999999999")},
        ),
        ({"attendees": "3000000000"}, {"attendees": ("bad_number", "3000000000")}),
        ({"attendees": "-1"}, {"attendees": ("bad_number", "-1")}),
        ({"held_on": "2560-01-01"}, {}),
        ({"held_on": "42"}, {"held_on": ("bad_date", "42")}),
        ({"held_on": "15/07/2492"}, {"held_on": ("bad_date", "15/07/2492")}),  # before 2493 B.E.
        ({"held_on": "15/07/1949"}, {"held_on": ("bad_date", "15/07/1949")}),
        ({"held_on": "15/07/2600"}, {"held_on": ("future_date", "15/07/2600")}),
        ({"held_on": "#N/A"}, {"held_on": ("bad_value", "#N/A")}),
        ({"kind": "#VALUE!"}, {"kind": ("bad_value", "#VALUE!")}),
        ({"meeting_id": "#REF!"}, {"meeting_id": ("bad_value", "#REF!")}),
        ({"attendees": "#DIV/0!"}, {"attendees": ("bad_value", "#DIV/0!")}),
        ({"attendees": "#NAME?"}, {"attendees": ("bad_value", "#NAME?")}),
        ({"attendees": "#NUM!"}, {"attendees": ("bad_value", "#NUM!")}),
        ({"attendees": "#NULL!"}, {"attendees": ("bad_value", "#NULL!")}),
        ({"attendees": "=SUM(A1:A3)"}, {"attendees": ("bad_value", "=SUM(A1:A3)")}),
        ({"kind": " #N/A\u200b"}, {"kind": ("bad_value", " #N/A\u200b")}),
        ({"meeting_id": '=""'}, {"meeting_id": ("bad_value", '=""')}),
        ({"meeting_id": "= 1"}, {}),  # '=' then a space: typed text, not a formula
        ({"meeting_id": "#1"}, {}),
    ],
)
def test_values_are_judged_never_a_crash(
    cells: dict[str, str], expected: dict[str, tuple[str, str]]
) -> None:
    assert meetings(cells) == expected


def test_founded_on_may_be_old() -> None:
    files = {
        "clubs.csv": "club_id,name,network_type,subdistrict_code,founded_on\n"
        "C1,ก,otop,620501,01/01/2480\nC2,ข,otop,620501,42\n".encode()
    }
    checked = validate.submissions({"6205": read_submission(files)}, TODAY)
    assert checked["clubs"].accepted["founded_on"].to_list() == [date(1937, 1, 1)]
    assert checked["clubs"].rejected.select("row_number", "reason_code").rows() == [(3, "bad_date")]
