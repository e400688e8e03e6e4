"""Finding a sheet's header row among its first rows, and matching headers to the contract.

Government forms put a report title and the district above the header; the header is
the row (of the first HEADER_SEARCH) that names the most of the sheet's columns. A
sheet none of whose first rows names any of its columns is not understood: its
district fails, with the headers found and the nearest ones expected.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from etl.errors import BadFile
from etl.normalise import header_key
from etl.schemas import Sheet

HEADER_SEARCH = 20  # rows looked at for the header


@dataclass(frozen=True)
class Header:
    """Where the header is (0-based row of the grid) and which grid column feeds which name."""

    row: int
    columns: dict[int, str]  # grid column index -> contract column name
    unknown: tuple[str, ...]  # headers of that row that name nothing of the sheet


def expected(sheet: Sheet) -> dict[str, str]:
    """Header key (English or Thai) -> contract column name."""
    wanted = {c.name: c.name for c in sheet.columns}
    wanted.update({header_key(c.thai): c.name for c in sheet.columns})
    return wanted


def find_header(sheet: Sheet, rows: Sequence[Sequence[object]], where: str) -> Header:
    """The header among the first rows; BadFile naming `where` when no row names a column."""
    wanted = expected(sheet)
    best: Header | None = None
    best_count = 0
    for index, row in enumerate(rows[:HEADER_SEARCH]):
        columns: dict[int, str] = {}
        unknown: list[str] = []
        for at, cell in enumerate(row):
            key = header_key(str(cell)) if cell is not None else ""
            target = wanted.get(key)
            if target is not None and target not in columns.values():
                columns[at] = target
            elif target is not None:
                unknown.append(f"{str(cell).strip()} (a second {target} column)")
            elif key:
                unknown.append(str(cell).strip())
        if len(columns) > best_count:
            best, best_count = Header(index, columns, tuple(unknown)), len(columns)
    if best is None:
        raise BadFile(where, not_understood(sheet, rows))
    return best


def not_understood(sheet: Sheet, rows: Sequence[Sequence[object]]) -> str:
    """Why no header row was found: the headers found and the nearest expected ones."""
    found = next(
        (
            [str(c).strip() for c in row if c is not None and str(c).strip()]
            for row in rows[:HEADER_SEARCH]
            if any(c is not None and str(c).strip() for c in row)
        ),
        [],
    )
    if not found:
        return (
            f"the {sheet.name} sheet has no header row (nothing in its first {HEADER_SEARCH} rows)"
        )
    labels = [c.name for c in sheet.columns] + [c.thai for c in sheet.columns]
    nearest = []
    for text in found[:12]:
        close = difflib.get_close_matches(text.lower(), labels, n=1, cutoff=0.5)
        if close:
            nearest.append(f"{_short(text)!r} → {close[0]!r}")
    shown = ", ".join(repr(_short(t)) for t in found[:12]) + (" …" if len(found) > 12 else "")
    hint = f"; nearest expected: {', '.join(nearest)}" if nearest else ""
    names = ", ".join(c.name for c in sheet.columns)
    return (
        f"no header row of the {sheet.name} sheet found in its first {HEADER_SEARCH} rows: "
        f"headers found {shown}{hint} (expected some of: {names})"
    )


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"
