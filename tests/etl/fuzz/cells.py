"""Breakages of rows and cells: blank rows of every kind of space, every kind of value in any
column, huge cells, merged cells, duplicates, rows naming nothing, fewer rows."""

from __future__ import annotations

import random

from tests.etl.fuzz.model import Expect, Layout, Special, Table, known_columns, pick

BLANK_CELLS = ["", " ", "\u3000", "\u200b", "\u00a0", "\u200b\u3000 ", "\ufeff", "\t"]


VALUES: list[str | Special] = [
    "abc",
    "12",
    "-5",
    "0",
    "12.5",
    "1e400",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "Infinity",
    "99999999999999999999",
    "2147483648",
    "2560-01-01",
    "42",
    "15/07/2492",
    "01/01/1900",
    "15/07/2600",
    "15/07/2565 09:00",
    "15 ก.ค. 2565 09:00:01",
    "15-ก.ค.-2565",
    "31/02/2565",
    "15 มี.ค 2565",
    "15 กรกฏาคม 2565",
    "TRUE",
    "FALSE",
    "=SUM(A1:A3)",
    "#N/A",
    "#DIV/0!",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#NULL!",
    "a\nb",
    '"quoted"',
    "a,b;c|d\te",
    "🙂",
    "๑๒๓",
    "0x1F",
    "  padded  ",
    "ก" * 3000,
    "<b>html</b>",
    "'leading quote",
    Special("number", 12.0, "12"),
    Special("number", 1e300, "1e+300"),
    Special("number", -3.0, "-3"),
    Special("number", float("nan"), "#NUM!"),
    Special("number", 44757.0, "44757"),
    Special("bool", True, "TRUE"),
    Special("formula", "=1+1", "2"),
    Special("formula", "=A1+B1", "=A1+B1"),
    Special("formula", '=""', '=""'),
    Special("error", "#N/A", "#N/A"),
    Special("error", "#DIV/0!", "#DIV/0!"),
]


def blank_rows(rng: random.Random, tables: list[Table], layout: Layout, district: str) -> Expect:
    for table in rng.sample(tables, rng.randint(1, len(tables))):
        for _ in range(rng.randint(1, 4)):
            width = len(table.header)
            table.rows.insert(
                rng.randint(0, len(table.rows)), [rng.choice(BLANK_CELLS) for _ in range(width)]
            )
    return Expect("loaded")


def cell_values(rng: random.Random, tables: list[Table], layout: Layout, district: str) -> Expect:
    """Every kind of value in random known columns of random rows."""
    for _ in range(rng.randint(1, 12)):
        table = pick(rng, [t for t in tables if t.rows] or tables)
        if not table.rows or not known_columns(table):
            continue
        row = rng.choice(table.rows)
        at = rng.choice(known_columns(table))
        value = rng.choice(VALUES)
        row[at] = value
    return Expect("loaded")


def every_column(rng: random.Random, tables: list[Table], layout: Layout, district: str) -> Expect:
    """One sheet gets a value of the pool in each of its columns (a row each)."""
    table = pick(rng, [t for t in tables if t.rows] or tables)
    for at in known_columns(table) if table.rows else []:
        value = rng.choice(VALUES)
        rng.choice(table.rows)[at] = value
    return Expect("loaded")


def huge_cell(rng: random.Random, tables: list[Table], layout: Layout, district: str) -> Expect:
    table = pick(rng, [t for t in tables if t.rows] or tables)
    if table.rows and known_columns(table):
        size = 32_000 if layout.fmt == "xlsx" else rng.choice([70_000, 1_000_000])
        rng.choice(table.rows)[rng.choice(known_columns(table))] = "ก" * size
    return Expect("loaded")


def merged_cells(rng: random.Random, tables: list[Table], layout: Layout, district: str) -> Expect:
    """Merged ranges in data rows (model.workbook empties the cells a merge covers)."""
    layout.fmt = "xlsx"
    table = pick(rng, [t for t in tables if len(t.rows) > 2] or tables)
    if len(table.rows) > 2 and len(table.header) > 1:
        r0 = rng.randrange(len(table.rows) - 2)
        c0 = rng.randrange(len(table.header) - 1)
        across = rng.random() < 0.5
        table.merges.append(
            (r0, c0, r0, c0 + rng.randint(1, 2)) if across else (r0, c0, r0 + 1, c0)
        )
    return Expect("loaded")


def duplicates(rng: random.Random, tables: list[Table], layout: Layout, district: str) -> Expect:
    table = pick(rng, [t for t in tables if t.rows] or tables)
    for row in rng.sample(table.rows, min(len(table.rows), rng.randint(1, 5))):
        table.rows.insert(rng.randint(0, len(table.rows)), list(row))
    return Expect("loaded")


def orphans(rng: random.Random, tables: list[Table], layout: Layout, district: str) -> Expect:
    table = pick(rng, [t for t in tables if t.sheet != "clubs" and t.rows] or tables, but="clubs")
    for row in (
        rng.sample(table.rows, min(len(table.rows), rng.randint(1, 5)))
        if known_columns(table)
        else []
    ):
        row[known_columns(table)[0]] = rng.choice(["NOPE-1", "6299-999", "๙๙๙"])
    return Expect("loaded")


def fewer_rows(rng: random.Random, tables: list[Table], layout: Layout, district: str) -> Expect:
    table = pick(rng, tables)
    table.rows = table.rows[: rng.randint(0, len(table.rows))]
    return Expect("loaded")
