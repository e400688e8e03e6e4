"""The year lock: a submission does not change a fiscal year the province has approved.

A district's approved years (warehouse/approvals.py) are locked. A submission whose rows of
such a year (its meetings, their attendance, its activities) differ from the published ones,
or that would remove that year's rows, has that year kept as published: the other years of
the same file load as usual. When every year the submission would change is locked, nothing
of the district is published and its batch is recorded as `locked`. The message says, in Thai
and English, who approved the year, when, and how to reopen it. `check` is asked the same way
by the pipeline (on the version being written) and by the upload page's dry run (on the
published version).
"""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass, replace
from datetime import datetime

import duckdb
import polars as pl

from accounts.store import made, open_store
from core import formats
from core.home import Home
from etl import load
from warehouse import approvals, sql

DISTRICT = "district_code"
YEAR_TABLES = ("meetings", "activities")  # attendance follows its meeting's year
KEYS = {
    "meetings": ["club_id", "meeting_id"],
    "activities": ["club_id", "activity_id"],
    "attendance": ["club_id", "meeting_id", "member_id"],
}
IGNORED = ("province_code", "batch_id")
PUBLISHED_ROWS = "select * from {table} where district_code = $district"
PUBLISHED_ATTENDANCE = """
select a.*, m.fiscal_year from attendance a
join meetings m using (district_code, club_id, meeting_id)
where a.district_code = $district
"""


@dataclass(frozen=True)
class Locked:
    """An approved year a submission would change: kept as published."""

    district: str
    fiscal_year: int
    by: str
    at: float

    def text(self, lang: str = "en") -> str:
        """Who approved it, when, and how to reopen it, in one line."""
        if not self.by:  # a rebuild replaying what a load kept
            if lang == "th":
                return (
                    f"ปีงบประมาณ {self.fiscal_year} ของอำเภอ {self.district} คงเดิมเหมือนเมื่อโหลดครั้งแรก"
                )
            return f"FY {self.fiscal_year} of district {self.district} kept as when first loaded"
        when = datetime.fromtimestamp(self.at).strftime("%Y-%m-%d %H:%M")
        reopen = (
            f"tonbaeb approval reopen --province {self.district[:2]} --district {self.district}"
            f" --fiscal-year {self.fiscal_year} --user DIRECTOR --reason TEXT"
        )
        if lang == "th":
            return (
                f"ปีงบประมาณ {self.fiscal_year} ของอำเภอ {self.district} รับรองแล้ว"
                f" โดย {self.by} เมื่อ {when}: ไม่เผยแพร่การเปลี่ยนแปลงของปีนี้;"
                f" ผู้อำนวยการจังหวัดเปิดแก้ไขได้ที่หน้ารับรองข้อมูล (/approval) หรือ {reopen}"
            )
        return (
            f"FY {self.fiscal_year} of district {self.district} was approved by {self.by}"
            f" on {when}: its changes are not published; the province's director reopens it"
            f" on the approval page (/approval) or with {reopen}"
        )


@dataclass(frozen=True)
class Verdict:
    """What the year lock does to one district's submission."""

    locked: list[Locked]
    other_years: bool  # whether it changes a year that is not locked (those load)

    @property
    def held_whole(self) -> bool:
        """Nothing of the district is published: every year it changes is locked."""
        return bool(self.locked) and not self.other_years

    def message(self) -> str:
        """The lock's message, Thai then English, in one line."""
        years = ", ".join(str(lock.fiscal_year) for lock in self.locked)
        if self.held_whole:
            head_th, head_en = "ล็อก", "locked"
        else:
            head_th = f"เผยแพร่เฉพาะปีที่ไม่ล็อก (ปีงบประมาณ {years} คงเดิม)"
            head_en = f"published the unlocked years only (FY {years} kept as approved)"
        th = " · ".join(lock.text("th") for lock in self.locked)
        en = " · ".join(lock.text("en") for lock in self.locked)
        return f"{head_th}: {th} / {head_en}: {en}"


def approved(home: Home, province: str) -> dict[str, dict[int, approvals.YearState]]:
    """The province's approved years per district, read from the state store (none when the
    home has no store yet: nothing was ever approved)."""
    if not made(home):
        return {}
    with closing(open_store(home)) as store:
        return approvals.approved_years(store, province)


def check(
    con: duckdb.DuckDBPyConnection,
    records: load.Records,
    locks: dict[str, dict[int, approvals.YearState]],
) -> dict[str, Verdict]:
    """Per district of `records` with an approved year: the approved years it would change
    (against what `con` holds) and whether it changes other years too."""
    verdicts = {}
    for district in records.districts:
        mine = locks.get(district, {})
        if not mine:
            continue
        new, old = _year_rows(records, district), _published_rows(con, district)
        changed = {
            year
            for year in _years(new) | _years(old)
            if any(not _same(new[t], old[t], year) for t in new)
        }
        # Members and governance have no year of their own: a change to one that reaches into an
        # approved year cannot be split from the others, so it locks the whole district.
        reached = _shared_reach(con, records, district, set(mine))
        locked = [
            Locked(district, year, mine[year].by or "", mine[year].at or 0.0)
            for year in sorted((changed | reached) & set(mine))
        ]
        others = not reached and (
            bool(changed - set(mine)) or _others_change(con, records, district)
        )
        verdicts[district] = Verdict(locked, others)
    return verdicts


def replayed(
    con: duckdb.DuckDBPyConnection, records: load.Records, kept: dict[str, tuple[int, ...]]
) -> dict[str, Verdict]:
    """The verdicts a rebuild replays: each district's years kept as published when its batch was
    first loaded (those of its years the published version holds)."""
    verdicts = {}
    for district, years in kept.items():
        if district in records.districts and years:
            locks = [Locked(district, year, "", 0.0) for year in sorted(years)]
            verdicts[district] = Verdict(locks, True)
    return verdicts


def keep_published(
    con: duckdb.DuckDBPyConnection, records: load.Records, verdicts: dict[str, Verdict]
) -> load.Records:
    """`records` with each locked year's rows replaced by the published ones (and the lock's
    message on its batch)."""
    tables = dict(records.tables)
    for district, verdict in verdicts.items():
        years = [lock.fiscal_year for lock in verdict.locked]
        if not years:
            continue
        old = _published_rows(con, district)
        meeting_years = _meeting_years(records, district)
        for table in (*YEAR_TABLES, "attendance"):
            frame = tables[table]
            if table == "attendance":
                year = frame.join(meeting_years, on=[DISTRICT, "club_id", "meeting_id"], how="left")
                drop = (pl.col(DISTRICT) == district) & pl.col("fiscal_year").is_in(years)
                kept = year.filter(~drop.fill_null(False)).select(frame.columns)
            else:
                drop = (pl.col(DISTRICT) == district) & pl.col("fiscal_year").is_in(years)
                kept = frame.filter(~drop)
            back = old[table].filter(pl.col("fiscal_year").is_in(years))
            back = back.select([pl.col(c).cast(frame.schema[c]) for c in frame.columns])
            tables[table] = pl.concat([kept, back], how="vertical_relaxed")
    batches = [
        replace(
            b,
            message=" ".join(filter(None, [b.message, verdicts[b.district].message()])),
            kept_years=",".join(str(lock.fiscal_year) for lock in verdicts[b.district].locked),
        )
        if b.district in verdicts and verdicts[b.district].locked
        else b
        for b in records.batches
    ]
    return load.Records(batches, tables, records.rejected, records.sheets, records.club_rows)


def _year_rows(records: load.Records, district: str) -> dict[str, pl.DataFrame]:
    mine = pl.col(DISTRICT) == district
    found = {t: records.tables[t].filter(mine) for t in YEAR_TABLES}
    found["attendance"] = (
        records.tables["attendance"]
        .filter(mine)
        .join(_meeting_years(records, district), on=[DISTRICT, "club_id", "meeting_id"])
    )
    return found


def _meeting_years(records: load.Records, district: str) -> pl.DataFrame:
    return (
        records.tables["meetings"]
        .filter(pl.col(DISTRICT) == district)
        .select(DISTRICT, "club_id", "meeting_id", "fiscal_year")
        .unique([DISTRICT, "club_id", "meeting_id"])
    )


def _published_rows(con: duckdb.DuckDBPyConnection, district: str) -> dict[str, pl.DataFrame]:
    found = {
        t: sql.frame(con, PUBLISHED_ROWS.format(table=t), {"district": district})
        for t in YEAR_TABLES
    }
    found["attendance"] = sql.frame(con, PUBLISHED_ATTENDANCE, {"district": district})
    return found


def _years(tables: dict[str, pl.DataFrame]) -> set[int]:
    return {int(y) for frame in tables.values() for y in frame["fiscal_year"].unique().to_list()}


def _same(new: pl.DataFrame, old: pl.DataFrame, year: int) -> bool:
    """Whether a table's rows of one year are the same in both (batch and tenant aside)."""
    columns = [c for c in new.columns if c not in IGNORED and c in old.columns]
    a = new.filter(pl.col("fiscal_year") == year).select(columns)
    b = old.filter(pl.col("fiscal_year") == year).select(
        [pl.col(c).cast(a.schema[c]) for c in columns]
    )
    if a.height != b.height:
        return False
    return a.sort(columns, nulls_last=True).equals(b.sort(columns, nulls_last=True))


SHARED_DATES = {"members": ("joined_on", "left_on"), "governance": ("effective_on", "expires_on")}


def _shared_reach(
    con: duckdb.DuckDBPyConnection, records: load.Records, district: str, years: set[int]
) -> set[int]:
    """The approved `years` whose days some added, removed or changed member or governance row
    covers (from its start date to its end date, open-ended without one)."""
    reached: set[int] = set()
    for table, (start, end) in SHARED_DATES.items():
        new = records.tables[table].filter(pl.col(DISTRICT) == district)
        old = sql.frame(con, PUBLISHED_ROWS.format(table=table), {"district": district})
        columns = [c for c in new.columns if c not in (*IGNORED, "person_key") and c in old.columns]
        a = new.select(columns)
        b = old.select([pl.col(c).cast(a.schema[c]) for c in columns])
        differ = pl.concat(
            [a.join(b, on=columns, how="anti", nulls_equal=True),
             b.join(a, on=columns, how="anti", nulls_equal=True)]
        )  # fmt: skip
        for row in differ.iter_rows(named=True):
            for year in years:
                first, last = formats.fiscal_year_start(year), formats.fiscal_year_end(year)
                if (
                    row[start] is not None
                    and row[start] <= last
                    and (row[end] is None or row[end] >= first)
                ):
                    reached.add(year)
    return reached


def _others_change(con: duckdb.DuckDBPyConnection, records: load.Records, district: str) -> bool:
    """Whether the district's rows of the tables without a year (clubs, members, governance)
    would change: those load with the unlocked years."""
    for table in ("clubs", "members", "governance"):
        new = records.tables[table].filter(pl.col(DISTRICT) == district)
        old = sql.frame(con, PUBLISHED_ROWS.format(table=table), {"district": district})
        columns = [c for c in new.columns if c not in (*IGNORED, "person_key") and c in old.columns]
        a = new.select(columns)
        b = old.select([pl.col(c).cast(a.schema[c]) for c in columns])
        if a.height != b.height or not a.sort(columns, nulls_last=True).equals(
            b.sort(columns, nulls_last=True)
        ):
            return True
    return False
