"""Files crafted to hurt a reader: small on disk, enormous or endless once read."""

from __future__ import annotations

import io
import zipfile

import xlsxwriter

CLUBS = [
    ["club_id", "name", "network_type", "subdistrict_code"],
    ["6205-001", "ชมรมอาสาพัฒนาชุมชนคลองขลุง", "cdv_club", "620501"],
    ["6205-002", "ชมรมสตรีคลองขลุง", "women", "620502"],
]


def workbook(
    extra_xml: bytes = b"", sheet: str = "ชมรม", rows: list[list[str]] | None = None
) -> bytes:
    """A small real workbook (one clubs sheet) with `extra_xml` added at the end of its sheet data."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    page = book.add_worksheet(sheet)
    for n, row in enumerate(rows or CLUBS):
        page.write_row(n, 0, row)
    book.close()
    return rewrite(
        buffer.getvalue(),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b"</sheetData>", extra_xml + b"</sheetData>"),
    )


def rewrite(data: bytes, member: str, change) -> bytes:  # type: ignore[no-untyped-def]
    """The zip `data` with one member's bytes passed through `change`."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info, change(content) if info.filename == member else content)
    return out.getvalue()


def far_cell(ref: str = "XFD1048576") -> bytes:
    """The workbook with one value at `ref`: calamine would build the grid from A1 to it
    (XFD1048576: 16,384 × 1,048,576 cells, a 512 GB allocation that aborts the process)."""
    row = ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return workbook(
        f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>x</t></is></c></row>'.encode()
    )


def unreferenced_cells(columns: int = 100) -> bytes:
    """A value a million rows down, placed by cells without references: no check of the
    cell references sees it, and calamine asks for columns × 1,000,000 cells (3.2 GB at 100)."""
    cells = b"<c/>" * (columns - 1) + b'<c t="inlineStr"><is><t>x</t></is></c>'
    return workbook(b'<row r="1000000">' + cells + b"</row>")


def wide_csv_zip(columns: int = 30_000, lines: int = 4_000) -> bytes:
    """A zip of a clubs CSV whose every line ends in `columns` empty cells (120 MB unpacked)."""
    empty = "," * columns
    text = (
        ",".join(CLUBS[0])
        + empty
        + "\n"
        + "".join(",".join(CLUBS[1]) + empty + "\n" for _ in range(lines))
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr("clubs.csv", text)
    return out.getvalue()


def zipped_workbook(book: bytes, name: str = "6205.xlsx") -> bytes:
    """A zip holding one workbook."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr(name, book)
    return out.getvalue()


def inflating_workbook(megabytes: int) -> bytes:
    """A workbook whose sheet XML inflates to `megabytes` MB of padding (compressed: ~1/1000)."""
    padding = b"<!-- " + b" " * (megabytes * 2**20) + b" -->"
    return workbook(padding)


def entity_workbook() -> bytes:
    """A workbook whose shared strings declare entities (billion laughs)."""
    laughs = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
    return rewrite(workbook(), "xl/sharedStrings.xml", lambda xml: laughs + xml.split(b"?>", 1)[-1])
