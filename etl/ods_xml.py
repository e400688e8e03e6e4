"""What calamine does not say about an .ods (an OpenDocument spreadsheet, as LibreOffice saves
it): where each sheet starts, which sheets are hidden, the cells it reads as empty though they
are not (error cells such as `#N/A`, and formulas saved without a value), and the farthest cell
holding a value: the facts etl/workbook_xml.py gives for an .xlsx, in the same `SheetXml`.

An .ods places its cells by repeats, not by references. LibreOffice writes the empty cells right
of a table as one cell repeated to column 16,384 and the rows below it as one row repeated to row
1,048,576; empty, they cost nothing. But calamine builds the grid of every sheet as it opens the
file, from the first cell holding a value to the farthest, repeats spelled out: one cell holding a
value with `table:number-columns-repeated="16384"`, in a row repeated a million times, is 17
billion cells. So every part is inflated here once, as a stream, through the submission's
unpacking budget (etl/unpacking.py: a zip bomb and XML entities stop here), and content.xml is
read row by row with its repeats counted, before calamine is given the file.

A row is taken whole (LibreOffice writes about a kilobyte a row) and looked at with bytes
searches: in most rows only the first and the last cell holding a value are looked at closely.
What no spreadsheet program writes, and what could hide cells from these searches, is refused:
XML comments, CDATA sections and processing instructions, a table or row inside a row, a table
inside a table, a cell outside a row, and a row longer than MAX_ROW_BYTES.
"""

from __future__ import annotations

import bisect
import functools
import html
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from etl import unpacking
from etl.errors import BadFile
from etl.workbook_xml import SheetXml, column_letters

CONTENT = "content.xml"  # where an .ods keeps its sheets
MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"  # what its `mimetype` member holds
MAX_ROW_BYTES = 32 * 2**20  # a row's XML: 64 cells as full as a spreadsheet allows, escaped
KEEP = 64  # bytes at a chunk's end looked at again with the next chunk (a tag's name may be cut)
HUGE = 10**12  # a repeat with more digits than this counts as this many
NOT_WRITTEN = "which no spreadsheet program writes: not read"

# What is looked for between rows; the groups are numbered as the kinds below.
EVENT = re.compile(
    rb"<(?:(table:table-row)|(table:table)|(/table:table)|(table:(?:covered-)?table-cell)"
    rb"|(style:style|style:table-properties))(?=[\s/>])"
)
ROW, TABLE, TABLE_END, CELL_OUTSIDE, STYLE = range(1, 6)
ODD = re.compile(rb"<!--|<!\[CDATA\[|<\?(?!xml[\s?])")  # comments, CDATA, processing instructions
NESTED = re.compile(rb"<table:table(?:-row)?(?=[\s/>])")
TAG = re.compile(rb"<[^\s/<>]+(?:\s+[^\s=/<>]+\s*=\s*(?:\"[^\"<]*\"|'[^'<]*'))*\s*(/?)>")
ROW_END = re.compile(rb"</table:table-row\s*>")
CELL = re.compile(rb"<table:(?:covered-)?table-cell(?=[\s/>])")
COLUMNS_REPEATED = re.compile(rb"table:number-columns-repeated\s*=\s*[\"']\+?([0-9]+)")
ROWS_REPEATED = re.compile(rb"table:number-rows-repeated\s*=\s*[\"']\+?([0-9]+)")
# A cell holds a value for calamine when it has a value attribute or is a text cell.
VALUE = re.compile(
    rb"office:(?:(?:value|string-value|date-value|time-value|boolean-value)\s*="
    rb"|value-type\s*=\s*[\"']string[\"'])"
)
FORMULA = re.compile(rb"table:formula\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
FILLED = re.compile(VALUE.pattern + rb"|table:formula\s*=")
# Where a value or formula attribute may be: what a cell holding either has in its tag.
MARK = re.compile(
    rb"office:(?:value|string-value|date-value|time-value|boolean-value)|table:formula"
)
ERROR = re.compile(rb"calcext:value-type\s*=\s*[\"']error[\"']")
MARKUP = re.compile(rb"<[^>]*>")


def _attribute(name: bytes) -> re.Pattern[bytes]:
    return re.compile(rb"\s" + re.escape(name) + rb"\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


NAME = _attribute(b"table:name")
TABLE_STYLE = _attribute(b"table:style-name")
STYLE_NAME = _attribute(b"style:name")
DISPLAY = _attribute(b"table:display")


def sheets(
    content: bytes,
    budget: unpacking.Budget | None = None,
    name: str = "workbook",
    rows: int = 1_048_576,
    columns: int = 16_384,
) -> dict[str, SheetXml]:
    """Per sheet label: its facts; {} when the file is not a readable zip (calamine will say).
    Unvalued cells are listed within the first `rows` rows and `columns` columns only (a sheet
    reaching past them is refused anyway). Raises unpacking.TooLarge or unpacking.Entities, and
    BadFile for what no spreadsheet program writes, naming the file `name`."""
    budget = budget or unpacking.Budget(1 << 62)
    scan = _Scan(name, rows, columns)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for info in archive.infolist():
                if info.is_dir():
                    continue
                if info.filename == CONTENT:
                    scan.read(unpacking.stream(archive, info, budget, name))
                else:
                    unpacking.drain(archive, info, budget, name)
        return scan.found
    except _Beyond:  # that sheet will be refused: what follows it is not read
        scan.close()
        return scan.found
    except BadFile:  # TooLarge, Entities, and what the scan refuses
        raise
    except Exception:  # BadZipFile, zlib.error, EOFError and the like: calamine will say
        return {}


class _Beyond(Exception):
    """A sheet holds a value beyond `rows` or `columns`."""


@dataclass
class _Table:
    label: str
    hidden: bool
    rows: int = 0  # rows so far, repeats counted
    first_row: int | None = None  # of the first cell holding a value (1-based)
    first_col: int | None = None  # of the leftmost cell holding a value (0-based)
    widest: tuple[int, int] = (-1, 0)  # farthest right holding a value or formula: (column, row)
    lowest: int = 0  # the last row holding a value or formula, repeats counted
    lowest_xml: bytes = b""  # that row's cells
    unvalued: list[tuple[int, int, str]] = field(default_factory=list)

    def facts(self) -> SheetXml:
        right, right_row = self.widest
        cells = _Cells(self.lowest_xml)
        low = cells.first_valued()
        low = cells.last_filled() if low is None else low
        low_ref = "" if low is None else f"{column_letters(cells.column(low))}{self.lowest}"
        return SheetXml(
            first_row=self.first_row or 1,
            first_col=self.first_col or 0,
            hidden=self.hidden,
            unvalued=self.unvalued,
            widest=(right, f"{column_letters(right)}{right_row}" if right >= 0 else ""),
            lowest=(self.lowest, low_ref),
        )


@dataclass
class _Scan:
    """content.xml read as a stream, into facts per table."""

    name: str
    max_rows: int
    max_columns: int
    found: dict[str, SheetXml] = field(default_factory=dict)
    hidden_styles: set[bytes] = field(default_factory=set)
    style: bytes = b""
    table: _Table | None = None

    def read(self, chunks: Iterator[bytes]) -> None:
        data = b""
        for chunk in chunks:
            data += chunk
            data = data[self._feed(data, final=False) :]
        self._feed(data, final=True)
        self.close()

    def _feed(self, data: bytes, final: bool) -> int:
        """Read the rows and tags that `data` holds whole; where what is left begins."""
        limit = len(data) if final else max(0, len(data) - KEEP)
        odd = ODD.search(data)
        if odd is not None and odd.start() < limit:
            raise BadFile(self.name, f"{CONTENT} holds {_oddity(odd.group(0))}, {NOT_WRITTEN}")
        pos = 0
        while (event := EVENT.search(data, pos)) is not None and event.start() < limit:
            kind, at = event.lastindex, event.start()
            if kind == CELL_OUTSIDE:
                if self.table is not None:
                    raise self._odd("a cell outside a row")
                pos = event.end()
                continue
            if kind == TABLE_END:
                end = data.find(b">", event.end())
                if end == -1:
                    return self._waiting(data, at, final)
                self.close()
                pos = end + 1
                continue
            tag = TAG.match(data, at)
            if tag is None:  # cut off by the chunk's end, or not well-formed (calamine will say)
                if not final and data.find(b"<", at + 1) == -1:
                    return self._waiting(data, at, final)
                pos = at + 1
                continue
            pos = tag.end()
            if kind == STYLE:
                self._style(tag.group(0))
            elif kind == TABLE:
                self._open(tag.group(0), closed=tag.group(1) == b"/")
            elif self.table is not None:  # a row; rows outside a table are not read
                if tag.group(1) == b"/":
                    self._row(tag.group(0), b"")
                    continue
                row_end = ROW_END.search(data, pos)
                if row_end is None:
                    if final:
                        return len(data)  # an unfinished row: calamine will say
                    return self._waiting(data, at, final)
                self._row(tag.group(0), data[pos : row_end.start()])
                pos = row_end.end()
        return max(pos, limit)

    def _waiting(self, data: bytes, at: int, final: bool) -> int:
        """Keep `data` from `at` until more comes; a row longer than MAX_ROW_BYTES is refused."""
        if final:
            return len(data)
        if len(data) - at > MAX_ROW_BYTES:
            raise BadFile(
                self._where(),
                f"row {self._next_row():,} is more than {MAX_ROW_BYTES // 2**20} MB of XML: "
                "at most that much is read per row",
            )
        return at

    def _style(self, tag: bytes) -> None:
        """Remember which table styles hide their table (table:display="false")."""
        if tag.startswith(b"<style:style"):
            self.style = _value(STYLE_NAME, tag) or b""
        elif _value(DISPLAY, tag) == b"false":
            self.hidden_styles.add(self.style)

    def _open(self, tag: bytes, closed: bool) -> None:
        if self.table is not None:
            raise self._odd("a table inside a table")
        label = html.unescape((_value(NAME, tag) or b"").decode("utf-8", "replace"))
        self.table = _Table(label, hidden=_value(TABLE_STYLE, tag) in self.hidden_styles)
        if closed:
            self.close()

    def close(self) -> None:
        """The table being read, if any, is done: its facts are kept."""
        if self.table is None:
            return
        table, self.table = self.table, None
        facts = table.facts()
        before = self.found.get(table.label)
        if before is not None:  # two tables of one name: calamine builds both grids
            facts.widest = max(facts.widest, before.widest)
            facts.lowest = max(facts.lowest, before.lowest)
        self.found[table.label] = facts

    def _row(self, tag: bytes, inner: bytes) -> None:
        """Count a row (and its repeats); note where its cells holding a value lie."""
        table = self.table
        assert table is not None
        top = table.rows + 1
        table.rows += _repeats(ROWS_REPEATED, tag)
        bottom = table.rows
        nested = NESTED.search(inner)
        if nested is not None:
            what = "row" if nested.group(0).endswith(b"row") else "table"
            raise self._odd(f"a {what} inside a row", top)
        cells = _Cells(inner)
        last = cells.last_filled()
        if last is None:
            return
        right = cells.column(last) + cells.repeats(last) - 1
        table.widest = max(table.widest, (right, top))
        table.lowest, table.lowest_xml = bottom, inner
        if right >= self.max_columns or bottom > self.max_rows:
            raise _Beyond
        if table.first_row is None or table.first_col:  # where the sheet's grid begins
            first = cells.first_valued()
            if first is not None:
                left = cells.column(first)
                table.first_col = left if table.first_col is None else min(table.first_col, left)
                table.first_row = table.first_row or top
        if b"table:formula" in inner or (b"error" in inner and ERROR.search(inner)):
            self._unvalued(cells, top, bottom)

    def _unvalued(self, cells: _Cells, top: int, bottom: int) -> None:
        """List a row's error cells and formulas without a value (calamine reads them as empty)."""
        assert self.table is not None
        column = 0
        for start in cells.starts:
            repeats, tag = cells.repeats(start), cells.tag(start)
            shown = None
            if ERROR.search(tag):
                shown = cells.text(start) or "#ERROR"
            elif (formula := FORMULA.search(tag)) is not None and not VALUE.search(tag):
                shown = _formula(formula.group(1) or formula.group(2) or b"")
            if shown is not None:
                for row in range(top, min(bottom, self.max_rows) + 1):
                    for col in range(column, min(column + repeats, self.max_columns)):
                        self.table.unvalued.append((row, col, shown))
            column += repeats

    def _next_row(self) -> int:
        return self.table.rows + 1 if self.table is not None else 1

    def _where(self) -> str:
        return f"{self.name} [{self.table.label}]" if self.table is not None else self.name

    def _odd(self, what: str, row: int | None = None) -> BadFile:
        return BadFile(self._where(), f"{what} (row {row or self._next_row():,}), {NOT_WRITTEN}")


def _oddity(found: bytes) -> str:
    if found.startswith(b"<!--"):
        return "an XML comment"
    if found.startswith(b"<!["):
        return "a CDATA section"
    return "a processing instruction"


class _Cells:
    """The cells of one row, each known by where its start tag begins in the row's XML; only the
    cells asked about are looked at closely."""

    LOOK_BACK = 3  # cells looked at from a row's end before its marks are listed

    def __init__(self, inner: bytes) -> None:
        self.inner = inner

    @functools.cached_property
    def starts(self) -> list[int]:
        return [m.start() for m in CELL.finditer(self.inner)]

    def before(self, at: int) -> int:
        """The last cell beginning before position `at` (-1: none)."""
        start = self.inner.rfind(b"<table:table-cell", 0, at)
        if b"<table:covered-table-cell" in self.inner:  # merged cells: rare
            start = max(start, self.inner.rfind(b"<table:covered-table-cell", 0, at))
        return start

    def tag(self, start: int) -> bytes:
        """A cell's start tag (up to the next '<', which no attribute holds)."""
        end = self.inner.find(b"<", start + 1)
        return self.inner[start : end if end != -1 else len(self.inner)]

    def first_valued(self) -> int | None:
        """The first cell holding a value (one with only a formula holds none for calamine)."""
        found = VALUE.search(self.inner)
        if found is None:
            return None
        start = self.before(found.start())
        if start != -1 and VALUE.search(self.tag(start)):
            return start
        return next((s for s in self._marked(self._marks()) if VALUE.search(self.tag(s))), None)

    def last_filled(self) -> int | None:
        """The last cell holding a value or a formula (calamine spells out both). LibreOffice
        ends a row with one empty cell repeated to the edge, so a few cells are looked at from
        the end; past them, only the cells marked by a value or formula attribute are."""
        start = len(self.inner)
        for _ in range(self.LOOK_BACK):
            start = self.before(start)
            if start == -1:
                return None
            if FILLED.search(self.tag(start)):
                return start
        marks = reversed([at for at in self._marks() if at < start])
        return next((s for s in self._marked(marks) if FILLED.search(self.tag(s))), None)

    def _marks(self) -> list[int]:
        """Where a value or formula attribute may be (text may hold the same words)."""
        return [m.start() for m in MARK.finditer(self.inner)]

    def _marked(self, marks: Iterable[int]) -> Iterator[int]:
        """The cells holding these marks, in their order, each once."""
        last = -1
        for at in marks:
            i = bisect.bisect_right(self.starts, at) - 1
            if i != -1 and i != last:
                last = i
                yield self.starts[i]

    def repeats(self, start: int) -> int:
        return _repeats(COLUMNS_REPEATED, self.tag(start))

    def column(self, start: int) -> int:
        """A cell's column (0-based): the cells before it, repeats counted."""
        before = self.inner.count(b"<table:table-cell", 0, start)
        before += self.inner.count(b"<table:covered-table-cell", 0, start)
        repeated = COLUMNS_REPEATED.findall(self.inner, 0, start)
        return before + sum(max(1, _number(n)) - 1 for n in repeated) if repeated else before

    def text(self, start: int) -> str:
        """The text a cell shows (its paragraphs), as far as its first kilobyte goes."""
        begin = start + len(self.tag(start))
        end = CELL.search(self.inner, begin)
        stop = min(end.start() if end else len(self.inner), begin + 1024)
        text = MARKUP.sub(b"", self.inner[begin:stop])
        return html.unescape(text.decode("utf-8", "replace")).strip()


def _repeats(pattern: re.Pattern[bytes], tag: bytes) -> int:
    found = pattern.search(tag)
    return max(1, _number(found.group(1))) if found else 1


def _number(digits: bytes) -> int:
    return int(digits) if len(digits) <= 12 else HUGE


def _value(pattern: re.Pattern[bytes], tag: bytes) -> bytes | None:
    found = pattern.search(tag)
    return (found.group(1) if found.group(1) is not None else found.group(2)) if found else None


def _formula(raw: bytes) -> str:
    """'of:=SUM([.A1:.A2])' -> '=SUM([.A1:.A2])'."""
    text = html.unescape(raw.decode("utf-8", "replace"))
    body = text.split("=", 1)[1] if "=" in text else text
    return "=" + (body.strip() or "(formula)")
