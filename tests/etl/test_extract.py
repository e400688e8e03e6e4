"""Reading submissions: workbooks, CSV folders, zips, headers in English or Thai, true row numbers."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import pytest

from etl.errors import BadFile
from etl.extract import read_submission
from tests.etl.support import workbook

CLUB_HEADER = ["club_id", "name", "network_type", "subdistrict_code"]


def test_thai_sheet_names_and_headers_map_to_contract_names() -> None:
    data = workbook(
        {
            "ชมรม": [
                ["รหัสชมรม *", " ชื่อชมรม", "ประเภทเครือข่าย", "รหัสตำบล"],
                ["6205-001", "ก", "otop", "620501"],
            ],
            "การประชุม": [
                ["รหัสชมรม", "รหัสการประชุม", "วันที่ประชุม", "ประเภท"],
                ["6205-001", "M1", datetime(2016, 3, 15), "regular"],
            ],
        }
    )
    sheets = read_submission({"6205.xlsx": data})
    assert sorted(sheets) == ["clubs", "meetings"]
    clubs = sheets["clubs"].frame
    assert clubs.select("row_number", "club_id", "name").rows() == [(2, "6205-001", "ก")]
    assert sheets["meetings"].frame["held_on"].to_list() == ["2016-03-15 00:00:00"]


def test_row_numbers_count_empty_rows_above_and_between() -> None:
    rows = [
        CLUB_HEADER,
        ["6205-001", "ก", "otop", "620501"],
        [None] * 4,
        ["6205-002", "ข", "otop", "620501"],
    ]
    sheets = read_submission({"6205.xlsx": workbook({"clubs": rows}, first_row=2)})
    assert sheets["clubs"].frame.select("row_number", "club_id").rows() == [
        (4, "6205-001"),
        (6, "6205-002"),
    ]


def test_csv_blank_lines_keep_row_numbers() -> None:
    text = "club_id,name,network_type,subdistrict_code\n6205-001,ก,otop,620501\n\n  \n6205-002,ข,otop,620501\n"
    sheets = read_submission({"clubs.csv": text.encode()})
    assert sheets["clubs"].frame.select("row_number", "club_id").rows() == [
        (2, "6205-001"),
        (5, "6205-002"),
    ]


def test_unknown_columns_are_ignored_and_missing_required_ones_reported() -> None:
    text = "club_id,name,extra\n6205-001,ก,x\n"
    with pytest.raises(BadFile, match=r"no network_type, subdistrict_code column.*'extra'"):
        read_submission(
            {"clubs.csv": text.encode()}
        )  # a required column missing, a header not understood
    clubs = read_submission({"clubs.csv": b"club_id,name\n6205-001,x\n"})["clubs"]
    assert clubs.missing == ["network_type", "subdistrict_code"]
    clubs = read_submission(
        {"clubs.csv": b"club_id,name,network_type,subdistrict_code,extra\n1,x,otop,620501,y\n"}
    )["clubs"]
    assert "extra" not in clubs.frame.columns
    assert clubs.unknown == ("extra",)


def test_zip_of_a_folder_reads_like_the_folder() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "6205/clubs.csv", "club_id,name,network_type,subdistrict_code\n6205-001,ก,otop,620501\n"
        )
        archive.writestr(
            "6205/สมาชิก.csv",
            "รหัสชมรม,รหัสสมาชิก,ชื่อ-สกุล,ตำแหน่ง,วันที่เข้าเป็นสมาชิก\n6205-001,1,ก ข,member,1/1/2560\n",
        )
    sheets = read_submission({"6205.zip": buffer.getvalue()})
    assert sorted(sheets) == ["clubs", "members"]


@pytest.mark.parametrize(
    ("files", "problem"),
    [
        ({"6205.xlsx": b"not a workbook"}, "not a readable workbook"),
        ({"6205.zip": b"PK garbage"}, "not a readable zip"),
        ({"members.csv": b"club_id\n1\n"}, "no clubs sheet"),
    ],
)
def test_unreadable_submissions_name_the_file(files: dict[str, bytes], problem: str) -> None:
    with pytest.raises(BadFile) as error:
        read_submission(files)
    assert problem in str(error.value)
    assert next(iter(files)) in str(error.value)
