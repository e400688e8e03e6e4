"""Submission bytes -> raw frames of text, one per sheet; no cleaning.

Every frame has the contract's English column names (headers may be English
or Thai), every value as text, and `row_number`: the row as a person sees it
in the file (header is row 1). Blank rows are dropped here, after numbering.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import fastexcel
import polars as pl

from etl.errors import BadFile
from etl.normalise import header_key
from etl.schemas import SHEETS, Sheet

ROW_NUMBER = "row_number"
BLANK_CHARS = " \t\u00a0\u200b\ufeff"
FIRST_CELL = re.compile(rb'<c r="[A-Z]+([0-9]+)"[^>]*?>(?:(?!</c>).)*?<(?:v|t)[ >]', re.S)


@dataclass
class RawSheet:
    """One sheet as read: where it came from and its rows as text."""

    sheet: str  # contract name, e.g. "members"
    file: str  # file name inside the submission, e.g. "6205.xlsx" or "members.csv"
    label: str  # sheet name as written in the file
    frame: pl.DataFrame
    missing: list[str] = field(default_factory=list)  # required columns absent


def sheet_for(name: str) -> Sheet | None:
    """The contract sheet a file or sheet name stands for (English or Thai)."""
    key = header_key(name)
    for sheet in SHEETS:
        if key in (sheet.name, header_key(sheet.thai)):
            return sheet
    return None


def read_submission(files: dict[str, bytes]) -> dict[str, RawSheet]:
    """Read a submission given as {file name: bytes}: one workbook, CSVs, or a zip."""
    files = _unzip(files)
    workbooks = [n for n in files if n.lower().endswith((".xlsx", ".xlsm", ".xls"))]
    csvs = [n for n in files if n.lower().endswith((".csv", ".txt"))]
    sheets: dict[str, RawSheet] = {}
    if workbooks:
        if len(workbooks) > 1:
            raise BadFile(workbooks[1], "more than one workbook in one submission")
        sheets.update(_read_workbook(workbooks[0], files[workbooks[0]]))
    for name in sorted(csvs):
        sheet = sheet_for(PurePosixPath(name).stem)
        if sheet is None or sheet.name in sheets:
            continue
        sheets[sheet.name] = _read_csv(sheet, name, files[name])
    if "clubs" not in sheets:
        where = ", ".join(sorted(files)) or "(empty)"
        raise BadFile(where, "no clubs sheet (ชมรม) found")
    return sheets


def _unzip(files: dict[str, bytes]) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for name, content in files.items():
        if not name.lower().endswith(".zip"):
            out[name] = content
            continue
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                for info in archive.infolist():
                    inner = PurePosixPath(info.filename)
                    if info.is_dir() or inner.name.startswith((".", "~$")):
                        continue
                    out[f"{name}/{info.filename}"] = archive.read(info)
        except (zipfile.BadZipFile, OSError) as error:
            raise BadFile(name, f"not a readable zip file: {error}") from error
    return out


def _read_workbook(name: str, content: bytes) -> dict[str, RawSheet]:
    try:
        reader = fastexcel.read_excel(content)
    except Exception as error:  # fastexcel raises its own error types
        raise BadFile(name, f"not a readable workbook: {error}") from error
    first_rows = _first_rows(content)
    sheets: dict[str, RawSheet] = {}
    for label in reader.sheet_names:
        sheet = sheet_for(label)
        if sheet is None or sheet.name in sheets:
            continue
        try:
            grid = reader.load_sheet(label, header_row=None, dtypes="string").to_polars()
        except Exception as error:
            raise BadFile(f"{name} [{label}]", f"sheet cannot be read: {error}") from error
        sheets[sheet.name] = _from_grid(sheet, name, label, grid, first_rows.get(label, 1))
    return sheets


def _first_rows(content: bytes) -> dict[str, int]:
    """Row number of each sheet's first non-empty cell (calamine drops empty rows above it)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            book = archive.read("xl/workbook.xml").decode("utf-8")
            rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
            targets = dict(re.findall(r'Id="([^"]+)"[^>]*?Target="([^"]+)"', rels))
            targets.update(
                (i, t) for t, i in re.findall(r'Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)
            )
            rows: dict[str, int] = {}
            for tag in re.findall(r"<sheet [^>]*>", book):
                label = re.search(r'name="([^"]*)"', tag)
                rid = re.search(r'r:id="([^"]*)"', tag)
                if not label or not rid or rid.group(1) not in targets:
                    continue
                target = targets[rid.group(1)].lstrip("/")
                path = target if target.startswith("xl/") else f"xl/{target}"
                with archive.open(path) as stream:
                    head = stream.read(1 << 20)
                found = FIRST_CELL.search(head)
                rows[_unescape(label.group(1))] = int(found.group(1)) if found else 1
            return rows
    except (KeyError, zipfile.BadZipFile, ValueError):
        return {}


def _unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


def _read_csv(sheet: Sheet, name: str, content: bytes) -> RawSheet:
    # polars keeps a blank line as a row of nulls, so row numbers match what people see;
    # _from_grid drops blank rows after numbering.
    data = _utf8(name, content)
    try:
        grid = pl.read_csv(data, has_header=False, infer_schema=False, truncate_ragged_lines=True)
    except pl.exceptions.PolarsError as error:
        raise BadFile(name, f"not a readable CSV file: {error}") from error
    return _from_grid(sheet, name, PurePosixPath(name).stem, grid, 1)


def _utf8(name: str, content: bytes) -> bytes:
    """UTF-8 bytes without a BOM: as they are, or from Windows-874 as older Thai Excel writes."""
    content = content.removeprefix(codecs.BOM_UTF8)
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return content
    try:
        return content.decode("cp874").encode("utf-8")
    except UnicodeDecodeError as error:
        raise BadFile(name, "text is neither UTF-8 nor Windows-874 (TIS-620)") from error


def _from_grid(sheet: Sheet, name: str, label: str, grid: pl.DataFrame, first_row: int) -> RawSheet:
    """Header row -> contract names; later rows -> text with their row numbers."""
    if grid.height == 0:
        empty = pl.DataFrame(schema={c: pl.String for c in sheet.names} | {ROW_NUMBER: pl.Int64})
        return RawSheet(sheet.name, name, label, empty, [])
    headers = [header_key(str(v)) if v is not None else "" for v in grid.row(0)]
    wanted = {c.name: c.name for c in sheet.columns}
    wanted.update({header_key(c.thai): c.name for c in sheet.columns})
    chosen: dict[str, str] = {}
    for source, header in zip(grid.columns, headers, strict=True):
        target = wanted.get(header)
        if target is not None and target not in chosen.values():
            chosen[source] = target
    source_of = {target: source for source, target in chosen.items()}
    absent = [c for c in sheet.names if c not in source_of]
    # A row is blank when its cells of this sheet are all empty or spaces.
    blank = pl.concat_str(sheet.names, ignore_nulls=True).str.strip_chars(BLANK_CHARS) == ""
    cells = [
        pl.col(source_of[c]).alias(c) if c in source_of else pl.lit(None, pl.String).alias(c)
        for c in sheet.names
    ]
    frame = (
        grid.lazy()
        .slice(1)
        .with_row_index(ROW_NUMBER, offset=first_row + 1)
        .select(pl.col(ROW_NUMBER).cast(pl.Int64), *cells)
        .filter(~blank)
        .collect()
    )
    missing = [c for c in absent if sheet.column(c).required]
    return RawSheet(sheet.name, name, label, frame, missing)

