"""Split each sheet into accepted rows (typed) and rejected rows (with reasons).

Never raises for a bad row. Per sheet, rows read = accepted + rejected, and a
rejected row names the first column that failed, its raw value and a reason
code from `schemas.REASONS`.

A row that refers to a club, meeting or member is rejected when that row was not loaded:
`parent_rejected` when the file has it but it was rejected (the rejected row carries the
root of its trouble: the first row up the chain of parents that failed for a reason of its
own, its column and reason), else `unknown_club`, `unknown_meeting` or `unknown_member`.

Several districts are validated together, one frame per sheet with a
`district_code` column: polars pays a fixed cost per expression per frame, which
for a small district costs more than its rows. Each district is still judged on
its own rows only: ids, parents and rolls are matched within the district.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import geothai
import polars as pl
import polars.selectors

from etl import normalise as nz
from etl.extract import ROW_NUMBER, RawSheet
from etl.schemas import SHEETS, Column, Sheet

DISTRICT = "district_code"
REJECT_SCHEMA = {
    DISTRICT: pl.String,
    ROW_NUMBER: pl.Int64,
    "column_name": pl.String,
    "raw_value": pl.String,
    "reason_code": pl.String,
    # What exactly: for bad_date `kind|arguments` (normalise.date_problem, too_early, before_start|column).
    "detail": pl.String,
    # parent_rejected: the parent's sheet and key ("clubs", "6205-002"; "meetings", "6205-001/MT1").
    "parent_sheet": pl.String,
    "parent_key": pl.String,
    # Where the trouble began: the row itself, or for parent_rejected the root up its chain.
    "root_sheet": pl.String,
    "root_row_number": pl.Int64,
    "root_column_name": pl.String,
    "root_raw_value": pl.String,
    "root_reason_code": pl.String,
    "root_detail": pl.String,
}
ROOT_OF = {
    "sheet": "root_sheet",
    ROW_NUMBER: "root_row_number",
    "column_name": "root_column_name",
    "raw_value": "root_raw_value",
    "reason_code": "root_reason_code",
    "detail": "root_detail",
}
EARLIEST = date(1950, 1, 1)  # 2493 B.E.: an earlier date is a misreading
EARLIEST_FOUNDED = date(1900, 1, 1)  # clubs' founding dates may go further back
# A spreadsheet's error cell, or a formula saved without its value (etl.workbook_xml writes
# those as "=FORMULA"): never a value, in any column.
_SPACE = r"[\s\u00a0\u200b\ufeff\u3000]*"
ERROR_CELL = (
    rf"(?s)^{_SPACE}(?:#(?:N/A|DIV/0!|VALUE!|REF!|NAME\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA|ERROR)"
    rf"{_SPACE}|=\S.*)$"
)
# A date that must not come before another of the same row: (sheet, column) -> the other column.
STARTS: dict[tuple[str, str], str] = {
    ("members", "left_on"): "joined_on",
    ("governance", "expires_on"): "effective_on",
}
LAT_RANGE = (5.0, 21.0)
LON_RANGE = (97.0, 106.0)

PARSERS: dict[str, Callable[[pl.Expr, Column], pl.Expr]] = {
    "text": lambda e, _c: nz.clean_text(e),
    "code": lambda e, _c: nz.code(e),
    "date": lambda e, _c: nz.parse_date(e),
    "int": lambda e, _c: nz.parse_int(e),
    "float": lambda e, _c: nz.parse_float(e),
    "fy": lambda e, _c: nz.parse_fiscal_year(e),
    "enum": lambda e, c: nz.parse_enum(e, c.values or {}),
    "citizen_id": lambda e, _c: nz.citizen_id(e),
}
BAD_PARSE = {
    "date": "bad_date",
    "int": "bad_number",
    "float": "bad_number",
    "fy": "bad_number",
    "enum": "unknown_value",
    "citizen_id": "bad_citizen_id",
}


@dataclass
class Checked:
    """One sheet of several districts after validation; both frames carry district_code."""

    sheet: str
    districts: list[str]  # the districts whose submission has this sheet
    accepted: pl.DataFrame
    rejected: pl.DataFrame  # REJECT_SCHEMA
    # The key of every rejected row that rows of other sheets may refer to, with its root (the first
    # rejected row of each key): district_code, the sheet's key columns, root_*.
    fallen: pl.DataFrame = field(default_factory=pl.DataFrame)


def submissions(raws: dict[str, dict[str, RawSheet]], today: date) -> dict[str, Checked]:
    """Validate every sheet of several districts' submissions ({district: sheets}) at once."""
    # "6205|620501": a subdistrict code together with the district it must be in.
    subdistricts = sorted(f"{d}|{s.code}" for d in raws for s in geothai.subdistricts(d))
    checked: dict[str, Checked] = {}
    for sheet in SHEETS:
        present = {d: raw[sheet.name] for d, raw in raws.items() if sheet.name in raw}
        if not present:
            continue
        frame = pl.concat(
            [
                r.frame.select(pl.lit(d, pl.String).alias(DISTRICT), ROW_NUMBER, *sheet.names)
                for d, r in present.items()
            ]
        )
        missing = {c: [d for d, r in present.items() if c in r.missing] for c in sheet.names}
        typed = _typed(frame, sheet)
        reasons = _row_reasons(sheet, missing, today, subdistricts)
        accepted, rejected = _split(typed, reasons, sheet)
        accepted, dupes = _first_of_each_key(accepted, sheet)
        accepted, orphans = _with_known_parents(accepted, sheet, checked)
        accepted, crowded = _with_possible_attendance(accepted, sheet, checked)
        rejected = pl.concat([rejected, dupes, orphans, crowded], how="diagonal_relaxed").sort(
            DISTRICT, ROW_NUMBER
        )
        checked[sheet.name] = Checked(
            sheet.name,
            list(present),
            accepted.drop(pl.selectors.starts_with(_RAW_PREFIX)),
            rejected.select(list(REJECT_SCHEMA)),
            _fallen(rejected, sheet),
        )
    return checked


_RAW_PREFIX = "raw__"


def _typed(frame: pl.DataFrame, sheet: Sheet) -> pl.DataFrame:
    """Keep each raw text as raw__name and add the parsed value under the column name."""
    return frame.select(
        DISTRICT,
        ROW_NUMBER,
        *(pl.col(c.name).alias(_RAW_PREFIX + c.name) for c in sheet.columns),
        *(PARSERS[c.kind](pl.col(c.name), c).alias(c.name) for c in sheet.columns),
    )


def _row_reasons(
    sheet: Sheet, missing: dict[str, list[str]], today: date, subdistricts: list[str]
) -> list[tuple[str, pl.Expr]]:
    """(column, expression giving a reason code or null) in the order they are judged."""
    checks: list[tuple[str, pl.Expr]] = []
    for column in sheet.columns:
        name = column.name
        raw = pl.col(_RAW_PREFIX + name)
        value = pl.col(name)
        given = nz.clean_text(raw).is_not_null()
        rules: list[tuple[pl.Expr, str]] = [(raw.str.contains(ERROR_CELL), "bad_value")]
        if column.required:
            rules.append((~given, "missing_required"))
        if column.kind in BAD_PARSE:
            rules.append((given & value.is_null(), BAD_PARSE[column.kind]))
        if column.kind == "citizen_id":
            rules.append((value.is_not_null() & ~nz.citizen_id_valid(value), "bad_citizen_id"))
        if column.kind == "date":
            rules.append((value > pl.lit(today), "future_date"))
            earliest = EARLIEST_FOUNDED if name == "founded_on" else EARLIEST
            rules.append((value < pl.lit(earliest), "bad_date:too_early"))
        if column.kind == "int":
            rules.append((value < 0, "bad_number"))
        rules.extend(_special_rules(sheet.name, name, value, subdistricts))
        if missing.get(name):
            # The column is absent from these districts' files: every row misses it.
            rules.insert(0, (pl.col(DISTRICT).is_in(missing[name]), "missing_required"))
        expression = pl.lit(None, pl.String)
        for condition, code in reversed(rules):
            expression = (
                pl.when(condition.fill_null(False)).then(pl.lit(code)).otherwise(expression)
            )
        checks.append((name, expression))
    return checks


def _special_rules(
    sheet: str, name: str, value: pl.Expr, subdistricts: list[str]
) -> list[tuple[pl.Expr, str]]:
    """Rules that belong to one column of one sheet."""
    if sheet == "clubs" and name == "subdistrict_code":
        here = pl.concat_str([pl.col(DISTRICT), pl.lit("|"), value])
        return [(value.is_not_null() & ~here.is_in(subdistricts), "unknown_code")]
    if sheet == "clubs" and name == "lat":
        return [(~value.is_between(*LAT_RANGE), "bad_range")]
    if sheet == "clubs" and name == "lon":
        return [(~value.is_between(*LON_RANGE), "bad_range")]
    if sheet == "activities" and name == "partner_org":
        return [((pl.col("kind") == "partner_joint") & value.is_null(), "missing_required")]
    if (sheet, name) in STARTS:
        start = STARTS[(sheet, name)]
        return [(value < pl.col(start), f"bad_date:before_start|{start}")]
    return []


def _split(
    typed: pl.DataFrame, checks: list[tuple[str, pl.Expr]], sheet: Sheet
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Rows with no reason, and one rejected row (the first failing column) per bad row.

    A rule's code may carry a detail after a colon ("bad_date:too_early"); a date that cannot
    be read gets the detail of `normalise.date_problem`.
    """
    reasons = [f"reason__{n}" for n in range(len(checks))]
    judged = typed.with_columns(e.alias(r) for (_, e), r in zip(checks, reasons, strict=True))
    judged = judged.with_columns(
        pl.coalesce(
            [
                pl.when(pl.col(r).is_not_null()).then(pl.lit(c))
                for (c, _), r in zip(checks, reasons, strict=True)
            ]
            + [pl.lit(None, pl.String)]
        ).alias("column_name"),
        pl.coalesce([pl.col(r) for r in reasons] + [pl.lit(None, pl.String)]).alias("reason_code"),
    ).drop(reasons)
    bad = judged.filter(pl.col("reason_code").is_not_null())
    raw_of_column = pl.coalesce(
        [pl.when(pl.col("column_name") == c).then(pl.col(_RAW_PREFIX + c)) for c, _ in checks]
        + [pl.lit(None, pl.String)]
    )
    code = pl.col("reason_code").str.splitn(":", 2)
    rejected = bad.select(
        DISTRICT,
        ROW_NUMBER,
        "column_name",
        raw_of_column.alias("raw_value"),
        code.struct.field("field_0").alias("reason_code"),
        code.struct.field("field_1").alias("detail"),
        *_keys(sheet),
    )
    unread = (pl.col("reason_code") == "bad_date") & pl.col("detail").is_null()
    if rejected.select(unread.any()).item():
        rejected = rejected.with_columns(
            pl.when(unread)
            .then(nz.date_problem(pl.col("raw_value")))
            .otherwise(pl.col("detail"))
            .alias("detail")
        )
    accepted = judged.filter(pl.col("reason_code").is_null()).drop("column_name", "reason_code")
    return accepted, _own_root(rejected, sheet)


def _keys(sheet: Sheet) -> list[pl.Expr]:
    """The sheet's key columns (as read) under their names, for finding a rejected parent."""
    return [pl.col(k) for k in sheet.key]


def _own_root(rejected: pl.DataFrame, sheet: Sheet) -> pl.DataFrame:
    """Rejected rows that failed for a reason of their own: each row is its own root."""
    return rejected.with_columns(
        pl.lit(None, pl.String).alias("parent_sheet"),
        pl.lit(None, pl.String).alias("parent_key"),
        pl.lit(sheet.name).alias("root_sheet"),
        *(pl.col(own).alias(root) for own, root in ROOT_OF.items() if own != "sheet"),
    )


def _rejects(frame: pl.DataFrame, column: str, reason: str, sheet: Sheet) -> pl.DataFrame:
    rejected = frame.select(
        DISTRICT,
        ROW_NUMBER,
        pl.lit(column).alias("column_name"),
        pl.col(_RAW_PREFIX + column).alias("raw_value"),
        pl.lit(reason).alias("reason_code"),
        pl.lit(None, pl.String).alias("detail"),
        *_keys(sheet),
    )
    return _own_root(rejected, sheet)


def _fallen(rejected: pl.DataFrame, sheet: Sheet) -> pl.DataFrame:
    """Each key of the sheet's rejected rows (the first row of it) with that row's root.

    A key whose value is itself the error (an error cell in an id column) names nothing.
    """
    key = list(sheet.key)
    roots = [DISTRICT, *key, *(c for c in REJECT_SCHEMA if c.startswith("root_"))]
    if not key:
        return pl.DataFrame(schema={c: REJECT_SCHEMA.get(c, pl.String) for c in roots})
    named = pl.all_horizontal(pl.col(k).is_not_null() for k in key) & ~(
        (pl.col("reason_code") == "bad_value") & pl.col("column_name").is_in(key)
    )
    return (
        rejected.filter(named)
        .sort(DISTRICT, ROW_NUMBER)
        .unique([DISTRICT, *key], keep="first", maintain_order=True)
        .select(roots)
    )


def _first_of_each_key(accepted: pl.DataFrame, sheet: Sheet) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The first row of each id is kept; later rows are rejected as duplicate_id."""
    if not sheet.key:
        return accepted, _no_rejects(sheet)
    # Rows are in file order (extract numbers them in order and nothing since reorders
    # them), so the first of each key is the first distinct one: a hash, not a sort.
    repeat = ~pl.struct(DISTRICT, *sheet.key).is_first_distinct()
    flagged = accepted.with_columns(repeat.alias("_repeat"))
    dupes = _rejects(flagged.filter("_repeat"), sheet.key[-1], "duplicate_id", sheet)
    return flagged.filter(~pl.col("_repeat")).drop("_repeat"), dupes


def _no_rejects(sheet: Sheet) -> pl.DataFrame:
    return pl.DataFrame(schema=REJECT_SCHEMA | {k: pl.String for k in sheet.key})


def _with_known_parents(
    accepted: pl.DataFrame, sheet: Sheet, checked: dict[str, Checked]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Rows whose club, meeting or member was not loaded are rejected: `parent_rejected` with
    the parent's root when the file has that parent but it was rejected, else the link's reason."""
    orphans = []
    for parent, columns, reason in sheet.parents:
        on = [DISTRICT, *columns]
        keys = (
            checked[parent].accepted.select(on).unique()
            if parent in checked
            else pl.DataFrame(schema={c: pl.String for c in on})
        )
        missing = accepted.join(keys, on=on, how="anti")
        accepted = accepted.join(keys, on=on, how="semi")
        fallen = checked[parent].fallen if parent in checked else pl.DataFrame()
        if fallen.width:
            traced = missing.join(fallen, on=on, how="inner")
            missing = missing.join(fallen, on=on, how="anti")
            orphans.append(_traced(traced, parent, columns, sheet))
        orphans.append(_rejects(missing, columns[-1], reason, sheet))
    if not orphans:
        return accepted, _no_rejects(sheet)
    return accepted, pl.concat(orphans, how="diagonal_relaxed")


def _traced(
    frame: pl.DataFrame, parent: str, columns: tuple[str, ...], sheet: Sheet
) -> pl.DataFrame:
    """Rows rejected because the row they refer to was: `parent_rejected`, with that row's root."""
    return frame.select(
        DISTRICT,
        ROW_NUMBER,
        pl.lit(columns[-1]).alias("column_name"),
        pl.col(_RAW_PREFIX + columns[-1]).alias("raw_value"),
        pl.lit("parent_rejected").alias("reason_code"),
        pl.lit(None, pl.String).alias("detail"),
        *_keys(sheet),
        pl.lit(parent).alias("parent_sheet"),
        pl.concat_str([pl.col(c) for c in columns], separator="/").alias("parent_key"),
        *(pl.col(c) for c in REJECT_SCHEMA if c.startswith("root_")),
    )


def _with_possible_attendance(
    accepted: pl.DataFrame, sheet: Sheet, checked: dict[str, Checked]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A meeting cannot have more attendees than members on the roll that day."""
    if sheet.name != "meetings" or "members" not in checked:
        return accepted, _no_rejects(sheet)
    # Only districts that sent a members sheet have a roll to compare with.
    with_roll = checked["members"].districts
    members = checked["members"].accepted.select(DISTRICT, "club_id", "joined_on", "left_on")
    counted = accepted.filter(
        pl.col("attendees").is_not_null() & pl.col(DISTRICT).is_in(with_roll)
    ).select(DISTRICT, ROW_NUMBER, "club_id", "held_on", "attendees")
    roll = (
        counted.join(members, on=[DISTRICT, "club_id"], how="left")
        .group_by(DISTRICT, ROW_NUMBER)
        .agg(
            pl.col("attendees").first(),
            (
                (pl.col("joined_on") <= pl.col("held_on"))
                & (pl.col("left_on").is_null() | (pl.col("left_on") > pl.col("held_on")))
            )
            .sum()
            .alias("roll"),
        )
    )
    crowded_rows = roll.filter(pl.col("attendees") > pl.col("roll")).select(DISTRICT, ROW_NUMBER)
    crowded = accepted.join(crowded_rows, on=[DISTRICT, ROW_NUMBER], how="semi")
    kept = accepted.join(crowded_rows, on=[DISTRICT, ROW_NUMBER], how="anti")
    return kept, _rejects(crowded, "attendees", "attendance_exceeds_members", sheet)
