"""What calamine does not say about an .xlsx: where each sheet starts, which sheets are
hidden, the cells it reads as empty though they are not (error cells such as `#N/A`, and
formulas saved without a value), and the farthest cell holding a value.

Every part of the workbook is inflated here once, as a stream, through the submission's
unpacking budget (etl/unpacking.py: a zip bomb and XML entities stop here). The farthest
cell matters because calamine allocates the whole grid from the first cell to the last
before anything can be checked: one value at XFD1048576 is a 512 GB grid. Cells whose
column has two or more letters, or whose row has seven or more digits, are the only ones
that can be far; they are looked at one by one, and only those holding a value count.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from etl import unpacking

FIRST_CELL = re.compile(rb'<c r="[A-Z]+([0-9]+)"[^>]*?>(?:(?!</c>).)*?<(?:v|t)[ >]', re.S)
CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
REF = re.compile(rb'\br="([A-Z]+)([0-9]+)"')
VALUE = re.compile(rb"<v>(.*?)</v>|<is>", re.S)
FORMULA = re.compile(rb"<f\b[^>]*?(?:/>|>(.*?)</f>)", re.S)
FAR = re.compile(rb'\sr="([A-Z]{2,3}[0-9]{1,7}|[A-Z][0-9]{7})"')  # BA1.., or row 1,000,000 on
HEAD = 4 * 2**20  # bytes of a sheet's start looked through for its first cell
OVERLAP = 4096  # bytes of a chunk's end looked at again with the next chunk


@dataclass
class SheetXml:
    """One sheet's facts from its XML."""

    first_row: int = 1  # row number (1-based) of its first cell holding a value
    first_col: int = 0  # column (0-based) of its leftmost cell holding a value
    hidden: bool = False
    unvalued: list[tuple[int, int, str]] = field(default_factory=list)  # (row, col, text shown)
    # Far cells holding a value (column BA or beyond, or row 1,000,000 or beyond), if any:
    widest: tuple[int, str] = (-1, "")  # the one farthest right: (column, 0-based; its reference)
    lowest: tuple[int, str] = (0, "")  # the one farthest down: (row, 1-based; its reference)


def sheets(
    content: bytes, budget: unpacking.Budget | None = None, name: str = "workbook"
) -> dict[str, SheetXml]:
    """Per sheet label: its facts; {} when the workbook is not a readable .xlsx zip (calamine
    will say). Raises unpacking.TooLarge or unpacking.Entities naming the workbook `name`."""
    budget = budget or unpacking.Budget(1 << 62)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            book = archive.read("xl/workbook.xml").decode("utf-8")
            rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
            targets = dict(re.findall(r'Id="([^"]+)"[^>]*?Target="([^"]+)"', rels))
            targets.update(
                (i, t) for t, i in re.findall(r'Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)
            )
            labels: dict[str, tuple[str, bool]] = {}  # sheet part -> (label, hidden)
            for tag in re.findall(r"<sheet [^>]*>", book):
                label = re.search(r'name="([^"]*)"', tag)
                rid = re.search(r'r:id="([^"]*)"', tag)
                if not label or not rid or rid.group(1) not in targets:
                    continue
                target = targets[rid.group(1)].lstrip("/")
                path = target if target.startswith("xl/") else f"xl/{target}"
                hidden = 'state="hidden"' in tag or 'state="veryHidden"' in tag
                labels[path] = (unescape(label.group(1)), hidden)
            found: dict[str, SheetXml] = {}
            for info in archive.infolist():
                if info.is_dir():
                    continue
                if info.filename not in labels:
                    unpacking.drain(archive, info, budget, name)
                    continue
                sheet, hidden = labels[info.filename]
                facts = _facts(archive, info, unpacking.stream(archive, info, budget, name))
                facts.hidden = hidden
                found[sheet] = facts
            return found
    except (unpacking.TooLarge, unpacking.Entities):
        raise
    except (KeyError, zipfile.BadZipFile, ValueError, OSError, EOFError, UnicodeDecodeError):
        return {}
    except Exception:  # zlib.error and the like from a corrupt stream: calamine will say
        return {}


def _facts(archive: zipfile.ZipFile, info: zipfile.ZipInfo, chunks: Iterator[bytes]) -> SheetXml:
    """A sheet's facts from its chunks; the sheet is read again, whole, only when it has error
    cells or formulas (most have neither)."""
    facts, head, tail, marked = SheetXml(), b"", b"", False
    first = None
    for chunk in chunks:
        text = tail + chunk
        if first is None and len(head) < HEAD:
            head += chunk
            first = FIRST_CELL.search(head)
        marked = marked or _marked(text)
        _far(facts, text)
        tail = text[-OVERLAP:]
    facts.first_row = int(first.group(1)) if first else 1
    if not marked:
        return facts
    with archive.open(info) as stream:
        xml = stream.read()  # already counted against the budget above
    first_col = None
    for match in CELL.finditer(xml):
        attrs, inner = match.group(1), match.group(2) or b""
        ref = REF.search(attrs)
        if ref is None:
            continue
        row, col = int(ref.group(2)), column_index(ref.group(1).decode())
        value = VALUE.search(inner)
        has_value = value is not None and (value.group(0) == b"<is>" or value.group(1) != b"")
        # A formula's value is cached in <v>; an empty <v> is an empty text only when t="str"
        # (as Excel writes it), else nothing was cached (openpyxl, xlsxwriter, scripts).
        cached = has_value or (value is not None and b't="str"' in attrs)
        if b't="e"' in attrs:
            shown = (
                value.group(1).decode("utf-8", "replace") if value and value.group(1) else "#ERROR"
            )
            facts.unvalued.append((row, col, unescape(shown)))
        elif not cached and (formula := FORMULA.search(inner)) is not None:
            source = (formula.group(1) or b"").decode("utf-8", "replace")
            facts.unvalued.append((row, col, "=" + (unescape(source) or "(formula)")))
        if has_value:
            first_col = col if first_col is None else min(first_col, col)
    facts.first_col = first_col or 0
    return facts


def _far(facts: SheetXml, xml: bytes) -> None:
    """Note the far cells of `xml` that hold a value. A cell cut off by the chunk's end is
    looked at again with the next chunk; one longer than the overlap counts as holding one."""
    for match in FAR.finditer(xml):
        end = xml.find(b">", match.end())
        if end != -1 and xml[end - 1 : end] == b"/":
            continue  # <c r="XFD1" s="3"/>: formatting, no value
        close = xml.find(b"</c>", end) if end != -1 else -1
        if close == -1 and match.start() >= len(xml) - OVERLAP:
            continue
        inner = xml[end:close] if close != -1 else b"<v>"
        if b"<v>" not in inner and b"<is>" not in inner and b"<f" not in inner:
            continue
        ref = match.group(1).decode()
        letters = ref.rstrip("0123456789")
        row, col = int(ref[len(letters) :]), column_index(letters)
        facts.widest = max(facts.widest, (col, ref))
        facts.lowest = max(facts.lowest, (row, ref))


def _marked(xml: bytes) -> bool:
    return b't="e"' in xml or b"<f>" in xml or b"<f " in xml or b"<f/>" in xml


def column_index(letters: str) -> int:
    """'A' -> 0, 'AB' -> 27."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def column_letters(col: int) -> str:
    """0 -> 'A', 63 -> 'BL'."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def unescape(text: str) -> str:
    """XML's five entities back to characters."""
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )
