"""A district's uploaded submission: checked exactly as a load checks it (a dry run), then submitted.

The dry run takes the pipeline's own steps (`pipeline.prepare`: extract, normalise,
validate, transform) and loads the result with the pipeline's own writer
(`load.replace_districts`, metrics included) into a private in-memory database, so it
tells the sender what a load would: per sheet rows read, loaded and rejected, the
rejected rows, how the district's published rows and its clubs meeting the standard
would change. Nothing is archived or published. Submitting archives the file and loads
it through `loading.load_prepared` (the province's writer lock, one atomic publish),
one submission per district at a time.
"""

from __future__ import annotations

import fcntl
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date

import duckdb
import polars as pl

from core.home import Home
from etl import load, loading, pipeline, removals, shrink, year_locks
from etl.archive import Pulled, archive
from etl.limits import Limits
from etl.schemas import SHEETS
from etl.sources import Source
from warehouse import preview
from warehouse.build import apply_schema
from warehouse.connection import NotPublished, reading
from warehouse.rules import Rules

UPLOADED = "uploaded"


class Busy(Exception):
    """Another submission of the same district is being loaded."""


@dataclass(frozen=True)
class Shrink:
    """A sheet the submission would cut: published rows before, rows it would load."""

    sheet: str
    before: int
    after: int


@dataclass
class Preview:
    """What loading a submission would do to its district; nothing of it is published."""

    province: str
    district: str
    content_sha256: str
    failure: str | None = None  # the file cannot be read at all: why
    sheets: pl.DataFrame = field(
        default_factory=pl.DataFrame
    )  # sheet, rows_read, rows_loaded, rows_rejected
    rejected: pl.DataFrame = field(default_factory=pl.DataFrame)  # as rejected_rows
    before: dict[str, int] = field(default_factory=dict)  # published rows per sheet
    after: dict[str, int] = field(default_factory=dict)  # rows per sheet after this load
    standard_before: pl.DataFrame = field(
        default_factory=pl.DataFrame
    )  # fiscal_year, clubs, meeting_standard
    standard_after: pl.DataFrame = field(default_factory=pl.DataFrame)
    # What the removal guard would hold it for: published clubs, members or a year's meetings lost.
    removals: list[removals.Removal] = field(default_factory=list)
    # Club-years meeting the standard as published that would not with this file, of clubs that
    # stay and have rows rejected in it: (club_id, name, fiscal_year). The rejections are why; a
    # club losing the standard with none rejected is new data, not a warning.
    lost_standard: list[tuple[str, str, int]] = field(default_factory=list)
    # What the year lock would keep as published: approved years this file changes.
    locked: year_locks.Verdict | None = None

    @property
    def warnings(self) -> bool:
        """Whether the sender must acknowledge something before sending."""
        return bool(self.shrinks or self.removals or self.lost_standard)

    @property
    def shrinks(self) -> list[Shrink]:
        """Sheets this submission would cut (the shrink guard's verdict, see `shrinks`)."""
        return shrinks(self.before, self.after)

    @property
    def rows(self) -> tuple[int, int, int]:
        """Rows read, would load, rejected, over all sheets."""
        if self.sheets.is_empty():
            return 0, 0, 0
        return tuple(
            int(self.sheets[c].sum()) for c in ("rows_read", "rows_loaded", "rows_rejected")
        )  # type: ignore[return-value]


def shrinks(before: dict[str, int], after: dict[str, int]) -> list[Shrink]:
    """Sheets cut by more than the run's share of their published rows, or to none: the
    pipeline's own shrink guard (etl.shrink) on the same counts."""
    verdict = shrink.check(before, after, Limits().max_shrink)
    return [Shrink(sheet, had, now) for sheet, (had, now) in verdict.cuts.items()]


def dry_run(
    home: Home, source: Source, files: dict[str, bytes], rules: Rules, today: date
) -> Preview:
    """Check a submission as a load would, into a private database; publishes nothing."""
    pulled = _pulled(source, files)
    prepared = pipeline.prepare([pulled], home.tenant_key(source.province), today, rules.version)
    result = Preview(source.province, source.district, pulled.content_sha256)
    records = prepared.records
    result.before, result.standard_before, standing, result.removals, result.locked = _published(
        home, source, records, rules, today
    )
    if prepared.failures:
        result.failure = prepared.failures[0][0].message or "the file cannot be read"
        return result
    assert records is not None  # the one source was read
    order = pl.col("sheet").replace_strict(
        {s.name: n for n, s in enumerate(SHEETS)}, default=len(SHEETS), return_dtype=pl.Int32
    )
    result.sheets = records.sheets.sort(order).select(
        "sheet", "rows_read", "rows_loaded", "rows_rejected"
    )
    result.rejected = records.rejected
    with duckdb.connect(":memory:") as con:
        apply_schema(con)
        failed = load.replace_districts(con, records, rules)
        if failed:
            result.failure = f"load failed: {failed[source.district]}"
            return result
        result.after = preview.sheet_rows(con, source.district)
        result.standard_after = preview.standard(con, source.district)
        after = preview.club_standing(con, source.district)
        result.lost_standard = lost_standard(standing, after, rejected_clubs(records))
    return result


def rejected_clubs(records: load.Records) -> set[str]:
    """The clubs with a row of any sheet rejected in these records."""
    where = ["district_code", "sheet", "row_number"]
    rejected = records.rejected.select(*where).with_columns(pl.col("row_number").cast(pl.Int64))
    rows = rejected.join(records.row_clubs, on=where).filter(pl.col("club_id").is_not_null())
    return set(rows["club_id"].to_list())


def lost_standard(
    before: pl.DataFrame, after: pl.DataFrame, rejected: set[str]
) -> list[tuple[str, str, int]]:
    """Club-years meeting the standard `before` and not `after` (a year the club no longer has
    counts as not meeting it), of clubs that stay and are among the `rejected` (their rows
    rejected): (club_id, name, fiscal_year). A club gone is the removal guard's."""
    if before.is_empty() or after.is_empty() or not rejected:
        return []
    keys = ["club_id", "fiscal_year"]
    now = after.select(*keys, pl.col("meets_standard").alias("now"))
    lost = (
        before.filter(pl.col("meets_standard") & pl.col("club_id").is_in(sorted(rejected)))
        .filter(pl.col("club_id").is_in(after["club_id"].unique().to_list()))
        .join(now, on=keys, how="left")
        .filter(~pl.col("now").fill_null(False))
    )
    return [
        (r["club_id"], r["name"], r["fiscal_year"])
        for r in lost.sort("club_id", "fiscal_year").iter_rows(named=True)
    ]


def submit(
    home: Home,
    source: Source,
    files: dict[str, bytes],
    rules: Rules,
    today: date,
    sent_by: str,
    *,
    accept_shrink: bool = False,
    accept_removal: bool = False,
) -> pipeline.Outcome:
    """Archive the submission and load it like any run, recording who sent it; raises Busy.
    The shrink and removal guards hold it as they would a pulled file, unless the sender
    accepted the cut or the removal."""
    pulled = _pulled(source, files)
    with district_lock(home, source):
        archive(home.archive, pulled)
        prepared = pipeline.prepare(
            [pulled], home.tenant_key(source.province), today, rules.version
        )
        if prepared.records is not None:
            prepared.records.batches[:] = [
                replace(b, channel=UPLOADED, sent_by=sent_by) for b in prepared.records.batches
            ]
        prepared.failures[:] = [
            (replace(b, channel=UPLOADED, sent_by=sent_by), row) for b, row in prepared.failures
        ]
        mine = frozenset({source.district})
        limits = Limits(
            accept_shrink=mine if accept_shrink else frozenset(),
            accept_removal=mine if accept_removal else frozenset(),
        )
        return loading.load_prepared(home, source.province, [prepared], rules, limits, today=today)[
            0
        ]


@contextmanager
def district_lock(home: Home, source: Source) -> Iterator[None]:
    """Hold the district's submission lock, or raise Busy at once if another holds it."""
    folder = home.tenant(source.province)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"submit-{source.district}.lock", "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise Busy(source.district) from error
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _pulled(source: Source, files: dict[str, bytes]) -> Pulled:
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    return Pulled(source, files, digests)


def _published(
    home: Home, source: Source, records: load.Records | None, rules: Rules, today: date
) -> tuple[
    dict[str, int], pl.DataFrame, pl.DataFrame, list[removals.Removal], year_locks.Verdict | None
]:
    """The district as published: rows per sheet, the standard per year and per club, what
    `records` would remove from it (the removal guard's own check) and the approved years it
    would change (the year lock's own check, on `today`)."""
    try:
        with reading(home, source.province) as (con, _version):
            mine = records is not None and source.district in records.districts
            removed = (
                removals.check(con, records, Limits().max_club_loss).get(source.district, [])
                if records is not None and mine
                else []
            )
            locks = year_locks.locks(home, source.province, rules, today)
            verdict = (
                year_locks.check(con, records, locks).get(source.district)
                if records is not None and mine
                else None
            )
            return (
                preview.sheet_rows(con, source.district),
                preview.standard(con, source.district),
                preview.club_standing(con, source.district),
                removed,
                verdict if verdict is not None and verdict.locked else None,
            )
    except NotPublished:
        schema = {"fiscal_year": pl.Int32, "clubs": pl.Int32, "meeting_standard": pl.Int32}
        return {}, pl.DataFrame(schema=schema), pl.DataFrame(), [], None
