"""Submission bytes -> raw frames of text, one per sheet; no cleaning.

Every frame has the contract's English column names (headers may be English
or Thai), every value as text, and `row_number`: the row as a person sees it
in the file (spreadsheet row numbers, whatever rows above the header hold).
The header is found among the first rows (`etl.headers`); blank rows are dropped
after numbering. A sheet that is there but not understood fails the district;
what the reader noticed but could read (title rows, sheets it does not know,
unknown headers, hidden sheets) is in `Submission.notes`.
"""

from __future__ import annotations

import difflib
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import fastexcel
import polars as pl

from etl import csv_sniff, ods_xml, unpacking, workbook_xml
from etl.errors import BadFile
from etl.headers import HEADER_SEARCH, find_header
from etl.normalise import SPACES, header_key
from etl.schemas import SHEETS, Sheet

ROW_NUMBER = "row_number"
MAX_ROWS = 1_000_000  # data rows per sheet, at most
MAX_COLUMNS = 64  # columns per sheet, A to BL: the widest sheet has 8, the rest is room for notes
MAX_LINE_BYTES = (
    8 * 2**20
)  # a CSV line: room for MAX_COLUMNS cells as full as Excel allows (32,767 characters)
MAX_UNZIPPED = 1024 * 2**20  # bytes a submission may unpack to (zips and workbooks together)
WORKBOOKS = (".xlsx", ".xlsm", ".xls", ".ods")
TEXTS = (".csv", ".txt", ".tsv")


@dataclass
class RawSheet:
    """One sheet as read: where it came from and its rows as text."""

    sheet: str  # contract name, e.g. "members"
    file: str  # file name inside the submission, e.g. "6205.xlsx" or "members.csv"
    label: str  # sheet name as written in the file
    frame: pl.DataFrame
    missing: list[str] = field(default_factory=list)  # required columns absent
    title_rows: int = 0  # non-blank rows above the header, not read as data
    header_row: int = 1  # the header's row number as a person sees it (0: the sheet is empty)
    unknown: tuple[str, ...] = ()  # headers that name no column of the sheet


class Submission(dict[str, RawSheet]):
    """A district's sheets by contract name, and notes on what the reader noticed."""

    def __init__(self) -> None:
        super().__init__()
        self.notes: list[str] = []


def sheet_for(name: str) -> Sheet | None:
    """The contract sheet a file or sheet name stands for (English or Thai)."""
    key = header_key(name)
    for sheet in SHEETS:
        if key in (sheet.name, header_key(sheet.thai)):
            return sheet
    return None


def read_submission(
    files: dict[str, bytes], max_rows: int = MAX_ROWS, max_unzipped: int = MAX_UNZIPPED
) -> Submission:
    """Read a submission given as {file name: bytes}: one workbook, CSVs, or a zip."""
    budget = unpacking.Budget(max_unzipped)
    sent, files = sorted(files), _unzip(files, budget)
    workbooks = [n for n in files if n.lower().endswith(WORKBOOKS)]
    csvs = sorted(n for n in files if n.lower().endswith(TEXTS))
    found = Submission()
    if len(workbooks) > 1:
        raise BadFile(
            workbooks[1],
            f"more than one workbook in one submission ({', '.join(sorted(workbooks))})",
        )
    if workbooks:
        _read_workbook(workbooks[0], files[workbooks[0]], max_rows, budget, found)
    for name in csvs:
        sheet = _matched(name, PurePosixPath(name).stem, found)
        if sheet is not None:
            _keep(found, _read_csv(sheet, name, files[name], max_rows))
    for name in sorted(set(files) - set(workbooks) - set(csvs)):
        found.notes.append(f"{name}: not a workbook or CSV file, ignored")
    if "clubs" not in found:
        where = ", ".join(sorted(set(sent) | set(files))) or "(no files)"
        seen = "; ".join(found.notes)
        raise BadFile(where, "no clubs sheet (ชมรม) found" + (f" ({seen})" if seen else ""))
    for raw in found.values():
        where = _where(raw.file, raw.label)
        if raw.header_row == 0:
            found.notes.append(f"{where}: empty (no header, no rows)")
        if raw.title_rows:
            titles = f"{raw.title_rows} title row(s) above the header (row {raw.header_row})"
            found.notes.append(f"{where}: {titles} not read as data")
        if raw.unknown:
            found.notes.append(
                f"{where}: unknown headers ignored: {', '.join(map(repr, raw.unknown[:10]))}"
            )
    return found


def _matched(name: str, label: str, found: Submission) -> Sheet | None:
    """The sheet `label` stands for; a note naming it (and the nearest sheet) when none."""
    sheet = sheet_for(label)
    if sheet is None:
        names = [s.name for s in SHEETS] + [s.thai for s in SHEETS]
        near = difflib.get_close_matches(header_key(label), names, n=1, cutoff=0.6)
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        found.notes.append(
            f"{name}: sheet {label!r} matches no sheet of the standard{hint}, not read"
        )
    return sheet


def _keep(found: Submission, raw: RawSheet) -> None:
    """Add a sheet; two sheets or files for the same sheet fail the district, naming both."""
    if raw.sheet in found:
        first = found[raw.sheet]
        raise BadFile(
            f"{first.file} [{first.label}] and {raw.file} [{raw.label}]",
            f"two sheets are both the {raw.sheet} sheet; send one",
        )
    found[raw.sheet] = raw


def _unzip(files: dict[str, bytes], budget: unpacking.Budget) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for name, content in files.items():
        if not name.lower().endswith(".zip"):
            out[name] = content
            continue
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                for info in archive.infolist():
                    inner = PurePosixPath(info.filename)
                    if (
                        info.is_dir()
                        or inner.name.startswith((".", "~$"))
                        or "__MACOSX" in inner.parts
                    ):
                        continue
                    out[f"{name}/{info.filename}"] = unpacking.read(archive, info, budget, name)
        except BadFile:
            raise
        except Exception as error:  # BadZipFile, zlib.error, EOFError, NotImplementedError ...
            raise BadFile(name, f"not a readable zip file: {error}") from error
    return out


def _read_workbook(
    name: str, content: bytes, max_rows: int, budget: unpacking.Budget, found: Submission
) -> None:
    facts = _facts(name, content, max_rows, budget)
    if name.lower().endswith(".ods"):  # calamine builds every sheet's grid as it opens an .ods
        for label, fact in facts.items():
            _bounded(f"{name} [{label}]", fact, max_rows)
    try:
        reader = fastexcel.read_excel(content)
        labels = list(reader.sheet_names)
    except BaseException as error:  # fastexcel raises its own error types, and may panic
        raise BadFile(name, f"not a readable workbook: {_reason(error)}") from error
    for label in labels:
        sheet = _matched(name, label, found)
        if sheet is None:
            continue
        fact = facts.get(label, workbook_xml.SheetXml())
        if fact.hidden:
            found.notes.append(f"{name} [{label}]: a hidden sheet, read")
        if sheet.name in found:
            _keep(found, RawSheet(sheet.name, name, label, pl.DataFrame()))
        _bounded(f"{name} [{label}]", fact, max_rows)
        try:
            grid = reader.load_sheet(
                label, header_row=None, dtypes="string", n_rows=max_rows + HEADER_SEARCH + 1
            ).to_polars()
        except BaseException as error:
            raise BadFile(f"{name} [{label}]", f"sheet cannot be read: {_reason(error)}") from error
        grid, first_row = _with_unvalued(grid, fact)
        _keep(found, _from_grid(sheet, name, label, grid, first_row, max_rows))


def _facts(
    name: str, content: bytes, max_rows: int, budget: unpacking.Budget
) -> dict[str, workbook_xml.SheetXml]:
    """What a workbook's XML says that calamine does not, per sheet (nothing for an .xls)."""
    lower = name.lower()
    if lower.endswith((".xlsx", ".xlsm")):
        return workbook_xml.sheets(content, budget, name)
    if lower.endswith(".ods"):
        return ods_xml.sheets(content, budget, name, max_rows + HEADER_SEARCH + 1, MAX_COLUMNS)
    return {}


def _bounded(where: str, fact: workbook_xml.SheetXml, max_rows: int) -> None:
    """Refuse a sheet with a value beyond the column or row limit, before calamine builds its
    grid (which reaches from the first cell to the farthest, however empty between)."""
    col, ref = fact.widest
    if col >= MAX_COLUMNS:
        last = workbook_xml.column_letters(MAX_COLUMNS - 1)
        raise BadFile(
            where,
            f"cell {ref} holds a value beyond column {last}: at most "
            f"{MAX_COLUMNS} columns are read; delete what lies right of the table",
        )
    row, ref = fact.lowest
    if row > max_rows + HEADER_SEARCH + 1:
        raise BadFile(
            where,
            f"cell {ref} holds a value beyond row {max_rows + HEADER_SEARCH + 1:,}: at most "
            f"{max_rows:,} rows are read per sheet; delete what lies below the table or split the file",
        )


def _with_unvalued(grid: pl.DataFrame, fact: workbook_xml.SheetXml) -> tuple[pl.DataFrame, int]:
    """The grid with error cells and unvalued formulas written in (calamine leaves them empty)."""
    if not fact.unvalued:
        return grid, fact.first_row
    top = (
        min([fact.first_row] + [r for r, _, _ in fact.unvalued])
        if grid.height
        else min(r for r, _, _ in fact.unvalued)
    )
    left = (
        min([fact.first_col] + [c for _, c, _ in fact.unvalued])
        if grid.height
        else min(c for _, c, _ in fact.unvalued)
    )
    rows = [list(r) for r in grid.rows()]
    shift_r, shift_c = (fact.first_row - top, fact.first_col - left) if grid.height else (0, 0)
    width = max([len(grid.columns) + shift_c] + [c - left + 1 for _, c, _ in fact.unvalued])
    height = max([len(rows) + shift_r] + [r - top + 1 for r, _, _ in fact.unvalued])
    cells: list[list[str | None]] = [[None] * width for _ in range(height)]
    for i, row in enumerate(rows):
        cells[i + shift_r][shift_c : shift_c + len(row)] = row
    for r, c, text in fact.unvalued:
        cells[r - top][c - left] = text
    return pl.DataFrame(cells, schema=[f"c{i}" for i in range(width)], orient="row"), top


def _read_csv(sheet: Sheet, name: str, content: bytes, max_rows: int) -> RawSheet:
    # polars keeps a blank line as a row of nulls, so row numbers match what people see;
    # _from_grid drops blank rows after numbering.
    data = csv_sniff.lf_lines(csv_sniff.to_utf8(name, content))
    line, longest = csv_sniff.longest_line(data)
    if longest > MAX_LINE_BYTES:
        raise BadFile(
            name,
            f"line {line:,} is {longest:,} bytes long: at most {MAX_LINE_BYTES:,} bytes a line are read",
        )
    separator, width = csv_sniff.delimiter(sheet, data)
    if width > MAX_COLUMNS:
        raise BadFile(
            name,
            f"its first rows have {width:,} columns holding something: at most {MAX_COLUMNS} are read",
        )
    try:
        grid = pl.read_csv(
            data,
            has_header=False,
            schema={f"column_{i}": pl.String for i in range(width)},
            separator=separator,
            truncate_ragged_lines=True,
            missing_columns="insert",
            extra_columns="ignore",
            n_rows=max_rows + HEADER_SEARCH + 1,
        )
    except BaseException as error:  # ComputeError, and the like; a panic
        raise BadFile(name, f"not a readable CSV file: {_reason(error)}") from error
    return _from_grid(sheet, name, PurePosixPath(name).stem, grid, 1, max_rows)


def _from_grid(
    sheet: Sheet, name: str, label: str, grid: pl.DataFrame, first_row: int, max_rows: int
) -> RawSheet:
    """Header row -> contract names; later rows -> text with their row numbers."""
    if grid.height == 0:
        empty = pl.DataFrame(schema={c: pl.String for c in sheet.names} | {ROW_NUMBER: pl.Int64})
        return RawSheet(sheet.name, name, label, empty, [], header_row=0)
    where = _where(name, label)
    head = grid.head(HEADER_SEARCH).rows()
    header = find_header(sheet, head, where)
    if grid.height - header.row - 1 > max_rows:
        raise BadFile(where, f"more than {max_rows:,} rows: the limit per sheet; split the file")
    source_of = {target: grid.columns[at] for at, target in header.columns.items()}
    absent = [c for c in sheet.names if c not in source_of]
    missing = [c for c in absent if sheet.column(c).required]
    if missing and header.unknown:
        raise BadFile(where, _misread(sheet, missing, header.unknown))
    titles = sum(1 for row in head[: header.row] if any(_shown(v) for v in row))
    # A row is blank when its cells of this sheet are all empty or spaces.
    blank = pl.concat_str(sheet.names, ignore_nulls=True).str.strip_chars(SPACES) == ""
    cells = [
        pl.col(source_of[c]).alias(c) if c in source_of else pl.lit(None, pl.String).alias(c)
        for c in sheet.names
    ]
    frame = (
        grid.lazy()
        .slice(header.row + 1)
        .with_row_index(ROW_NUMBER, offset=first_row + header.row + 1)
        .select(pl.col(ROW_NUMBER).cast(pl.Int64), *cells)
        .filter(~blank)
        .collect()
    )
    return RawSheet(
        sheet.name, name, label, frame, missing, titles, first_row + header.row, header.unknown
    )


def _reason(error: BaseException) -> str:
    """The error's first line; re-raises what is no reading error (an interrupt, an exit)."""
    if not isinstance(error, Exception) and type(error).__name__ != "PanicException":
        raise error
    text = str(error).strip().splitlines()
    return text[0][:300] if text else type(error).__name__


def _where(name: str, label: str) -> str:
    """A CSV file by its name; a workbook's sheet as `file [sheet]`."""
    return name if label == PurePosixPath(name).stem else f"{name} [{label}]"


def _shown(value: object) -> bool:
    return value is not None and str(value).strip(SPACES) != ""


def _misread(sheet: Sheet, missing: list[str], unknown: tuple[str, ...]) -> str:
    labels = [c.name for c in sheet.columns] + [c.thai for c in sheet.columns]
    near = []
    for text in unknown[:12]:
        close = difflib.get_close_matches(text.lower(), labels, n=1, cutoff=0.5)
        near.append(f"{text!r} → {close[0]!r}" if close else repr(text))
    return (
        f"the {sheet.name} sheet has no {', '.join(missing)} column (required); "
        f"headers not understood: {', '.join(near)}"
    )
