"""The single place that writes district batches into a warehouse version."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import duckdb
import polars as pl

from etl.transform import RECORD_TABLES
from warehouse import metrics, sql
from warehouse.rules import Rules

INCOMING = "incoming"
CLUB_ROWS = {
    "district_code": pl.String,
    "sheet": pl.String,
    "row_number": pl.Int64,
    "club_id": pl.String,
}
BATCH_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "batch_id": pl.String,
    "province_code": pl.String,
    "district_code": pl.String,
    "source": pl.String,
    "content_sha256": pl.String,
    "started_at": pl.Datetime("us"),
    "finished_at": pl.Datetime("us"),
    "status": pl.String,
    "rows_read": pl.Int64,
    "rows_loaded": pl.Int64,
    "rows_rejected": pl.Int64,
    "message": pl.String,
    "latest_fiscal_year": pl.Int32,
    "rules_version": pl.String,
    "channel": pl.String,
    "sent_by": pl.String,
    "source_changed_at": pl.Datetime("us"),
    "kept_years": pl.String,
}


@dataclass(frozen=True)
class Batch:
    """What one district batch was: its identity and its counts."""

    batch_id: str
    province: str
    district: str
    source: str
    content_sha256: str
    started_at: datetime
    status: str
    rows_read: int
    rows_loaded: int
    rows_rejected: int
    message: str | None
    latest_fiscal_year: int | None
    rules_version: str
    channel: str = "pulled"  # pulled (sources.toml) | uploaded (the upload page)
    sent_by: str | None = None  # who uploaded it
    source_changed_at: datetime | None = (
        None  # a local source's last change (None: a URL, an upload)
    )
    kept_years: str | None = None  # approved years kept as published ('2559,2560'; year lock)


@dataclass(frozen=True)
class Records:
    """What replaces some districts' rows: their batches, records, rejected rows and sheet counts.

    Every frame carries district_code; every batch is of one province.
    """

    batches: list[Batch]
    tables: dict[str, pl.DataFrame]
    rejected: pl.DataFrame
    sheets: pl.DataFrame
    # Every clubs row read (district_code, sheet, row_number, club_id as the checks read it), loaded
    # or rejected: which row of the file a club came from (the removal guard names it).
    club_rows: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=CLUB_ROWS))
    # Every row read of every sheet with a club id, in the same columns: whose row each rejected
    # row was (the dry run's clubs that would stop meeting the standard because of rejections).
    row_clubs: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=CLUB_ROWS))

    @property
    def districts(self) -> list[str]:
        """The districts whose rows these replace."""
        return [b.district for b in self.batches]

    def only(self, district: str) -> Records:
        """The same, for one of the districts."""
        return self.keep({district})

    def keep(self, districts: set[str]) -> Records:
        """The same, for some of the districts."""
        mine = pl.col("district_code").is_in(sorted(districts))
        return Records(
            [b for b in self.batches if b.district in districts],
            {name: frame.filter(mine) for name, frame in self.tables.items()},
            self.rejected.filter(mine),
            self.sheets.filter(mine),
            self.club_rows.filter(mine),
            self.row_clubs.filter(mine),
        )

    def counts(self) -> dict[str, dict[str, int]]:
        """Per district, the rows each record table would hold once these replace its rows."""
        counts: dict[str, dict[str, int]] = {b.district: {} for b in self.batches}
        for table, frame in self.tables.items():
            for district, rows in frame.group_by("district_code").len().iter_rows():
                counts.setdefault(district, {})[table] = rows
        return counts

    @staticmethod
    def concat(parts: list[Records]) -> Records:
        """The records of several parts (of different districts) as one."""
        first = parts[0]
        return Records(
            [b for part in parts for b in part.batches],
            {
                name: pl.concat([part.tables[name] for part in parts], how="vertical_relaxed")
                for name in first.tables
            },
            pl.concat([part.rejected for part in parts], how="vertical_relaxed"),
            pl.concat([part.sheets for part in parts], how="vertical_relaxed"),
            pl.concat([part.club_rows for part in parts], how="vertical_relaxed"),
            pl.concat([part.row_clubs for part in parts], how="vertical_relaxed"),
        )


def published_counts(
    con: duckdb.DuckDBPyConnection, districts: list[str]
) -> dict[str, dict[str, int]]:
    """Per district, the rows each record table holds now (tables without rows left out)."""
    counts: dict[str, dict[str, int]] = {district: {} for district in districts}
    union = " union all ".join(
        f"select '{table}' as sheet, district_code, count(*) as n from {table} "
        "where list_contains($districts, district_code) group by district_code"
        for table in RECORD_TABLES
    )
    for sheet, district, rows in con.execute(union, {"districts": districts}).fetchall():
        counts[district][sheet] = rows
    return counts


# Citizen IDs are never stored, so a district's pre-filled entry workbook comes back without
# them: a member sent again with no ID (same club, member id and name) keeps the keyed hash
# that the district's earlier submission gave it.
KEEP_PERSON_KEYS = """
create or replace temp table kept_person_keys as
select district_code, club_id, member_id, full_name, person_key from members
where list_contains($districts, district_code) and person_key is not null
"""
CARRY_PERSON_KEYS = """
update members set person_key = k.person_key from kept_person_keys k
where members.person_key is null and members.district_code = k.district_code
  and members.club_id = k.club_id and members.member_id = k.member_id and members.full_name = k.full_name
"""


def replace_districts(
    con: duckdb.DuckDBPyConnection, records: Records, rules: Rules
) -> dict[str, str]:
    """Replace all rows of these districts, then their metrics; returns why any district failed.

    All districts go in one transaction, so the fixed costs are paid once. If that fails,
    they go again one by one, each in its own transaction: the district that cannot be
    written fails alone (with the error as its message) and keeps the rows it had.
    """
    if len(records.batches) > 1:
        try:
            _replace(con, records, rules)
        except Exception:  # rolled back; the loop below finds the district that broke it
            pass
        else:
            return {}
    failed = {}
    for district in records.districts:
        try:
            _replace(con, records.only(district), rules)
        except Exception as error:
            failed[district] = str(error)
    return failed


def _replace(con: duckdb.DuckDBPyConnection, records: Records, rules: Rules) -> None:
    """Delete the districts' rows and insert the new ones, in one transaction."""
    districts = {"districts": records.districts}
    con.execute("begin transaction")
    try:
        con.execute(KEEP_PERSON_KEYS, districts)
        for table in (*RECORD_TABLES, "rejected_rows"):
            con.execute(
                f"delete from {table} where list_contains($districts, district_code)", districts
            )
        for table in RECORD_TABLES:
            _insert(con, table, records.tables[table])
        con.execute(CARRY_PERSON_KEYS)
        _insert(con, "rejected_rows", records.rejected)
        _insert(con, "load_sheets", records.sheets)
        _record(con, records.batches)
        province = records.batches[0].province
        metrics.refresh_districts(con, province, records.districts, rules, summaries=False)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    finally:
        con.unregister(INCOMING)


def record_failure(con: duckdb.DuckDBPyConnection, batch: Batch, rejected: pl.DataFrame) -> None:
    """Record a failed batch; the district's previously loaded rows stay as they were."""
    con.execute("begin transaction")
    try:
        _insert(con, "rejected_rows", rejected)
        _record(con, [batch])
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    finally:
        con.unregister(INCOMING)


def last_loaded(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str | None]]:
    """Per district, the content hash and rules version of its last loaded batch."""
    rows = con.execute(
        """
        select district_code, content_sha256, rules_version
        from load_batches
        where status = 'loaded'
        qualify row_number() over (partition by district_code order by started_at desc) = 1
        """
    ).fetchall()
    return {district: (sha, rules) for district, sha, rules in rows}


PUBLISHED_CLUBS = """
with members_of as (
    select district_code, club_id, count(*) as n from members
    where list_contains($districts, district_code) group by all
), meetings_of as (
    select district_code, club_id, count(*) as n from meetings
    where list_contains($districts, district_code) group by all
), years_of as (
    select district_code, club_id, count(distinct fiscal_year) as n from club_year_compliance
    where list_contains($districts, district_code) group by all
)
select c.district_code, c.club_id, c.name,
       coalesce(m.n, 0)::integer as members, coalesce(t.n, 0)::integer as meetings,
       coalesce(y.n, 0)::integer as years
from clubs c
left join members_of m using (district_code, club_id)
left join meetings_of t using (district_code, club_id)
left join years_of y using (district_code, club_id)
where list_contains($districts, c.district_code)
"""
PUBLISHED_MEETINGS = """
select district_code, club_id, fiscal_year, count(*)::integer as meetings from meetings
where list_contains($districts, district_code) group by all
"""


def published_clubs(con: duckdb.DuckDBPyConnection, districts: list[str]) -> pl.DataFrame:
    """The districts' published clubs: name, members, meetings and fiscal years of history."""
    return sql.frame(con, PUBLISHED_CLUBS, {"districts": districts})


def published_meetings(con: duckdb.DuckDBPyConnection, districts: list[str]) -> pl.DataFrame:
    """Meetings per published club and fiscal year."""
    return sql.frame(con, PUBLISHED_MEETINGS, {"districts": districts})


def last_uploads(
    con: duckdb.DuckDBPyConnection, districts: list[str]
) -> dict[str, tuple[datetime, str | None]]:
    """Per district whose last loaded batch was uploaded: when, and by whom."""
    rows = con.execute(
        """
        select district_code, started_at, sent_by, channel
        from load_batches
        where status = 'loaded' and list_contains($districts, district_code)
        qualify row_number() over (partition by district_code order by started_at desc) = 1
        """,
        {"districts": districts},
    ).fetchall()
    return {d: (at, by) for d, at, by, channel in rows if channel == "uploaded"}


def pulled_before(
    con: duckdb.DuckDBPyConnection, district: str, content_sha256: str, before: datetime
) -> bool:
    """Whether this content was pulled for the district before `before` (loaded, held or failed)."""
    row = con.execute(
        """
        select count(*) from load_batches
        where district_code = $district and content_sha256 = $sha and started_at < $before
          and coalesce(channel, 'pulled') = 'pulled'
        """,
        {"district": district, "sha": content_sha256, "before": before},
    ).fetchone()
    assert row is not None  # count(*) has one row
    return bool(row[0] > 0)


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    """Insert a frame by column name; the caller unregisters INCOMING after its transaction.

    (Unregistering inside a failed transaction would raise and hide the real error.)
    """
    if frame.is_empty():
        return
    con.register(INCOMING, sql.ArrowStream(frame))
    con.execute(f"insert into {table} by name select * from {INCOMING}")


def _record(con: duckdb.DuckDBPyConnection, batches: list[Batch]) -> None:
    """One load_batches row per batch, in one insert."""
    finished = datetime.now()
    rows = [
        (
            b.batch_id,
            b.province,
            b.district,
            b.source,
            b.content_sha256,
            b.started_at,
            finished,
            b.status,
            b.rows_read,
            b.rows_loaded,
            b.rows_rejected,
            b.message,
            b.latest_fiscal_year,
            b.rules_version,
            b.channel,
            b.sent_by,
            b.source_changed_at,
            b.kept_years,
        )
        for b in batches
    ]
    _insert(con, "load_batches", pl.DataFrame(rows, schema=BATCH_COLUMNS, orient="row"))
