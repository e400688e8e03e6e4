"""Ways to break a valid submission, each deterministic from a random.Random.

A mutator changes the tables (and the layout) in place and says what the ETL must do:
load it (the data rows are then counted from the tables, see model.data_rows), fail
it (naming where), or either (bytes broken at random). Byte-level damage is applied
after writing (`Variant.damage`).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from etl.schemas import BY_NAME
from tests.etl.fuzz.cells import (
    blank_rows,
    cell_values,
    duplicates,
    every_column,
    fewer_rows,
    huge_cell,
    merged_cells,
    orphans,
)
from tests.etl.fuzz.model import Expect, Layout, Table, known_columns, pick

TITLES = [
    ["รายงานข้อมูลชมรมอาสาพัฒนาชุมชน ปีงบประมาณ 2568"],
    ["สำนักงานพัฒนาชุมชนอำเภอ"],
    [""],
    ["วันที่พิมพ์ 1/10/2568"],
]
NEAR_MISS = {
    "members": "member",
    "meetings": "meeting",
    "activities": "activitie",
    "attendance": "attendence",
    "governance": "govern",
    "clubs": "club",
}


@dataclass
class Variant:
    """One broken submission of one district."""

    name: str
    district: str
    tables: list[Table]
    layout: Layout
    expect: Expect
    damage: str = ""  # truncate | corrupt | empty | odd:<kind>: applied to the written files


def file_of(table: Table, layout: Layout, district: str) -> list[str]:
    """What a message about this table must name: its file, and its sheet in a workbook."""
    if layout.fmt == "xlsx":
        return [f"{district}.xlsx", table.label]
    return [f"{table.label}.csv"]


def _typo(rng: random.Random, text: str, taken: set[str]) -> str:
    for _ in range(20):
        at = rng.randrange(max(1, len(text)))
        way = rng.randrange(3)
        new = (
            (text[:at] + text[at + 1 :])
            if way == 0
            else (text[:at] + text[at] * 2 + text[at + 1 :])
            if way == 1
            else (text[:at] + "x" + text[at:])
        )
        if new.strip().lower() not in taken and new.strip():
            return new
    return text + "zz"


def _taken(table: Table) -> set[str]:
    sheet = BY_NAME[table.sheet]
    return {c.name for c in sheet.columns} | {c.thai for c in sheet.columns}


def clean(rng: random.Random, tables: list[Table], layout: Layout, district: str) -> Expect:
    return Expect("loaded")


def title_rows(rng: random.Random, tables: list[Table], layout: Layout, district: str) -> Expect:
    for table in rng.sample(tables, rng.randint(1, len(tables))):
        table.titles = [list(t) for t in TITLES[: rng.randint(1, 4)]]
        table.title_merged = rng.random() < 0.5  # across the header's width, in a workbook
    return Expect("loaded")


def headers_all_typos(
    rng: random.Random, tables: list[Table], layout: Layout, district: str
) -> Expect:
    table = pick(rng, tables)
    taken = {t.lower() for t in _taken(table)}
    table.header = [_typo(rng, h, taken) for h in table.header]
    return Expect("failed", file_of(table, layout, district))


def header_typo_required(
    rng: random.Random, tables: list[Table], layout: Layout, district: str
) -> Expect:
    table = pick(rng, tables)
    sheet = BY_NAME[table.sheet]
    required = [at for at in known_columns(table) if sheet.column(_name(table, at)).required]
    at = rng.choice(required)
    table.header[at] = _typo(rng, table.header[at], {t.lower() for t in _taken(table)})
    return Expect("failed", file_of(table, layout, district))


def header_typo_optional(
    rng: random.Random, tables: list[Table], layout: Layout, district: str
) -> Expect:
    optional = [
        (t, at)
        for t in tables
        for at in known_columns(t)
        if not BY_NAME[t.sheet].column(_name(t, at)).required
    ]
    table, at = rng.choice(optional)
    table.header[at] = _typo(rng, table.header[at], {t.lower() for t in _taken(table)})
    return Expect("loaded")


def _name(table: Table, at: int) -> str:
    header = table.header[at].strip().rstrip("*").strip().lower()
    return next(c.name for c in BY_NAME[table.sheet].columns if header in (c.name, c.thai.lower()))


def headers_dressed(
    rng: random.Random, tables: list[Table], layout: Layout, district: str
) -> Expect:
    """Thai labels, capitals, a required star, spaces and zero-width characters around headers."""
    for table in tables:
        sheet = BY_NAME[table.sheet]
        for at in known_columns(table):
            column = sheet.column(_name(table, at))
            label = column.thai if rng.random() < 0.5 else column.name.upper()
            table.header[at] = (
                rng.choice(["", " ", "\u200b"]) + label + rng.choice(["", " *", "*", "\u00a0"])
            )
    return Expect("loaded")


def extra_columns(rng: random.Random, tables: list[Table], layout: Layout, district: str) -> Expect:
    table = pick(rng, tables)
    at = rng.randint(0, len(table.header))
    table.header.insert(at, rng.choice(["หมายเหตุ", "notes", "ลำดับ", ""]))
    for row in table.rows:
        row.insert(at, rng.choice(["x", "", "1"]))
    return Expect("loaded")


def shuffled_columns(
    rng: random.Random, tables: list[Table], layout: Layout, district: str
) -> Expect:
    table = pick(rng, tables)
    order = list(range(len(table.header)))
    rng.shuffle(order)
    table.header = [table.header[i] for i in order]
    table.rows = [[row[i] if i < len(row) else "" for i in order] for row in table.rows]
    return Expect("loaded")


def sheet_near_miss(
    rng: random.Random, tables: list[Table], layout: Layout, district: str
) -> Expect:
    table = pick(rng, tables)
    table.label, was = NEAR_MISS[table.sheet], table.sheet
    table.sheet = ""
    if was == "clubs":
        return Expect("failed", ["no clubs sheet", table.label])
    return Expect("loaded")


def sheet_twice(rng: random.Random, tables: list[Table], layout: Layout, district: str) -> Expect:
    table = pick(rng, tables)
    twin = Table(
        table.sheet,
        BY_NAME[table.sheet].thai,
        list(table.header),
        [list(r) for r in table.rows[:2]],
    )
    tables.insert(rng.randint(0, len(tables)), twin)
    return Expect("failed", [table.label, twin.label, "both"])


def hidden_sheet(rng: random.Random, tables: list[Table], layout: Layout, district: str) -> Expect:
    layout.fmt = "xlsx"
    pick(rng, tables, but="clubs").hidden = True
    return Expect("loaded")


def drop_sheet(rng: random.Random, tables: list[Table], layout: Layout, district: str) -> Expect:
    tables.remove(pick(rng, tables, but="clubs"))
    return Expect("loaded")


def layout_only(rng: random.Random, tables: list[Table], layout: Layout, district: str) -> Expect:
    layout.fmt = rng.choice(["csv", "zip"])
    return Expect("loaded")


def truncated(rng: random.Random, tables: list[Table], layout: Layout, district: str) -> Expect:
    return Expect(
        "failed" if layout.fmt == "xlsx" else "either",
        [f"{district}.xlsx"] if layout.fmt == "xlsx" else [],
    )


def corrupted(rng: random.Random, tables: list[Table], layout: Layout, district: str) -> Expect:
    return Expect("either")


MUTATORS: dict[str, Callable[[random.Random, list[Table], Layout, str], Expect]] = {
    f.__name__: f
    for f in (
        clean,
        title_rows,
        headers_all_typos,
        header_typo_required,
        header_typo_optional,
        headers_dressed,
        extra_columns,
        shuffled_columns,
        sheet_near_miss,
        sheet_twice,
        blank_rows,
        cell_values,
        every_column,
        huge_cell,
        merged_cells,
        hidden_sheet,
        duplicates,
        orphans,
        drop_sheet,
        fewer_rows,
        layout_only,
        truncated,
        corrupted,
    )
}
DAMAGE = {"truncated": "truncate", "corrupted": "corrupt"}
LAYOUTS = ("merged_cells", "hidden_sheet", "layout_only")
BENIGN = (
    "blank_rows",
    "cell_values",
    "every_column",
    "huge_cell",
    "duplicates",
    "fewer_rows",
    "title_rows",
    *LAYOUTS,
)
ODD_SOURCES = (
    "missing",
    "empty_folder",
    "only_a_pdf",
    "empty_workbook",
    "text_as_workbook",
    "empty_zip",
    "empty_clubs_csv",
)
# Sources only the run's checks of a local path make safe (etl/local.py: a FIFO would hang a
# reader that opened it blindly); `tasks.py fuzz --hostile` sends them too.
HOSTILE_SOURCES = ("fifo", "dev_zero", "symlink_loop")


def random_layout(rng: random.Random) -> Layout:
    """Any layout but the baseline's (CSV, comma, LF, UTF-8, minimal quoting)."""
    while True:
        layout = Layout(
            fmt=rng.choice(["csv", "xlsx", "zip", "xlsx"]),
            delimiter=rng.choice([",", ";", "\t", "|"]),
            endings=rng.choice(["\n", "\r\n", "\r", "mixed"]),
            encoding=rng.choice(["utf-8", "utf-8-sig", "utf-16", "cp874"]),
            quote_all=rng.random() < 0.3,
        )
        if layout != Layout():
            return layout


def variant(rng: random.Random, district: str, base: list[Table], hostile: bool = False) -> Variant:
    """One variant of a district's base submission: a mutator or an odd source."""
    layout = random_layout(rng)
    if rng.random() < 0.05:
        odd = rng.choice(ODD_SOURCES + (HOSTILE_SOURCES if hostile else ()))
        return Variant(
            f"odd_source:{odd}", district, _copy(base), layout, Expect("failed"), f"odd:{odd}"
        )
    name = rng.choice(list(MUTATORS))
    tables = _copy(base)
    # Often with more damage of the kinds that leave sheets and headers as they are: first
    # those that choose the format (a failure names the file in its format), after the rest.
    extra = rng.sample(list(BENIGN), rng.choice([0, 0, 1, 2])) if name not in DAMAGE else []
    for first in [e for e in extra if e in LAYOUTS]:
        MUTATORS[first](rng, tables, layout, district)
    expect = MUTATORS[name](rng, tables, layout, district)
    for after in [e for e in extra if e not in LAYOUTS]:
        MUTATORS[after](rng, tables, layout, district)
    return Variant("+".join([name, *extra]), district, tables, layout, expect, DAMAGE.get(name, ""))


def _copy(tables: list[Table]) -> list[Table]:
    return [
        Table(
            t.sheet, t.label, list(t.header), [list(r) for r in t.rows], [list(x) for x in t.titles]
        )
        for t in tables
    ]
