"""Ways to break a valid submission, each deterministic from a random.Random.

A mutator changes the tables (and the layout) in place and says what the ETL must do:
load it (the data rows are then counted from the tables, see model.data_rows), fail
it (naming where), or either (bytes broken at random). Byte-level damage is applied
after writing (`Variant.damage`).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from etl.schemas import BY_NAME
from tests.etl.fuzz.model import Layout, Special, Table, known_columns

TITLES = [
    ["รายงานข้อมูลชมรมอาสาพัฒนาชุมชน ปีงบประมาณ 2568"],
    ["สำนักงานพัฒนาชุมชนอำเภอ"],
    [""],
    ["วันที่พิมพ์ 1/10/2568"],
]
BLANK_CELLS = ["", " ", "\u3000", "\u200b", "\u00a0", "\u200b\u3000 ", "\ufeff", "\t"]
NEAR_MISS = {
    "members": "member",
    "meetings": "meeting",
    "activities": "activitie",
    "attendance": "attendence",
    "governance": "govern",
    "clubs": "club",
}
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


@dataclass
class Expect:
    """What the ETL must do with a variant."""

    status: str  # loaded | failed | either
    where: list[str] = field(default_factory=list)  # text the failure message must hold


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


def _pick(rng: random.Random, tables: list[Table], but: str = "") -> Table:
    """A table that is a sheet of the contract (not `but`), whose header it still knows."""
    return rng.choice(
        [t for t in tables if t.sheet and t.sheet != but and known_columns(t)]
        or [t for t in tables if t.sheet]
    )


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
    table = _pick(rng, tables)
    taken = {t.lower() for t in _taken(table)}
    table.header = [_typo(rng, h, taken) for h in table.header]
    return Expect("failed", file_of(table, layout, district))


def header_typo_required(
    rng: random.Random, tables: list[Table], layout: Layout, district: str
) -> Expect:
    table = _pick(rng, tables)
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
    table = _pick(rng, tables)
    at = rng.randint(0, len(table.header))
    table.header.insert(at, rng.choice(["หมายเหตุ", "notes", "ลำดับ", ""]))
    for row in table.rows:
        row.insert(at, rng.choice(["x", "", "1"]))
    return Expect("loaded")


def shuffled_columns(
    rng: random.Random, tables: list[Table], layout: Layout, district: str
) -> Expect:
    table = _pick(rng, tables)
    order = list(range(len(table.header)))
    rng.shuffle(order)
    table.header = [table.header[i] for i in order]
    table.rows = [[row[i] if i < len(row) else "" for i in order] for row in table.rows]
    return Expect("loaded")


def sheet_near_miss(
    rng: random.Random, tables: list[Table], layout: Layout, district: str
) -> Expect:
    table = _pick(rng, tables)
    table.label, was = NEAR_MISS[table.sheet], table.sheet
    table.sheet = ""
    if was == "clubs":
        return Expect("failed", ["no clubs sheet", table.label])
    return Expect("loaded")


def sheet_twice(rng: random.Random, tables: list[Table], layout: Layout, district: str) -> Expect:
    table = _pick(rng, tables)
    twin = Table(
        table.sheet,
        BY_NAME[table.sheet].thai,
        list(table.header),
        [list(r) for r in table.rows[:2]],
    )
    tables.insert(rng.randint(0, len(tables)), twin)
    return Expect("failed", [table.label, twin.label, "both"])


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
        table = _pick(rng, [t for t in tables if t.rows] or tables)
        if not table.rows or not known_columns(table):
            continue
        row = rng.choice(table.rows)
        at = rng.choice(known_columns(table))
        value = rng.choice(VALUES)
        row[at] = value
    return Expect("loaded")


def every_column(rng: random.Random, tables: list[Table], layout: Layout, district: str) -> Expect:
    """One sheet gets a value of the pool in each of its columns (a row each)."""
    table = _pick(rng, [t for t in tables if t.rows] or tables)
    for at in known_columns(table) if table.rows else []:
        value = rng.choice(VALUES)
        rng.choice(table.rows)[at] = value
    return Expect("loaded")


def huge_cell(rng: random.Random, tables: list[Table], layout: Layout, district: str) -> Expect:
    table = _pick(rng, [t for t in tables if t.rows] or tables)
    if table.rows and known_columns(table):
        size = 32_000 if layout.fmt == "xlsx" else rng.choice([70_000, 1_000_000])
        rng.choice(table.rows)[rng.choice(known_columns(table))] = "ก" * size
    return Expect("loaded")


def merged_cells(rng: random.Random, tables: list[Table], layout: Layout, district: str) -> Expect:
    """Merged ranges in data rows (model.workbook empties the cells a merge covers)."""
    layout.fmt = "xlsx"
    table = _pick(rng, [t for t in tables if len(t.rows) > 2] or tables)
    if len(table.rows) > 2 and len(table.header) > 1:
        r0 = rng.randrange(len(table.rows) - 2)
        c0 = rng.randrange(len(table.header) - 1)
        across = rng.random() < 0.5
        table.merges.append(
            (r0, c0, r0, c0 + rng.randint(1, 2)) if across else (r0, c0, r0 + 1, c0)
        )
    return Expect("loaded")


def hidden_sheet(rng: random.Random, tables: list[Table], layout: Layout, district: str) -> Expect:
    layout.fmt = "xlsx"
    _pick(rng, tables, but="clubs").hidden = True
    return Expect("loaded")


def duplicates(rng: random.Random, tables: list[Table], layout: Layout, district: str) -> Expect:
    table = _pick(rng, [t for t in tables if t.rows] or tables)
    for row in rng.sample(table.rows, min(len(table.rows), rng.randint(1, 5))):
        table.rows.insert(rng.randint(0, len(table.rows)), list(row))
    return Expect("loaded")


def orphans(rng: random.Random, tables: list[Table], layout: Layout, district: str) -> Expect:
    table = _pick(rng, [t for t in tables if t.sheet != "clubs" and t.rows] or tables, but="clubs")
    for row in (
        rng.sample(table.rows, min(len(table.rows), rng.randint(1, 5)))
        if known_columns(table)
        else []
    ):
        row[known_columns(table)[0]] = rng.choice(["NOPE-1", "6299-999", "๙๙๙"])
    return Expect("loaded")


def drop_sheet(rng: random.Random, tables: list[Table], layout: Layout, district: str) -> Expect:
    tables.remove(_pick(rng, tables, but="clubs"))
    return Expect("loaded")


def fewer_rows(rng: random.Random, tables: list[Table], layout: Layout, district: str) -> Expect:
    table = _pick(rng, tables)
    table.rows = table.rows[: rng.randint(0, len(table.rows))]
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
# Sources only the run half of issue 9 makes safe (a FIFO would hang the run before it):
# `tasks.py fuzz --hostile` sends them too.
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
