"""The year lock: a submission does not change a fiscal year the province has approved, nor one
whose period closed.

A district's approved years (warehouse/approvals.py) are locked; so are its years whose period
closed (`[approval] expiry_days` after their due day, warehouse/periods.py) unless the director
granted a lock exception. A submission whose rows of such a year (its meetings, their attendance,
its activities) differ from the published ones, or that would remove that year's rows, has that
year kept as published: the other years of the same file load as usual. When every year the
submission would change is locked, nothing of the district is published and its batch is
recorded as `locked`. The message says, in Thai and English, why: who approved the year and when,
and how to reopen it; or the day its period closed, and how to get a lock exception. `check` is
asked the same way by the pipeline (on the version being written) and by the upload page's dry
run (on the published version).
"""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass, replace
from datetime import date, datetime

import duckdb
import polars as pl

from accounts.store import made, open_store
from core import formats
from core.home import Home
from core.texts import _
from etl import load
from warehouse import approvals, periods, sql
from warehouse.rules import Rules

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
REOPEN = (
    "tonbaeb approval reopen --province {province} --district {district}"
    " --fiscal-year {year} --user DIRECTOR --reason TEXT"
)
OPEN_PERIOD = (
    "tonbaeb approval open-period --province {province} --district {district}"
    " --fiscal-year {year} --user DIRECTOR --reason TEXT"
)


@dataclass(frozen=True)
class Locked:
    """A locked year a submission would change: kept as published. Approved (`by` and `at`
    say by whom and when), closed (`closed_on` says since when), or neither (a rebuild
    replaying what a load kept)."""

    district: str
    fiscal_year: int
    by: str
    at: float
    closed_on: date | None = None

    @property
    def why(self) -> str:
        """approved, closed or replayed."""
        if self.closed_on is not None:
            return "closed"
        return "approved" if self.by else "replayed"

    def text(self, lang: str = "en") -> str:
        """Why it is locked, since when, and how to open it, in one line."""
        where = {"province": self.district[:2], "district": self.district, "year": self.fiscal_year}
        year = self.fiscal_year
        if self.closed_on is not None:
            return _(
                lang,
                "FY {year} of district {district} closed on {day} (its period for sending data"
                " ended before it was approved): its changes are not published; the province's"
                " director grants a lock exception on the approval page (/approval) or with"
                " {command}",
                year=year,
                district=self.district,
                day=formats.day(self.closed_on, lang),
                command=OPEN_PERIOD.format(**where),
            )
        if not self.by:
            return _(
                lang,
                "FY {year} of district {district} kept as when first loaded",
                year=year,
                district=self.district,
            )
        return _(
            lang,
            "FY {year} of district {district} was approved by {by} on {when}: its changes are not"
            " published; the province's director reopens it on the approval page (/approval)"
            " or with {command}",
            year=year,
            district=self.district,
            by=self.by,
            when=formats.moment(datetime.fromtimestamp(self.at), lang),
            command=REOPEN.format(**where),
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
        return " / ".join(self._said(lang) for lang in ("th", "en"))

    def _said(self, lang: str) -> str:
        years = ", ".join(str(lock.fiscal_year) for lock in self.locked)
        head = (
            _(lang, "locked")
            if self.held_whole
            else _(
                lang,
                "published the unlocked years only (FY {years} kept as published)",
                years=years,
            )
        )
        return f"{head}: " + " · ".join(lock.text(lang) for lock in self.locked)


@dataclass(frozen=True)
class Locks:
    """A province's locked years: its approved ones, and the rule its periods close by."""

    approved: dict[str, dict[int, approvals.YearState]]
    closing: periods.Closing

    def of(self, district: str, years: set[int]) -> dict[int, Locked]:
        """Those of the district's `years` that are locked, and why."""
        found = {}
        mine = self.approved.get(district, {})
        for year in years | set(mine):
            if year in mine:
                found[year] = Locked(district, year, mine[year].by or "", mine[year].at or 0.0)
            elif (shut := self.closing.closed_on(district, year)) is not None:
                found[year] = Locked(district, year, "", 0.0, shut)
        return found

    def may_lock(self, district: str) -> bool:
        """Whether any year of the district may be locked (else nothing to compare)."""
        return bool(self.approved.get(district)) or self.closing.expiry_days > 0


def locks(home: Home, province: str, rules: Rules | None, today: date) -> Locks:
    """The province's locks on `today`, read from the state store (none approved nor opened when
    the home has no store yet)."""
    if not made(home):
        return Locks({}, periods.closing(home, rules, today))
    with closing(open_store(home)) as store:
        return Locks(
            approvals.approved_years(store, province),
            approvals.closing(store, home, province, rules, today),
        )


def check(
    con: duckdb.DuckDBPyConnection, records: load.Records, locks: Locks
) -> dict[str, Verdict]:
    """Per district of `records` that may have a locked year: the locked years it would change
    (against what `con` holds) and whether it changes other years too."""
    verdicts = {}
    for district in records.districts:
        if not locks.may_lock(district):
            continue
        new, old = _year_rows(records, district), _published_rows(con, district)
        mine = locks.of(district, _years(new) | _years(old))
        if not mine:
            continue
        changed = {
            year
            for year in _years(new) | _years(old)
            if any(not _same(new[t], old[t], year) for t in new)
        }
        # Members and governance have no year of their own: a change to one that reaches into a
        # locked year cannot be split from the others, so it locks the whole district.
        reached = _shared_reach(con, records, district, set(mine))
        locked = [mine[year] for year in sorted((changed | reached) & set(mine))]
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
    return replace(records, batches=batches, tables=tables)


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
    """The locked `years` whose days some added, removed or changed member or governance row
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
