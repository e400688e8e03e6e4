"""The district's entry workbook (แบบฟอร์มนำเข้าข้อมูล): the six sheets, ready to fill or pre-filled.

Each sheet is named and headed in Thai as the contract labels it (a trailing `*` marks a
required column, which the reader ignores), with the English name and the rules in a note
and an input message on every header and cell. Enumerated columns get drop-down lists of
their Thai labels, subdistrict codes a list of the district's own (the `ตำบล` sheet names
them), date columns a Thai Buddhist-calendar format. Every value comes from etl/schemas.py,
so the workbook and the reader cannot disagree; pre-filled text is written as text, never
as a formula. What this writes loads through the ETL unchanged.
"""

from __future__ import annotations

import io
from datetime import date, datetime

import geothai
import polars as pl
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from etl.schemas import SHEETS, Column, Sheet

INSTRUCTIONS = "คำแนะนำ"
SUBDISTRICTS = "ตำบล"
BLANK_ROWS = 2000  # rows below the pre-filled ones that carry lists and messages
THAI_DATE = "[$-1070000]d/mm/yyyy"  # calendar 07: Thai Buddhist; shown as 15/03/2567
FIXED_TIME = datetime(2026, 1, 1)
WIDTHS = {"text": 28, "date": 14, "enum": 30, "code": 14}
KIND_HELP = {
    "text": "ข้อความ",
    "code": "รหัส (ตัวเลขไทยหรืออารบิกก็ได้)",
    "date": "วันที่ เช่น 15/03/2567 หรือ 15 มี.ค. 2567 (ปี พ.ศ.)",
    "int": "จำนวนเต็ม",
    "float": "ทศนิยม (องศา)",
    "fy": "ปีงบประมาณ พ.ศ. เช่น 2567",
    "enum": "เลือกจากรายการ",
    "citizen_id": "เลข 13 หลัก (ข้อมูลส่วนบุคคล)",
}
STEPS = (
    "แบบฟอร์มนี้ใช้ส่งข้อมูลชมรมและเครือข่ายของอำเภอเข้าระบบต้นแบบ ผ่านหน้า «ส่งข้อมูล» ของระบบ",
    "เปิดและกรอกด้วย Microsoft Excel หรือ LibreOffice Calc ก็ได้ บันทึกเป็น .xlsx หรือ .ods (OpenDocument) "
    "ระบบอ่านได้ทั้งสองแบบ",
    "กรอกหนึ่งแถวต่อหนึ่งรายการ ในแผ่นงาน ชมรม สมาชิก การประชุม รายชื่อผู้เข้าประชุม กิจกรรม และการบริหาร",
    "หัวคอลัมน์ที่มีเครื่องหมาย * ต้องกรอกทุกแถว อย่าแก้ไขหรือลบแถวหัวคอลัมน์ และอย่าเปลี่ยนชื่อแผ่นงาน",
    "ช่องที่มีรายการให้เลือก (ประเภทเครือข่าย ตำแหน่ง เพศ ประเภทการประชุม กิจกรรม และการบริหาร) ให้เลือกจากรายการ",
    "รหัสตำบลให้เลือกจากรายการ ชื่อตำบลดูได้ที่แผ่นงาน «ตำบล»",
    "วันที่กรอกเป็นปี พ.ศ. เช่น 15/03/2567 หรือ 15 มี.ค. 2567",
    "การส่งแต่ละครั้งจะแทนที่ข้อมูลทั้งหมดของอำเภอที่เคยส่งไว้ จึงต้องส่งข้อมูลครบทุกแผ่นงาน ไม่ใช่เฉพาะรายการใหม่",
    "แฟ้มที่มีข้อมูลเดิมเติมไว้ให้แล้ว ให้แก้ไขและเพิ่มเติมต่อจากข้อมูลเดิม อย่าลบข้อมูลเดิมที่ยังถูกต้อง",
    "ก่อนบันทึกจริง ระบบจะตรวจแฟ้มให้ก่อน (ทดลองนำเข้า) และแสดงแถวที่ผิดพร้อมเหตุผล ให้แก้ไขแล้วส่งใหม่ได้",
    "ชื่อ-สกุลและเลขประจำตัวประชาชนของสมาชิกเป็นข้อมูลส่วนบุคคล เก็บรักษาแฟ้มนี้ตาม พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล",
)


def workbook(province: str, district: str, records: dict[str, pl.DataFrame] | None = None) -> bytes:
    """The template for one district, pre-filled with `records` (contract columns per sheet)."""
    place = geothai.district(district)
    if place is None or place.province_code != province:
        raise ValueError(f"{district} is not a district of province {province}")
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    book.set_properties({"created": FIXED_TIME, "title": f"แบบฟอร์มนำเข้าข้อมูล อำเภอ{place.name_th}"})
    formats = {
        "header": book.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}
        ),
        "required": book.add_format(
            {"bold": True, "bg_color": "#FCE4D6", "border": 1, "text_wrap": True, "valign": "top"}
        ),
        "date": book.add_format({"num_format": THAI_DATE}),
        "text": book.add_format({"num_format": "@"}),
        "title": book.add_format({"bold": True, "font_size": 14}),
        "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
    }
    subdistricts = sorted(geothai.subdistricts(district), key=lambda s: s.code)
    _instructions(book.add_worksheet(INSTRUCTIONS), formats, place, records is not None)
    for sheet in SHEETS:
        frame = records.get(sheet.name) if records else None
        _sheet(book.add_worksheet(sheet.thai), formats, sheet, frame, len(subdistricts))
    _subdistricts(book.add_worksheet(SUBDISTRICTS), formats, subdistricts)
    book.close()
    return buffer.getvalue()


def _instructions(
    ws: Worksheet, formats: dict[str, Format], place: geothai.District, prefilled: bool
) -> None:
    ws.set_column(0, 0, 110, formats["wrap"])
    ws.write_string(
        0, 0, f"แบบฟอร์มนำเข้าข้อมูล · อำเภอ{place.name_th} ({place.code})", formats["title"]
    )
    note = "มีข้อมูลที่ส่งครั้งล่าสุดเติมไว้ให้แล้ว" if prefilled else "แบบฟอร์มเปล่า"
    ws.write_string(1, 0, note)
    for n, step in enumerate(STEPS, start=3):
        ws.write_string(n, 0, f"{n - 2}. {step}")
    row = len(STEPS) + 4
    for sheet in SHEETS:
        ws.write_string(row, 0, f"แผ่นงาน «{sheet.thai}» ({sheet.name})", formats["title"])
        row += 1
        for column in sheet.columns:
            ws.write_string(row, 0, f"• {_label(column)} ({column.name}): {_help(column)}")
            row += 1
        row += 1


def _sheet(
    ws: Worksheet,
    formats: dict[str, Format],
    sheet: Sheet,
    frame: pl.DataFrame | None,
    subdistricts: int,
) -> None:
    rows = frame.height if frame is not None else 0
    last = rows + BLANK_ROWS
    ws.freeze_panes(1, 0)
    ws.set_row(0, 36)
    for c, column in enumerate(sheet.columns):
        ws.write_string(0, c, _label(column), formats["required" if column.required else "header"])
        ws.write_comment(0, c, f"{column.name}\n{_help(column)}", {"x_scale": 2, "y_scale": 1.5})
        ws.set_column(
            c,
            c,
            WIDTHS.get(column.kind, 16),
            formats["date"] if column.kind == "date" else formats["text"],
        )
        _validate(ws, c, column, last, subdistricts)
        if frame is not None and rows:
            _write_column(ws, c, column, frame[column.name], formats)


def _validate(ws: Worksheet, c: int, column: Column, last: int, subdistricts: int) -> None:
    """A drop-down, a date check or only the input message, on the column's cells and header."""
    message = {"input_title": column.name[:32], "input_message": _help(column)[:255]}
    ws.data_validation(0, c, 0, c, {"validate": "any"} | message)
    rule: dict[str, object]
    if column.kind == "enum" and column.values:
        rule = {
            "validate": "list",
            "source": list(column.values.values()),
            "error_type": "stop",
            "error_message": "เลือกค่าจากรายการ",
        }
    elif column.name == "subdistrict_code":
        rule = {
            "validate": "list",
            "source": f"='{SUBDISTRICTS}'!$A$2:$A${subdistricts + 1}",
            "error_type": "stop",
            "error_message": "รหัสตำบลต้องเป็นตำบลในอำเภอนี้ (ดูแผ่นงาน ตำบล)",
        }
    elif column.kind == "date":
        rule = {
            "validate": "date",
            "criteria": "between",
            "minimum": date(1950, 1, 1),
            "maximum": date(2100, 12, 31),
            "error_type": "warning",
            "error_message": "วันที่ไม่ถูกต้อง ใช้รูปแบบ 15/03/2567",
        }
    else:
        rule = {"validate": "any"}
    ws.data_validation(1, c, last, c, rule | message)


def _write_column(
    ws: Worksheet, c: int, column: Column, values: pl.Series, formats: dict[str, Format]
) -> None:
    labels = column.values or {}
    for r, value in enumerate(values.to_list(), start=1):
        if value is None:
            continue
        if isinstance(value, date):
            ws.write_datetime(r, c, datetime(value.year, value.month, value.day), formats["date"])
        else:
            ws.write_string(r, c, labels.get(str(value), str(value)))


def _subdistricts(
    ws: Worksheet, formats: dict[str, Format], subdistricts: list[geothai.Subdistrict]
) -> None:
    for c, (title, width) in enumerate((("รหัสตำบล", 12), ("ชื่อตำบล", 30), ("name", 30))):
        ws.write_string(0, c, title, formats["header"])
        ws.set_column(c, c, width, formats["text"])
    for r, place in enumerate(subdistricts, start=1):
        ws.write_string(r, 0, place.code)
        ws.write_string(r, 1, place.name_th)
        ws.write_string(r, 2, place.name_en)


def _label(column: Column) -> str:
    return f"{column.thai} *" if column.required else column.thai


def _help(column: Column) -> str:
    text = KIND_HELP[column.kind] + (" · จำเป็นต้องกรอก" if column.required else " · ไม่บังคับ")
    if column.values:
        text += ": " + ", ".join(column.values.values())
    if column.name == "partner_org":
        text += " · ต้องกรอกเมื่อประเภทกิจกรรมคือ ร่วมกับองค์กรภาคี"
    if column.name == "attendees":
        text += " · เว้นว่างได้ถ้ามีรายชื่อในแผ่นงาน รายชื่อผู้เข้าประชุม"
    return text
