"""CSV bytes as they come -> UTF-8 with LF line endings, and the delimiter they use.

Encodings: UTF-8 (with or without BOM), UTF-16 with its BOM, Windows-874 (TIS-620).
Line endings: LF, CRLF, CR alone (old Mac exports) or a mix. Delimiters: `,` `;` tab `|`,
chosen by which one splits the first lines into the sheet's known headers (else the
one that splits them most evenly).
"""

from __future__ import annotations

import codecs
import csv
import io

import numpy

from etl.errors import BadFile
from etl.headers import HEADER_SEARCH, expected
from etl.normalise import header_key
from etl.schemas import Sheet

DELIMITERS = (",", ";", "\t", "|")
SAMPLE_BYTES = 64 * 1024


def to_utf8(name: str, content: bytes) -> bytes:
    """UTF-8 bytes without a BOM, from UTF-8, UTF-16 (with BOM) or Windows-874."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return content.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError as error:
            raise BadFile(
                name, f"text marked as UTF-16 cannot be decoded: {error.reason}"
            ) from error
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
        raise BadFile(name, "text is neither UTF-8, UTF-16 nor Windows-874 (TIS-620)") from error


def lf_lines(data: bytes) -> bytes:
    """Every line ending (CRLF, CR alone) as LF."""
    if b"\r" not in data:
        return data
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def delimiter(sheet: Sheet, data: bytes) -> tuple[str, int]:
    """The delimiter of UTF-8, LF-ended CSV text of this sheet, and the widest of its first rows
    (up to its last cell holding something)."""
    sample = data[:SAMPLE_BYTES].decode("utf-8", errors="ignore")
    lines = sample.split("\n")[:HEADER_SEARCH]
    if len(data) > SAMPLE_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last line of a cut sample may be cut
    wanted = expected(sheet)
    best, best_score, best_width = ",", (-1, -1), 1
    for candidate in DELIMITERS:
        rows = _split(lines, candidate)
        known = max(
            (len({wanted[k] for k in map(header_key, row) if k in wanted}) for row in rows),
            default=0,
        )
        widths = [len(row) for row in rows if len(row) > 1]
        even = max((widths.count(w) for w in set(widths)), default=0)
        score = (known, even)
        if score > best_score:
            filled = [_filled(row) for row in rows if len(row) > 1]
            best, best_score, best_width = candidate, score, max([1, *filled])
    return best, best_width


def _filled(row: list[str]) -> int:
    """A row's width up to its last cell holding something (trailing empty cells are not
    columns: a line of 30,000 commas is one column wide)."""
    width = len(row)
    while width > 1 and not row[width - 1].strip():
        width -= 1
    return width


def longest_line(data: bytes) -> tuple[int, int]:
    """The longest line of LF-ended text: its number (1-based) and its length in bytes."""
    ends = numpy.flatnonzero(numpy.frombuffer(data, dtype=numpy.uint8) == 10)
    bounds = numpy.concatenate(([-1], ends, [len(data)]))
    lengths = numpy.diff(bounds) - 1
    at = int(lengths.argmax())
    return at + 1, int(lengths[at])


def _split(lines: list[str], candidate: str) -> list[list[str]]:
    try:
        return list(csv.reader(io.StringIO("\n".join(lines)), delimiter=candidate))
    except csv.Error:
        return []
