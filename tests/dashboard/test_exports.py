"""Workbooks say what they hold: a title block (what, province, fiscal year, data as of, filters),
filter buttons over the table, units in the headers, sheet names in the page's language, and a
file name naming the province and the year."""

from __future__ import annotations

import base64
import io
from datetime import datetime
from typing import Any

import openpyxl

from dashboard import exports
from tests.dashboard.conftest import call
from tests.dashboard.support import table_of

COLUMNS = [
    {"field": "name", "headerName": "ชมรม"},
    {"field": "share", "headerName": "การเข้าประชุม", "format": "percent"},
    {"field": "change", "headerName": "เปลี่ยนจากปีก่อน", "format": "points"},
]
ROWS = [
    {"name": "ชมรมหนึ่ง", "share": 0.5, "change": 3.0},
    {"name": "=1+1", "share": 0.75, "change": -1.5},
]


def test_a_workbook_has_its_title_block_then_a_filtered_table_with_units() -> None:
    title = exports.title(
        "th",
        "จัดอันดับชมรม",
        "62",
        2568,
        datetime(2026, 11, 21, 9, 1),
        [("อำเภอ", "คลองขลุง")],
    )
    book = openpyxl.load_workbook(
        io.BytesIO(exports.workbook(ROWS, COLUMNS, "จัดอันดับ: ชมรม/ทั้งหมด", title, "th"))
    )
    assert book.sheetnames == ["จัดอันดับ  ชมรม ทั้งหมด"]  # what a sheet's name may not hold, dropped
    sheet = book.active
    block = list(sheet.iter_rows(min_row=1, max_row=6, max_col=2, values_only=True))
    assert block == [
        ("จัดอันดับชมรม", None),
        ("จังหวัด", "กำแพงเพชร"),
        ("ปีงบประมาณ", "ปีงบประมาณ 2568"),
        ("ข้อมูล ณ", "21 พ.ย. 2569 09:01"),
        ("อำเภอ", "คลองขลุง"),
        (None, None),
    ]
    assert sheet.auto_filter.ref == "A7:C9"  # the headers and both rows, nothing of the title
    assert sheet.freeze_panes == "A8"  # the headers stay in view
    assert table_of(sheet) == [
        ("ชมรม", "การเข้าประชุม (%)", "เปลี่ยนจากปีก่อน (จุด)"),
        ("ชมรมหนึ่ง", 0.5, 3),
        ("'=1+1", 0.75, -1.5),  # text, never a formula
    ]


def test_a_title_blocks_sign_off_row_follows_the_data_date() -> None:
    title = exports.title(
        "th", "ตารางคะแนนมาตรฐาน", None, 2568, datetime(2026, 11, 21, 9, 1),
        [("ตัวกรอง", "ไม่มี")], ("การรับรองข้อมูล", "รับรองแล้ว 8 จาก 11 อำเภอ"),
    )  # fmt: skip
    assert [label for label, _said in title.rows] == [
        "จังหวัด", "ปีงบประมาณ", "ข้อมูล ณ", "การรับรองข้อมูล", "ตัวกรอง",
    ]  # fmt: skip
    sheet = openpyxl.load_workbook(io.BytesIO(exports.workbook(ROWS, COLUMNS, "x", title))).active
    assert sheet.cell(5, 2).value == "รับรองแล้ว 8 จาก 11 อำเภอ"


def test_a_workbook_without_a_title_starts_with_its_headers() -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(exports.workbook(ROWS, COLUMNS, "x"))).active
    assert sheet.auto_filter.ref == "A1:C3" and sheet.cell(1, 3).value == "เปลี่ยนจากปีก่อน (จุด)"


def test_file_names_say_what_where_and_when() -> None:
    assert exports.file_name("leaderboard", "62", 2568) == (
        "tonbaeb-leaderboard-kamphaeng-phet-2568.xlsx"
    )
    assert exports.file_name("scorecard", None, 2567) == "tonbaeb-scorecard-thailand-2567.xlsx"
    assert exports.sheet_name("a" * 40) == "a" * 31


def test_the_leaderboard_and_scorecard_downloads_carry_their_title_in_the_language(
    client_as: Any,
) -> None:
    client = client_as("director62")
    graph = client.get("/_dash-dependencies").json
    for output, state, button, sheet_th, sheet_en in (
        ("leaderboard-download", "leaderboard-state", "leaderboard-download-button",
         "จัดอันดับชมรม", "Leaderboard"),
        ("scorecard-download", "scorecard-state", "scorecard-download-button",
         "ตารางคะแนนมาตรฐาน", "Scorecard"),
    ):  # fmt: skip
        download = next(d for d in graph if d["output"] == f"{output}.data")
        for lang, sheet_name, province, as_of, signed in (
            ("th", sheet_th, "กำแพงเพชร", "ข้อมูล ณ", ("การรับรองข้อมูล", "รับรองแล้ว 2 จาก 2 อำเภอ")),
            ("en", sheet_en, "Kamphaeng Phet", "Data as of", ("Sign-off", "Approved: 2 of 2 districts")),
        ):  # fmt: skip
            values = {
                f"{button}.n_clicks": 1,
                f"{state}.data": {"province": "62", "fy": 2568, "lang": lang, "meets": "yes"},
            }
            sent = call(client, download, values).json["response"][output]["data"]
            assert sent["filename"] == f"tonbaeb-{output.split('-')[0]}-kamphaeng-phet-2568.xlsx"
            book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(sent["content"])))
            assert book.sheetnames == [sheet_name]
            sheet = book.active
            block = {r[0]: r[1] for r in sheet.iter_rows(max_row=6, max_col=2, values_only=True)}
            assert sheet.cell(1, 1).value == sheet_name
            assert province in block.values() and block[as_of]  # when the data was published
            assert block[signed[0]] == signed[1]  # every district's year approved in this home
            assert len(table_of(sheet)) > 1 and sheet.auto_filter.ref
            if output.startswith("leaderboard"):  # the filter applied is named
                assert ("ผ่านมาตรฐาน" if lang == "th" else "Meets") in str(block)
