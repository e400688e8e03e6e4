"""Rows as the grids show them, and workbooks that are safe to open.

A cell that begins with =, +, -, @, a tab or a carriage return would be taken
as a formula by a spreadsheet; such text is written with a leading apostrophe
and always as a string cell.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import polars as pl
import xlsxwriter

from dashboard import i18n

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PASS, FAIL = "✓", "✗"


def neutralised(value: object) -> object:
    """Text that cannot run as a spreadsheet formula; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def workbook(rows: Sequence[dict[str, object]], columns: Sequence[dict[str, str]], sheet: str = "tonbaeb") -> bytes:
    """An .xlsx of the rows, one column per column definition, headers as shown."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    ws = book.add_worksheet(sheet[:31])
    bold = book.add_format({"bold": True})
    for c, column in enumerate(columns):
        ws.write_string(0, c, str(column["headerName"]), bold)
    for r, row in enumerate(rows, start=1):
        for c, column in enumerate(columns):
            value = row.get(column["field"])
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int | float):
                ws.write_string(r, c, str(neutralised(str(value))))
            else:
                ws.write_number(r, c, value)
    book.close()
    return buffer.getvalue()


def leaderboard_columns(lang: str) -> list[dict[str, str]]:
    """Column definitions of the leaderboard (grid and workbook alike)."""
    t = lambda key: i18n.t(key, lang)  # noqa: E731
    columns = [
        {"field": "rank", "headerName": t("rank")},
        {"field": "name", "headerName": t("name")},
        {"field": "district", "headerName": t("district")},
        {"field": "network", "headerName": t("network_type")},
        {"field": "score", "headerName": t("score")},
        {"field": "meets_standard", "headerName": t("meets_share")},
    ]
    columns += [{"field": key, "headerName": i18n.criterion(key, lang)} for key in i18n.CRITERIA]
    columns += [
        {"field": "years_meeting", "headerName": t("years_meeting")},
        {"field": "attendance", "headerName": t("attendance")},
        {"field": "score_change", "headerName": t("score_change")},
        {"field": "club_id", "headerName": "ID"},
    ]
    return columns


def leaderboard_rows(frame: pl.DataFrame, lang: str) -> list[dict[str, object]]:
    """Leaderboard rows with names, marks and percentages as a person reads them."""
    rows = []
    for row in frame.iter_rows(named=True):
        shown: dict[str, object] = {
            "rank": row["rank"],
            "name": row["name"],
            "district": i18n.district_name(row["district_code"], lang),
            "district_code": row["district_code"],
            "network": i18n.network(row["network_type"], lang),
            "score": round(row["score"], 1),
            "meets_standard": i18n.t("meets" if row["meets_standard"] else "not_meets", lang),
            "years_meeting": row["years_meeting"],
            "attendance": i18n.percent(row["attendance_rate"], lang),
            "score_change": None if row["score_change"] is None else round(row["score_change"], 1),
            "club_id": row["club_id"],
        }
        shown |= {key: PASS if row[key] else FAIL for key in i18n.CRITERIA}
        rows.append(shown)
    return rows
