"""Reading and checking districts: extract each, then validate and transform them together.

Runs in a worker. A district that cannot be read, or that breaks the checks, fails alone
with a one-line reason; the others go on.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TypedDict, cast

import polars as pl

from etl import extract, isolated, load, normalise, transform, validate
from etl.archive import Pulled
from etl.errors import BatchError
from etl.limits import Limits
from etl.outcome import reason
from etl.sources import Source

DATED = ("meetings", "activities")  # record tables whose fiscal years name a batch's latest


@dataclass
class Prepared:
    """Districts of one province, parsed and validated together, ready to load."""

    records: load.Records | None  # the districts that could be read (None: none could)
    failures: list[tuple[load.Batch, pl.DataFrame]]  # the others, with their bad_file row


def prepare(
    items: list[Pulled], key: bytes, today: date, rules_version: str, limits: Limits | None = None
) -> Prepared:
    """Extract each district (each in a child process, within the limits' memory and time),
    then validate and transform them together (runs in a worker)."""
    raws: dict[str, dict[str, extract.RawSheet]] = {}
    batches: dict[str, load.Batch] = {}
    failures = []
    for pulled in items:
        source = pulled.source
        started = datetime.now()
        batch_id = batch_id_of(source, started)
        try:
            raws[source.district] = isolated.read_submission(pulled.files, limits)
        except Exception as error:  # anything: a corrupt stream, memory, a reader's bug
            why = read_failure(source, error)
            failures.append(failed_pair(pulled, batch_id, started, rules_version, why))
            continue
        batches[source.district] = load.Batch(
            batch_id=batch_id,
            province=source.province,
            district=source.district,
            source=source.uri,
            content_sha256=pulled.content_sha256,
            started_at=started,
            status="loaded",
            rows_read=0,
            rows_loaded=0,
            rows_rejected=0,
            message="; ".join(getattr(raws[source.district], "notes", ()))[:2000]
            or None,  # what the reader noticed
            latest_fiscal_year=None,
            rules_version=rules_version,
            source_changed_at=pulled.changed_at,
        )
    province = items[0].source.province
    try:
        records = _records(raws, batches, province, key, today)
    except Exception:  # one district broke the checks of all: check each alone to find it
        parts = [_records({}, {}, province, key, today)]
        for district, batch in batches.items():
            try:
                alone = {district: raws[district]}
                parts.append(_records(alone, {district: batch}, province, key, today))
            except Exception as error:
                why = f"{batch.source}: cannot be checked: {reason(error)}"
                failed = replace(batch, status="failed", message=why)
                row = transform.bad_file_row(province, district, batch.batch_id, batch.source, why)
                failures.append((failed, row))
        records = load.Records.concat(parts)
    return Prepared(records, failures)


def _records(
    raws: dict[str, dict[str, extract.RawSheet]],
    batches: dict[str, load.Batch],
    province: str,
    key: bytes,
    today: date,
) -> load.Records:
    """Validate and transform some read districts together, with their counts."""
    ids = {district: batch.batch_id for district, batch in batches.items()}
    checked = validate.submissions(raws, today)
    tables = transform.to_warehouse(checked, province, ids, key)
    places = transform.sheet_places(raws, {d: b.source for d, b in batches.items()})
    rejected = transform.rejected_rows(checked, province, ids, places)
    sheets = transform.sheet_counts(checked, ids)
    totals = _totals(sheets, tables)
    counted = [replace(batch, **totals.get(district, {})) for district, batch in batches.items()]
    clubs = _club_ids(raws, lambda sheet: sheet == "clubs")
    return load.Records(counted, tables, rejected, sheets, clubs, _club_ids(raws, lambda _s: True))


def _club_ids(
    raws: dict[str, dict[str, extract.RawSheet]], wanted: Callable[[str], bool]
) -> pl.DataFrame:
    """Every row read of the wanted sheets that have a club id column: its district, sheet (as
    the file names it), row number and club id as the checks read it."""
    frames = [
        sheet.frame.select(
            pl.lit(district, pl.String).alias("district_code"),
            pl.lit(sheet.label, pl.String).alias("sheet"),
            pl.col(extract.ROW_NUMBER).cast(pl.Int64),
            normalise.code(pl.col("club_id")).alias("club_id"),
        )
        for district, raw in raws.items()
        for name, sheet in raw.items()
        if wanted(name) and "club_id" in sheet.frame.columns
    ]
    return pl.concat(frames) if frames else pl.DataFrame(schema=load.CLUB_ROWS)


def read_failure(source: Source, error: BaseException) -> str:
    """Why a source could not be read, in one line, naming it."""
    if isinstance(error, BatchError):
        return reason(error)
    return f"{source.uri}: cannot be read: {reason(error)}"


def batch_id_of(source: Source, started: datetime) -> str:
    """A new batch's id: district, time, and a random part."""
    return f"{source.district}-{started:%Y%m%d%H%M%S}-{uuid.uuid4().hex[:8]}"


class Totals(TypedDict, total=False):
    """A district's counts, as fields of its Batch."""

    rows_read: int
    rows_loaded: int
    rows_rejected: int
    latest_fiscal_year: int | None


def _totals(sheets: pl.DataFrame, tables: dict[str, pl.DataFrame]) -> dict[str, Totals]:
    """Per district: rows read, loaded and rejected, and the latest fiscal year of its records."""
    dated = pl.concat(tables[t].select("district_code", "fiscal_year") for t in DATED)
    latest = dated.group_by("district_code").agg(
        pl.col("fiscal_year").max().alias("latest_fiscal_year")
    )
    totals = (
        sheets.group_by("district_code")
        .agg(pl.col("rows_read", "rows_loaded", "rows_rejected").sum())
        .join(latest, on="district_code", how="left")
    )
    return {row.pop("district_code"): cast(Totals, row) for row in totals.iter_rows(named=True)}


def failed_pair(
    pulled: Pulled, batch_id: str, started: datetime, rules_version: str, message: str
) -> tuple[load.Batch, pl.DataFrame]:
    """A failed batch of a pulled source, and its bad_file row."""
    source = pulled.source
    batch = failed_batch(source, batch_id, started, pulled.content_sha256, message, rules_version)
    return batch, bad_file_row(source, batch_id, message)


def failed_batch(
    source: Source, batch_id: str, started: datetime, sha: str, message: str, rules_version: str
) -> load.Batch:
    """The batch of a district that failed before any of its rows could be checked."""
    return load.Batch(
        batch_id=batch_id,
        province=source.province,
        district=source.district,
        source=source.uri,
        content_sha256=sha,
        started_at=started,
        status="failed",
        rows_read=0,
        rows_loaded=0,
        rows_rejected=0,
        message=message,
        latest_fiscal_year=None,
        rules_version=rules_version,
    )


def bad_file_row(source: Source, batch_id: str, message: str) -> pl.DataFrame:
    """The one rejected_rows entry that says why a whole file could not be read."""
    return transform.bad_file_row(source.province, source.district, batch_id, source.uri, message)
