"""Split each sheet into accepted rows (typed) and rejected rows (with reasons).

Never raises for a bad row. Per sheet, rows read = accepted + rejected, and a
rejected row names the first column that failed, its raw value and a reason
code from `schemas.REASONS`.

Several districts are validated together, one frame per sheet with a
`district_code` column: polars pays a fixed cost per expression per frame, which
for a small district costs more than its rows. Each district is still judged on
its own rows only: ids, parents and rolls are matched within the district.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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
}
EARLIEST = date(1950, 1, 1)  # 2493 B.E.: an earlier date is a misreading
EARLIEST_FOUNDED = date(1900, 1, 1)  # clubs' founding dates may go further back
# A spreadsheet's error cell, or a formula saved without its value (etl.workbook_xml writes
# those as "=FORMULA"): never a value, in any column.
_SPACE = r"[\s\u00a0\u200b\ufeff\u3000]*"
ERROR_CELL = (
    rf"(?s)^{_SPACE}(?:#(?:N/A|DIV/0!|VALUE!|REF!|NAME\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA|ERROR){_SPACE}|=\S.*)$"
)
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


def submissions(
    raws: dict[str, dict[str, RawSheet]], today: date
) -> dict[str, Checked]:
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
        accepted, rejected = _split(typed, reasons)
        accepted, dupes = _first_of_each_key(accepted, sheet)
        accepted, orphans = _with_known_parents(accepted, sheet, checked)
        accepted, crowded = _with_possible_attendance(accepted, sheet, checked)
        rejected = pl.concat([rejected, dupes, orphans, crowded]).sort(DISTRICT, ROW_NUMBER)
        checked[sheet.name] = Checked(
            sheet.name,
            list(present),
            accepted.drop(pl.selectors.starts_with(_RAW_PREFIX)),
            rejected,
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
            rules.append((value < pl.lit(earliest), "bad_date"))
        if column.kind == "int":
            rules.append((value < 0, "bad_number"))
        rules.extend(_special_rules(sheet.name, name, value, subdistricts))
        if missing.get(name):
            # The column is absent from these districts' files: every row misses it.
            rules.insert(0, (pl.col(DISTRICT).is_in(missing[name]), "missing_required"))
        expression = pl.lit(None, pl.String)
        for condition, code in reversed(rules):
            expression = pl.when(condition.fill_null(False)).then(pl.lit(code)).otherwise(expression)
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
    if sheet == "members" and name == "left_on":
        return [(value < pl.col("joined_on"), "bad_date")]
    if sheet == "governance" and name == "expires_on":
        return [(value < pl.col("effective_on"), "bad_date")]
    return []


def _split(
    typed: pl.DataFrame, checks: list[tuple[str, pl.Expr]]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Rows with no reason, and one rejected row (the first failing column) per bad row."""
    reasons = [f"reason__{n}" for n in range(len(checks))]
    judged = typed.with_columns(e.alias(r) for (_, e), r in zip(checks, reasons, strict=True))
    judged = judged.with_columns(
        pl.coalesce(
            [pl.when(pl.col(r).is_not_null()).then(pl.lit(c)) for (c, _), r in zip(checks, reasons, strict=True)]
            + [pl.lit(None, pl.String)]
        ).alias("column_name"),
        pl.coalesce([pl.col(r) for r in reasons] + [pl.lit(None, pl.String)]).alias("reason_code"),
    ).drop(reasons)
    bad = judged.filter(pl.col("reason_code").is_not_null())
    raw_of_column = pl.coalesce(
        [pl.when(pl.col("column_name") == c).then(pl.col(_RAW_PREFIX + c)) for c, _ in checks]
        + [pl.lit(None, pl.String)]
    )
    rejected = bad.select(
        DISTRICT, ROW_NUMBER, "column_name", raw_of_column.alias("raw_value"), "reason_code"
    )
    accepted = judged.filter(pl.col("reason_code").is_null()).drop("column_name", "reason_code")
    return accepted, rejected


def _rejects(frame: pl.DataFrame, column: str, reason: str) -> pl.DataFrame:
    return frame.select(
        DISTRICT,
        ROW_NUMBER,
        pl.lit(column).alias("column_name"),
        pl.col(_RAW_PREFIX + column).alias("raw_value"),
        pl.lit(reason).alias("reason_code"),
    )


def _first_of_each_key(
    accepted: pl.DataFrame, sheet: Sheet
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The first row of each id is kept; later rows are rejected as duplicate_id."""
    if not sheet.key:
        return accepted, pl.DataFrame(schema=REJECT_SCHEMA)
    # Rows are in file order (extract numbers them in order and nothing since reorders
    # them), so the first of each key is the first distinct one: a hash, not a sort.
    repeat = ~pl.struct(DISTRICT, *sheet.key).is_first_distinct()
    flagged = accepted.with_columns(repeat.alias("_repeat"))
    dupes = _rejects(flagged.filter("_repeat"), sheet.key[-1], "duplicate_id")
    return flagged.filter(~pl.col("_repeat")).drop("_repeat"), dupes


def _with_known_parents(
    accepted: pl.DataFrame, sheet: Sheet, checked: dict[str, Checked]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Rows whose club, meeting or member was not loaded are rejected."""
    orphans = []
    for parent, columns, reason in sheet.parents:
        on = [DISTRICT, *columns]
        keys = (
            checked[parent].accepted.select(on).unique()
            if parent in checked
            else pl.DataFrame(schema={c: pl.String for c in on})
        )
        missing = accepted.join(keys, on=on, how="anti")
        orphans.append(_rejects(missing, columns[-1], reason))
        accepted = accepted.join(keys, on=on, how="semi")
    if not orphans:
        return accepted, pl.DataFrame(schema=REJECT_SCHEMA)
    return accepted, pl.concat(orphans)


def _with_possible_attendance(
    accepted: pl.DataFrame, sheet: Sheet, checked: dict[str, Checked]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A meeting cannot have more attendees than members on the roll that day."""
    if sheet.name != "meetings" or "members" not in checked:
        return accepted, pl.DataFrame(schema=REJECT_SCHEMA)
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
    return kept, _rejects(crowded, "attendees", "attendance_exceeds_members")
