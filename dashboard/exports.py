"""Rows as the grids show them, and workbooks that are safe to open and say what they hold.

Each sheet starts with a title block (what it is, the province, the fiscal year, when the data
was published, the filters applied), then the table with its headers (units in them: a share
"(%)", a change "(pts)") and filter buttons; the file is named by what it holds, its province
and its year (`file_name`).

A cell that begins with =, +, -, @, a tab or a carriage return would be taken as a
formula by a spreadsheet; such text is written with a leading apostrophe, and every
text cell is written as a string cell (never parsed as a formula or a link).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import polars as pl
import xlsxwriter

from core import formats
from core.texts import N_, _, ngettext, pgettext
from dashboard import context, province_picker, sign_off, terms
from dashboard.components import FAIL, PASS, shown
from etl import causes
from etl.extract import sheet_for
from warehouse import queries

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
Sheet = tuple[str, Sequence[dict[str, object]], Sequence[dict[str, str]]]  # name, rows, columns
WIDE = frozenset(
    {
        "name",
        "message",
        "source",
        "exemplar",
        "mentee",
        "helped",
        "notes",
        "why",
        "failed",
        "fallen",
        "cause",
    }
)  # columns of long text in a workbook
CRITERIA = tuple(terms.CRITERIA)
# Grid column -> the frame column the server sorts by.
SORT_COLUMNS = {
    "rank": "rank",
    "province": "province_code",
    "district": "district_code",
    "name": "name",
    "network": "network_type",
    "score": "score",
    "meets_standard": "meets_standard",
    "years_meeting": "years_meeting",
    "attendance": "attendance_rate",
    "score_change": "score_change",
    "club_id": "club_id",
    "steps_done": "steps_done",
    **{k: k for k in CRITERIA},
}


def neutralised(value: str) -> str:
    """Text that cannot run as a spreadsheet formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


@dataclass(frozen=True)
class Title:
    """What a workbook holds, written above each sheet's table: a heading, then (label, value) rows."""

    heading: str
    rows: tuple[tuple[str, str], ...] = ()


def title(
    lang: str,
    heading: str,
    province: str | None,
    fiscal_year: int | None,
    as_of: datetime | None,
    filters: Sequence[tuple[str, str]] = (),
    signed: tuple[str, str] | None = None,
    country: str | None = None,
) -> Title:
    """The title block: heading, province (or the whole country: `country`, the words with its
    coverage, "Whole country (2 of 77 provinces)"), fiscal year, data as of, the sign-off of its
    figures (`signed`: sign_off.title_row), filters."""
    rows = [
        (
            _(lang, "Province"),
            formats.province_name(province, lang)
            if province
            else (country or _(lang, "Whole country")),
        ),
        (
            _(lang, "Fiscal year"),
            formats.fiscal_year(fiscal_year, lang) if fiscal_year else formats.MISSING,
        ),
        (_(lang, "Data as of"), formats.moment(as_of, lang)),
        *([signed] if signed is not None else []),
        *filters,
    ]
    return Title(heading, tuple(rows))


def served_title(
    lang: str,
    heading: str,
    province: str | None,
    fiscal_year: int | None,
    filters: Sequence[tuple[str, str]] = (),
    *,
    only_approved: bool = False,
) -> Title:
    """The title block of what this user is served: "data as of" from the versions it covers,
    and how many districts' figures of the year are approved (`only_approved`: the export holds
    approved districts' figures alone)."""
    as_of = queries.published_at(context.home(), context.scope(), province)
    signed = (
        sign_off.title_row(lang, province, fiscal_year, only=only_approved)
        if isinstance(fiscal_year, int)
        else None
    )
    country = None if province else province_picker.whole_country(lang)
    return title(lang, heading, province, fiscal_year, as_of, filters, signed, country)


def file_name(kind: str, province: str | None, fiscal_year: int | None) -> str:
    """A workbook's file name: what, where and when ('tonbaeb-leaderboard-kamphaeng-phet-2568.xlsx')."""
    place = formats.province_name(province, "en") if province else "thailand"
    slug = re.sub(r"[^a-z0-9]+", "-", place.lower()).strip("-") or str(province)
    return f"tonbaeb-{kind}-{slug}-{fiscal_year or 'all'}.xlsx"


def sheet_name(text: str) -> str:
    """A sheet's name as a spreadsheet allows it: none of []:*?/\\, at most 31 characters."""
    return re.sub(r"[\[\]:*?/\\]", " ", text).strip()[:31] or "tonbaeb"


def workbook(
    rows: Sequence[dict[str, object]],
    columns: Sequence[dict[str, str]],
    sheet: str = "tonbaeb",
    title: Title | None = None,
    lang: str = "th",
) -> bytes:
    """An .xlsx of the rows, one column per column definition, with the headers as shown."""
    return workbook_of([(sheet, rows, columns)], title, lang)


UNITS = {"percent": "%", "points": N_("pts")}  # a column's number format -> its header's unit


def header(column: dict[str, str], lang: str) -> str:
    """A column's header with the unit of its numbers: 'Attendance (%)', 'Change (pts)'."""
    unit = UNITS.get(column.get("format", ""))
    name = str(column["headerName"])
    return f"{name} ({_(lang, unit)})" if unit else name


def workbook_of(sheets: Sequence[Sheet], title: Title | None = None, lang: str = "th") -> bytes:
    """An .xlsx with one sheet per (name, rows, column definitions): the title block (if any),
    then the headers as shown (with units) and filter buttons over the table."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    bold = book.add_format({"bold": True})
    big = book.add_format({"bold": True, "font_size": 14})
    # A column may ask for a number format: "percent" (a share 0-1 shown as 94%) or "points" (0.0).
    formats = {
        "percent": book.add_format({"num_format": "0.0%"}),
        "points": book.add_format({"num_format": "+0.0;-0.0;0.0"}),
    }
    for sheet, rows, columns in sheets:
        ws = book.add_worksheet(sheet_name(sheet))
        top = 0
        if title is not None:
            ws.write_string(0, 0, neutralised(title.heading), big)
            for n, (label, said) in enumerate(title.rows, start=1):
                ws.write_string(n, 0, neutralised(label), bold)
                ws.write_string(n, 1, neutralised(said))
            top = len(title.rows) + 2  # a blank row between the title block and the table
        for c, column in enumerate(columns):
            ws.write_string(top, c, neutralised(header(column, lang)), bold)
            ws.set_column(c, c, 14 if column["field"] not in WIDE else 36)
        for r, row in enumerate(rows, start=top + 1):
            for c, column in enumerate(columns):
                value = row.get(column["field"])
                if value is None:
                    continue
                if isinstance(value, int | float) and not isinstance(value, bool):
                    ws.write_number(r, c, value, formats.get(column.get("format", "")))
                else:
                    ws.write_string(r, c, neutralised(str(value)))
        if columns:
            ws.autofilter(top, 0, top + len(rows), len(columns) - 1)
        ws.freeze_panes(top + 1, 0)
    book.close()
    return buffer.getvalue()


def leaderboard_columns(
    lang: str, national: bool = False, *, workbook: bool = False
) -> list[dict[str, str]]:
    """Column definitions of the leaderboard: the ranking rule's columns first (score and its tie-breaks).

    The grid shows attendance as text (attendance_text, sorted as "attendance"); the workbook
    holds it as a number with a percent format, and each row's sign-off (sign_off.row_marks).
    """
    attendance = (
        {"field": "attendance", "headerName": _(lang, "Attendance"), "format": "percent"}
        if workbook
        else {
            "field": "attendance_text",
            "colId": "attendance",
            "headerName": _(lang, "Attendance"),
        }
    )
    columns = [
        {"field": "rank", "headerName": _(lang, "Rank")},
        {"field": "name", "headerName": pgettext(lang, "club name", "Club")},
        {"field": "score", "headerName": _(lang, "Score")},
        attendance,
        {"field": "years_meeting", "headerName": _(lang, "Years in a row")},
        {"field": "steps_done", "headerName": _(lang, "Steps 5–7 done")},
        {"field": "meets_standard", "headerName": _(lang, "Meet the standard")},
    ]
    if national:
        columns.append({"field": "province", "headerName": _(lang, "Province")})
    columns += [
        {"field": "district", "headerName": _(lang, "District")},
        {"field": "network", "headerName": _(lang, "Network type")},
    ]
    columns += [{"field": key, "headerName": terms.criterion(key, lang)} for key in CRITERIA]
    columns += [
        {"field": "score_change", "headerName": _(lang, "Change")},
        {"field": "club_id", "headerName": _(lang, "Club ID")},
    ]
    if workbook:  # each row's sign-off: whether its district's year is approved
        columns.append({"field": "sign_off", "headerName": _(lang, "Sign-off")})
    return columns


def leaderboard_rows(frame: pl.DataFrame, lang: str) -> list[dict[str, object]]:
    """Leaderboard rows with names, marks and percentages as a person reads them."""
    rows = []
    for row in frame.iter_rows(named=True):
        cells: dict[str, object] = {
            "key": f"{row['district_code']}/{row['club_id']}",
            "rank": row["rank"],
            "name": row["name"],
            "province": formats.province_name(row["province_code"], lang),
            "district": formats.district_name(row["district_code"], lang),
            "network": terms.network(row["network_type"], lang),
            "score": round(row["score"], 1),
            "meets_standard": _(lang, "Meets")
            if row["meets_standard"]
            else _(lang, "Does not meet"),
            "years_meeting": row["years_meeting"],
            "attendance": None
            if row["attendance_rate"] is None
            else round(row["attendance_rate"], 4),
            "attendance_text": shown(row["attendance_rate"], "attendance_rate", lang),
            "steps_done": row.get("steps_done"),
            "score_change": None if row["score_change"] is None else round(row["score_change"], 1),
            "club_id": row["club_id"],
        }
        cells |= {key: PASS if row[key] else FAIL for key in CRITERIA}
        rows.append(cells)
    return rows


def rejected_columns(lang: str, *, source: bool = True) -> list[dict[str, str]]:
    """Column definitions of rejected rows (grid and workbook alike): where, what, why, and the root cause."""
    keys = (
        "source",
        "sheet",
        "row_number",
        "column_name",
        "raw_value",
        "reason_code",
        "message",
        "cause",
    )
    labels = (
        N_("File"),
        N_("Sheet"),
        N_("Row"),
        N_("Column"),
        N_("Value"),
        N_("Reason"),
        N_("Message"),
        N_("Root cause"),
    )
    return [
        {"field": k, "headerName": _(lang, label)}
        for k, label in zip(keys, labels, strict=True)
        if source or k != "source"
    ]


def rejected_rows(
    frame: pl.DataFrame, lang: str, limit: int | None = None
) -> list[dict[str, object]]:
    """Rejected rows as a person reads them, root cause by root cause (etl.causes; the first `limit`):
    file name only, sheet and column as the template names them, reason and message in the language,
    and the row where the trouble began ("this row", or the rejected row it refers to)."""
    if frame.is_empty():
        return []
    message = "message_en" if lang == "en" else "message_th"
    rows = []
    for r in (
        causes.in_cause_order(frame)
        .head(limit if limit is not None else frame.height)
        .iter_rows(named=True)
    ):
        sheet = contract_sheet(r["sheet"])
        own = r["cause_sheet"] == r["sheet"] and r["cause_row"] == r["row_number"]
        rows.append({
            "source": formats.file_name(r["source"]), "sheet": terms.sheet_name(sheet, lang),
            "row_number": r["row_number"],
            "column_name": terms.column_name(sheet, r["column_name"], lang), "raw_value": r["raw_value"],
            "reason_code": terms.rejection(r["reason_code"], lang), "message": r[message],
            "cause": _(lang, "this row") if own else cause_at(r["cause_sheet"], r["cause_row"], lang),
        })  # fmt: skip
    return rows


def cause_columns(lang: str) -> list[dict[str, str]]:
    """Column definitions of the root causes (grid and workbook alike): how many rows each took, then the cell."""
    keys = ("fallen", "sheet", "row_number", "column_name", "raw_value", "reason_code", "message")
    labels = (
        N_("Cell → rows rejected"),
        N_("Sheet"),
        N_("Row"),
        N_("Column"),
        N_("Value"),
        N_("Reason"),
        N_("Message"),
    )
    return [
        {"field": k, "headerName": _(lang, label)} for k, label in zip(keys, labels, strict=True)
    ]


def cause_rows(frame: pl.DataFrame, lang: str) -> list[dict[str, object]]:
    """The root causes of rejected rows, most rows first: "1 ช่อง → 1,853 แถว" and the root row's cell and reason."""
    if frame.is_empty():
        return []
    message = "message_en" if lang == "en" else "message_th"
    rows = []
    for r in causes.root_causes(frame).iter_rows(named=True):
        sheet = contract_sheet(r["sheet"])
        fallen = ngettext(
            lang,
            "1 cell → {rows} row",
            "1 cell → {rows} rows",
            r["rows"],
            rows=formats.number(r["rows"], lang),
        )
        rows.append({
            "fallen": fallen, "rows": r["rows"],
            "sheet": terms.sheet_name(sheet, lang), "row_number": r["row_number"],
            "column_name": terms.column_name(sheet, r["column_name"], lang), "raw_value": r.get("raw_value"),
            "reason_code": terms.rejection(r["reason_code"] or "", lang), "message": r.get(message),
        })  # fmt: skip
    return rows


def rejected_workbook(frame: pl.DataFrame, lang: str, title: Title | None = None) -> bytes:
    """The rejected rows to fix: a sheet of their root causes first, then every row, cause by cause."""
    return workbook_of([
        (_(lang, "causes"), cause_rows(frame, lang), cause_columns(lang)),
        (_(lang, "rejected"), rejected_rows(frame, lang), rejected_columns(lang)),
    ], title, lang)  # fmt: skip


def contract_sheet(label: str | None) -> str | None:
    """The contract sheet a sheet of the file stands for ('ชมรม', 'Clubs' -> 'clubs'); else the label."""
    found = sheet_for(label) if label else None
    return found.name if found is not None else label


def cause_at(sheet: str | None, row: object, lang: str) -> str:
    """Where a root cause is: 'ชมรม แถว 3' / 'clubs row 3'."""
    return _(
        lang, "{sheet} row {row}", sheet=terms.sheet_name(contract_sheet(sheet), lang), row=row
    )


def plan_columns(lang: str, later_years: Sequence[int]) -> list[dict[str, str]]:
    """Column definitions of a plan's pairs (page table and workbook alike)."""
    keys = (
        "exemplar", "exemplar_id", "exemplar_district", "exemplar_type", "mentee", "mentee_id",
        "mentee_district", "mentee_type", "same_type", "helped", "distance_km", "origin",
    )  # fmt: skip
    columns = [{"field": k, "headerName": _(lang, terms.PLAN_COLUMNS[k])} for k in keys]
    columns += [
        {"field": f"meets_{y}", "headerName": _(lang, "FY {year}", year=y)} for y in later_years
    ]
    return [*columns, {"field": "notes", "headerName": _(lang, "Notes")}]


def plan_rows(
    pairs: pl.DataFrame, lang: str, later_years: Sequence[int]
) -> list[dict[str, object]]:
    """A plan's pairs as a person reads them: names, districts, types, criteria, outcomes."""
    rows = []
    for row in pairs.iter_rows(named=True):
        km = row["distance_km"]
        cells: dict[str, object] = {
            "key": f"{row['mentee_district']}/{row['mentee_club']}",
            "exemplar": row["exemplar_name"] or row["exemplar_club"],
            "exemplar_id": row["exemplar_club"],
            "exemplar_district": formats.district_name(row["exemplar_district"], lang),
            "exemplar_type": terms.network(row["exemplar_type"], lang),
            "mentee": row["mentee_name"] or row["mentee_club"],
            "mentee_id": row["mentee_club"],
            "mentee_district": formats.district_name(row["mentee_district"], lang),
            "mentee_type": terms.network(row["mentee_type"], lang),
            "same_type": formats.yes_no(row["same_type"], lang),
            "helped": ", ".join(terms.criterion(c, lang) for c in row["helped"]) or "–",
            "distance_km": None if km is None else round(km, 1),
            "origin": _(lang, terms.PLAN_ORIGINS[row["origin"]]),
            "notes": "; ".join(_(lang, terms.PLAN_NOTES[n]) for n in row["notes"]),
        }
        cells |= {f"meets_{y}": outcome(row[f"meets_{y}"], lang) for y in later_years}
        rows.append(cells)
    return rows


def outcome(meets: bool | None, lang: str) -> str:
    """A mentee's standing in a later year: now meets, not yet, or no data that year."""
    if meets is None:
        return "–"
    return _(lang, "Now meets") if meets else _(lang, "Not yet")


def uncovered_columns(lang: str) -> list[dict[str, str]]:
    """Column definitions of the networks in need left uncovered (page table and workbook)."""
    keys = ("mentee", "mentee_id", "mentee_district", "mentee_type", "failed", "why")
    labels = (N_("Network"), N_("Network ID"), N_("Network's district"),
              N_("Network's type"), N_("Criteria not passed"), N_("Why uncovered"))  # fmt: skip
    return [
        {"field": k, "headerName": _(lang, label)} for k, label in zip(keys, labels, strict=True)
    ]


def uncovered_rows(uncovered: pl.DataFrame, lang: str) -> list[dict[str, object]]:
    """Networks in need left uncovered, with the criteria they fail and why they have nobody."""
    return [
        {
            "key": f"{r['district_code']}/{r['club_id']}",
            "mentee": r["name"] or r["club_id"],
            "mentee_id": r["club_id"],
            "mentee_district": formats.district_name(r["district_code"], lang),
            "mentee_type": terms.network(r["network_type"], lang),
            "failed": ", ".join(terms.criterion(c, lang) for c in r["failed"]) or "–",
            "why": _(lang, terms.PLAN_WHY[r["why"]]),
        }
        for r in uncovered.iter_rows(named=True)
    ]
