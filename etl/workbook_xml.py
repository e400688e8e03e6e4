"""What calamine does not say about an .xlsx: where each sheet starts, which sheets are
hidden, and the cells it reads as empty though they are not (error cells such as
`#N/A`, and formulas saved without a value).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

FIRST_CELL = re.compile(rb'<c r="[A-Z]+([0-9]+)"[^>]*?>(?:(?!</c>).)*?<(?:v|t)[ >]', re.S)
CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
REF = re.compile(rb'\br="([A-Z]+)([0-9]+)"')
VALUE = re.compile(rb"<v>(.*?)</v>|<is>", re.S)
FORMULA = re.compile(rb"<f\b[^>]*?(?:/>|>(.*?)</f>)", re.S)
READ_LIMIT = 512 * 2**20  # bytes of one sheet's XML looked through, at most
CHUNK = 4 * 2**20


@dataclass
class SheetXml:
    """One sheet's facts from its XML."""

    first_row: int = 1  # row number (1-based) of its first cell holding a value
    first_col: int = 0  # column (0-based) of its leftmost cell holding a value
    hidden: bool = False
    unvalued: list[tuple[int, int, str]] = field(default_factory=list)  # (row, col, text shown)


def sheets(content: bytes) -> dict[str, SheetXml]:
    """Per sheet label: its facts; {} when the workbook is not a readable .xlsx zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            book = archive.read("xl/workbook.xml").decode("utf-8")
            rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
            targets = dict(re.findall(r'Id="([^"]+)"[^>]*?Target="([^"]+)"', rels))
            targets.update(
                (i, t) for t, i in re.findall(r'Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)
            )
            found: dict[str, SheetXml] = {}
            for tag in re.findall(r"<sheet [^>]*>", book):
                label = re.search(r'name="([^"]*)"', tag)
                rid = re.search(r'r:id="([^"]*)"', tag)
                if not label or not rid or rid.group(1) not in targets:
                    continue
                target = targets[rid.group(1)].lstrip("/")
                path = target if target.startswith("xl/") else f"xl/{target}"
                facts = _facts(archive, path)
                facts.hidden = 'state="hidden"' in tag or 'state="veryHidden"' in tag
                found[unescape(label.group(1))] = facts
            return found
    except (KeyError, zipfile.BadZipFile, ValueError, OSError, EOFError, UnicodeDecodeError):
        return {}
    except Exception:  # zlib.error and the like from a corrupt stream: calamine will say
        return {}


def _facts(archive: zipfile.ZipFile, path: str) -> SheetXml:
    with archive.open(path) as stream:
        chunk = stream.read(CHUNK)
        first = FIRST_CELL.search(chunk)
        facts = SheetXml(first_row=int(first.group(1)) if first else 1)
        # Most sheets have neither error cells nor formulas: look for them chunk by chunk,
        # and read the sheet again, whole, only when there are some.
        marked, read = _marked(chunk), len(chunk)
        while not marked and len(chunk) == CHUNK and read < READ_LIMIT:
            overlap = chunk[-8:]
            chunk = stream.read(CHUNK)
            read += len(chunk)
            marked = _marked(overlap + chunk)
    if not marked:
        return facts
    with archive.open(path) as stream:
        xml = stream.read(READ_LIMIT)
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
            text = (formula.group(1) or b"").decode("utf-8", "replace")
            facts.unvalued.append((row, col, "=" + (unescape(text) or "(formula)")))
        if has_value:
            first_col = col if first_col is None else min(first_col, col)
    facts.first_col = first_col or 0
    return facts


def _marked(xml: bytes) -> bool:
    return b't="e"' in xml or b"<f>" in xml or b"<f " in xml or b"<f/>" in xml


def column_index(letters: str) -> int:
    """'A' -> 0, 'AB' -> 27."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def unescape(text: str) -> str:
    """XML's five entities back to characters."""
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )
