"""What the ETL's tests share (not a test module): a workbook written from rows, and a district's
published records as a reader sees them. Fixtures are in conftest.py; crafted files in
hostile.py and ods_files.py.
"""

from __future__ import annotations

import io
from datetime import datetime

import xlsxwriter

from core.home import Home
from warehouse.connection import reading


def workbook(sheets: dict[str, list[list[object]]], first_row: int = 0) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, datetime):
                    sheet.write_datetime(first_row + r, c, value, dates)
                elif value is not None:
                    sheet.write(first_row + r, c, value)
    book.close()
    return buffer.getvalue()


def published(home: Home, district: str) -> dict[str, list[tuple]]:
    """Every record table's rows of a district, as a reader sees them."""
    with reading(home, "62") as (con, _version):
        return {
            table: sorted(
                con.execute(
                    f"select * exclude (batch_id) from {table} where district_code = ?", [district]
                ).fetchall(),
                key=repr,
            )
            for table in ("clubs", "members", "meetings", "attendance", "activities", "governance")
        }
