"""OpenDocument spreadsheets (.ods) written by a real ODF library (odfpy), as LibreOffice saves
them: the fixture district, the same district as an .xlsx, and .ods files crafted to hurt."""

from __future__ import annotations

import csv
import io

import xlsxwriter
from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import Style, TableProperties
from odf.table import Table, TableCell, TableRow
from odf.text import P

from etl.extract import sheet_for
from tests.conftest import FIXTURES
from tests.etl.hostile import rewrite

Rows = list[list[str | None]]
EDGE_COLUMNS = 16_384  # a sheet's width in LibreOffice and Excel (A to XFD)
EDGE_ROWS = 1_048_576


def district(thai: bool = True) -> dict[str, Rows]:
    """The fixture district 6205, a sheet per CSV file, named as the template names them (Thai)
    or by their English names; every cell as the text the CSV holds, a blank line a blank row."""
    sheets: dict[str, Rows] = {}
    for path in sorted((FIXTURES / "6205").glob("*.csv")):
        sheet = sheet_for(path.stem)
        assert sheet is not None, path
        with path.open(encoding="utf-8-sig", newline="") as lines:
            sheets[sheet.thai if thai else sheet.name] = [
                [c or None for c in row] for row in csv.reader(lines)
            ]
    return sheets


def cell(value: str | None, repeated: int = 1, **attributes: object) -> TableCell:
    """A text cell (or an empty one for None), repeated across `repeated` columns."""
    if repeated > 1:
        attributes["numbercolumnsrepeated"] = repeated
    if value is None:
        return TableCell(**attributes)
    made = TableCell(valuetype="string", **attributes)
    made.addElement(P(text=value))
    return made


def formula_only(formula: str) -> TableCell:
    """A cell with a formula saved without its value (as a script may write one)."""
    return TableCell(formula=formula)


def row(cells: list[TableCell], repeated: int = 1) -> TableRow:
    made = TableRow(numberrowsrepeated=repeated) if repeated > 1 else TableRow()
    for one in cells:
        made.addElement(one)
    return made


def spreadsheet(
    sheets: dict[str, Rows],
    extra: dict[str, list[TableRow]] | None = None,
    tail: bool = True,
    hidden: tuple[str, ...] = (),
) -> bytes:
    """An .ods of text cells, one sheet per entry, with `extra` rows added below a sheet's rows.
    With `tail`, each sheet ends as LibreOffice ends it: its empty cells repeated to the last
    column and an empty row repeated to the last row (which holds nothing, so costs nothing).
    The sheets named in `hidden` are hidden."""
    document = OpenDocumentSpreadsheet()
    hiding = Style(name="hidden", family="table")
    hiding.addElement(TableProperties(display=False))
    document.automaticstyles.addElement(hiding)
    for name, rows in sheets.items():
        table = Table(name=name, stylename=hiding) if name in hidden else Table(name=name)
        added = (extra or {}).get(name, [])
        for values in rows:
            cells = [cell(v) for v in values]
            if tail:
                cells.append(cell(None, EDGE_COLUMNS - len(values)))
            table.addElement(row(cells))
        for more in added:
            table.addElement(more)
        if tail:
            table.addElement(row([cell(None, EDGE_COLUMNS)], EDGE_ROWS - len(rows) - len(added)))
        document.spreadsheet.addElement(table)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def workbook(sheets: dict[str, Rows]) -> bytes:
    """The same sheets as an .xlsx of text cells."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False})
    for name, rows in sheets.items():
        page = book.add_worksheet(name)
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                if value is not None:
                    page.write_string(r, c, value)
    book.close()
    return out.getvalue()


def content(data: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    """The .ods `data` with its content.xml passed through `change`."""
    return rewrite(data, "content.xml", change)


def with_doctype(data: bytes) -> bytes:
    """The .ods with a billion-laughs DOCTYPE declared in its content.xml."""
    laughs = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
    return content(data, lambda xml: laughs + xml.split(b"?>", 1)[-1])


def clubs_with(*extra: TableRow, sheet: str = "ชมรม") -> bytes:
    """The fixture district's clubs sheet with rows added below it (and a sheet `sheet` if not clubs)."""
    sheets = {"ชมรม": district()["ชมรม"]}
    if sheet != "ชมรม":
        sheets[sheet] = [["note"]]
    return spreadsheet(sheets, {sheet: list(extra)}, tail=False)
