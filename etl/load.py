"""The single place that writes district batches into a warehouse version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb
import polars as pl

from etl.transform import RECORD_TABLES
from warehouse import metrics
from warehouse.rules import Rules

BATCH_COLUMNS = (
    "batch_id",
    "province_code",
    "district_code",
    "source",
    "content_sha256",
    "started_at",
    "finished_at",
    "status",
    "rows_read",
    "rows_loaded",
    "rows_rejected",
    "message",
    "latest_fiscal_year",
    "rules_version",
)


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


def replace_district(
    con: duckdb.DuckDBPyConnection,
    batch: Batch,
    tables: dict[str, pl.DataFrame],
    rejected: pl.DataFrame,
    sheets: pl.DataFrame,
    rules: Rules,
) -> None:
    """Replace all of a district's rows in one transaction, then its metrics."""
    con.execute("begin transaction")
    try:
        for table in RECORD_TABLES:
            con.execute(f"delete from {table} where district_code = ?", [batch.district])
            _insert(con, table, tables[table])
        con.execute("delete from rejected_rows where district_code = ?", [batch.district])
        _insert(con, "rejected_rows", rejected)
        _insert(con, "load_sheets", sheets)
        _record(con, batch)
        metrics.refresh_district(con, batch.province, batch.district, rules, summaries=False)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def record_failure(con: duckdb.DuckDBPyConnection, batch: Batch, rejected: pl.DataFrame) -> None:
    """Record a failed batch; the district's previously loaded rows stay as they were."""
    con.execute("begin transaction")
    try:
        _insert(con, "rejected_rows", rejected)
        _record(con, batch)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


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


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    if frame.is_empty():
        return
    con.register("incoming", frame.to_arrow())
    try:
        con.execute(f"insert into {table} by name select * from incoming")
    finally:
        con.unregister("incoming")


def _record(con: duckdb.DuckDBPyConnection, batch: Batch) -> None:
    values = [
        batch.batch_id,
        batch.province,
        batch.district,
        batch.source,
        batch.content_sha256,
        batch.started_at,
        datetime.now(),
        batch.status,
        batch.rows_read,
        batch.rows_loaded,
        batch.rows_rejected,
        batch.message,
        batch.latest_fiscal_year,
        batch.rules_version,
    ]
    marks = ", ".join("?" for _ in values)
    con.execute(f"insert into load_batches ({', '.join(BATCH_COLUMNS)}) values ({marks})", values)
