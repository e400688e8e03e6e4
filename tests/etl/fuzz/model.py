"""A district submission as plain rows, read from generated CSVs, written back as a workbook
or CSVs in any layout, and its data rows counted the way a person would, independently of
the ETL's reader."""

from __future__ import annotations

import csv
import io
import random
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter

from etl.schemas import BY_NAME

BLANKS = " \t\r\n\u00a0\u200b\u200c\u200d\u2060\ufeff\u202f\u2007\u3000"
ERRORS = {"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!"}
NO_CACHE = "NOCACHE"  # marks a formula to be saved without its cached value
UNCACHED = re.compile(rb'<c ([^>]*?)(?: t="str")?><f>([^<]*)</f><v>NOCACHE</v></c>')


@dataclass(frozen=True)
class Special:
    """A cell that is not text: a number, a boolean, a formula (with or without value), an error."""

    kind: str  # number | bool | formula | error
    value: object
    shows: str  # what a person sees in the cell (and a CSV export holds)


Cell = str | Special


@dataclass
class Table:
    """One sheet: its label (sheet or file name), titles above the header, header and rows."""

    sheet: str  # contract name it is meant to be, or "" for a sheet of nothing
    label: str
    header: list[str]
    rows: list[list[Cell]]
    titles: list[list[str]] = field(default_factory=list)
    hidden: bool = False
    title_merged: bool = False
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # data (r0, c0, r1, c1)


@dataclass
class Layout:
    """How a submission is written out."""

    fmt: str = "csv"  # csv | xlsx | zip (CSVs in a zip)
    delimiter: str = ","
    endings: str = "\n"  # "\n", "\r\n", "\r" or "mixed"
    encoding: str = "utf-8"  # utf-8 | utf-8-sig | utf-16 | cp874
    quote_all: bool = False


@dataclass
class Expect:
    """What the ETL must do with a variant."""

    status: str  # loaded | failed | either
    where: list[str] = field(default_factory=list)  # text the failure message must hold


def pick(rng: random.Random, tables: list[Table], but: str = "") -> Table:
    """A table that is a sheet of the contract (not `but`), whose header it still knows."""
    return rng.choice(
        [t for t in tables if t.sheet and t.sheet != but and known_columns(t)]
        or [t for t in tables if t.sheet]
    )


def shown(cell: Cell) -> str:
    """The text a person sees in a cell."""
    return cell.shows if isinstance(cell, Special) else cell


def read_generated(folder: Path) -> list[Table]:
    """The sheets of a generated CSV folder, as written."""
    tables = []
    for path in sorted(folder.glob("*.csv")):
        text = (
            path.read_bytes().decode("utf-8-sig", errors="strict")
            if _utf8(path)
            else path.read_bytes().decode("cp874")
        )
        rows = list(csv.reader(io.StringIO(text, newline="")))
        tables.append(Table(path.stem, path.stem, rows[0], [list(r) for r in rows[1:]]))
    return tables


def _utf8(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def known_columns(table: Table) -> list[int]:
    """Indexes of the header cells that name a column of the sheet (the first of each)."""
    sheet = BY_NAME.get(table.sheet)
    if sheet is None:
        return []
    names = {}
    for column in sheet.columns:
        names[column.name.lower()] = column.name
        names[column.thai.lower()] = column.name
    seen, known = set(), []
    for at, header in enumerate(table.header):
        key = re.sub(r"\s+", " ", header.strip(BLANKS)).rstrip("*").strip().lower()
        if key in names and names[key] not in seen:
            seen.add(names[key])
            known.append(at)
    return known


def data_rows(table: Table) -> int:
    """Rows holding anything but spaces in a column the sheet knows."""
    known = known_columns(table)
    return sum(
        1
        for row in table.rows
        if any(at < len(row) and shown(row[at]).strip(BLANKS) for at in known)
    )


def row_numbers(table: Table) -> dict[int, list[str]]:
    """Each data row's number as a person sees it (titles, header above) -> its known cells."""
    known = known_columns(table)
    first = len(table.titles) + 2
    numbered = {}
    for at, row in enumerate(table.rows):
        cells = [shown(row[c]) for c in known if c < len(row)]
        if any(c.strip(BLANKS) for c in cells):
            numbered[first + at] = cells
    return numbered


def is_error(text: str) -> bool:
    """An error cell as a spreadsheet shows it, or a formula without its value."""
    text = text.strip(BLANKS)
    return text in ERRORS or (text.startswith("=") and len(text) > 1 and not text[1].isspace())


def write(tables: list[Table], layout: Layout, target: Path, district: str) -> str:
    """Write the submission under `target`; the uri for sources.toml (relative to target)."""
    if layout.fmt == "xlsx":
        (target / f"{district}.xlsx").write_bytes(workbook(tables))
        return f"{district}.xlsx"
    files = {f"{t.label}.csv": csv_bytes(t, layout) for t in tables}
    if layout.fmt == "zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in files.items():
                archive.writestr(f"{district}/{name}", data)
        (target / f"{district}.zip").write_bytes(buffer.getvalue())
        return f"{district}.zip"
    folder = target / district
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return district


def csv_bytes(table: Table, layout: Layout) -> bytes:
    """The table as CSV in the layout's delimiter, line endings, quoting and encoding."""
    lines = []
    quoting = csv.QUOTE_ALL if layout.quote_all else csv.QUOTE_MINIMAL
    for row in [*table.titles, table.header, *table.rows]:
        buffer = io.StringIO()
        # "\r\n" as terminator, so that a cell holding a line break is quoted.
        csv.writer(
            buffer, delimiter=layout.delimiter, quoting=quoting, lineterminator="\r\n"
        ).writerow([shown(c) for c in row])
        lines.append(buffer.getvalue().removesuffix("\r\n"))
    endings = ["\n", "\r\n", "\r"]
    text = "".join(
        line + (endings[n % 3] if layout.endings == "mixed" else layout.endings)
        for n, line in enumerate(lines)
    )
    try:
        return text.encode(layout.encoding)
    except UnicodeEncodeError:
        return text.encode("utf-8")


def workbook(tables: list[Table]) -> bytes:
    """The tables as one workbook; formulas marked NO_CACHE are saved without a value."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_numbers": False, "nan_inf_to_errors": True}
    )
    visible = next((n for n, t in enumerate(tables) if not t.hidden), None)
    for n, table in enumerate(tables):
        ws = book.add_worksheet(table.label[:31])
        top = len(table.titles)
        for r, title in enumerate(table.titles):
            if table.title_merged and title and len(table.header) > 1:
                ws.merge_range(r, 0, r, len(table.header) - 1, title[0])
            else:
                ws.write_row(r, 0, title)
        ws.write_row(top, 0, table.header)
        for r, row in enumerate(table.rows, start=top + 1):
            for c, cell in enumerate(row):
                _write_cell(ws, r, c, cell)
        for r0, c0, r1, c1 in table.merges:
            r1, c1 = min(r1, len(table.rows) - 1), min(c1, len(table.header) - 1)
            if r0 > r1 or (c0 >= c1 and r0 == r1):
                continue
            first = table.rows[r0][c0] if c0 < len(table.rows[r0]) else ""
            for r in range(r0, r1 + 1):  # a merge keeps its first cell's value only
                for c in range(c0, min(c1 + 1, len(table.rows[r]))):
                    table.rows[r][c] = first if (r, c) == (r0, c0) else ""
            ws.merge_range(top + 1 + r0, c0, top + 1 + r1, c1, shown(first))
        if n == visible:
            ws.activate()
        if table.hidden and n != visible:
            ws.hide()
    book.close()
    return _drop_cached(buffer.getvalue())


def _write_cell(ws: xlsxwriter.worksheet.Worksheet, r: int, c: int, cell: Cell) -> None:
    if isinstance(cell, str):
        if cell:
            ws.write_string(r, c, cell)
    elif cell.kind == "number":
        ws.write_number(r, c, cell.value)
    elif cell.kind == "bool":
        ws.write_boolean(r, c, bool(cell.value))
    elif cell.kind == "formula":
        ws.write_formula(
            r, c, str(cell.value), None, NO_CACHE if cell.shows.startswith("=") else cell.shows
        )
    else:  # error
        ws.write_formula(r, c, "=NA()" if cell.value == "#N/A" else "=1/0", None, cell.value)


def _drop_cached(content: bytes) -> bytes:
    """The workbook with every <v>NOCACHE</v> removed: formulas saved without a value."""
    marker = f"<v>{NO_CACHE}</v>".encode()
    source = zipfile.ZipFile(io.BytesIO(content))
    if not any(
        marker in source.read(i) for i in source.namelist() if i.startswith("xl/worksheets/")
    ):
        return content
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = UNCACHED.sub(rb"<c \1><f>\2</f></c>", data)
            target.writestr(info, data)
    return out.getvalue()
