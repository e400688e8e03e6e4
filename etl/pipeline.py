"""The order of the ETL steps, and the only module that knows it.

pull + archive (threads: I/O) -> extract each district, then normalise, validate
and transform the districts of a province together (processes: CPU, one province
each) -> load each province into a new warehouse version under its writer lock,
its districts in one transaction (one by one if that fails) -> publish.
"""

from __future__ import annotations

import json
import multiprocessing
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import (
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    as_completed,
)
from dataclasses import dataclass, field, replace
from datetime import date, datetime

import duckdb
import polars as pl

from etl import extract, load, transform, validate, worker
from etl.archive import Pulled, Seen, archive, local_size, pull
from etl.errors import BatchError
from etl.sources import Source
from warehouse import metrics
from warehouse.home import Home
from warehouse.publish import current, new_version, province_lock
from warehouse.rules import Rules

SPAWN = multiprocessing.get_context("spawn")
LOADED = "loaded.json"
UNCHANGED = "unchanged since the last load"
PARALLEL_BYTES = 8 * 2**20  # below this much changed input, one process is quicker
DATED = ("meetings", "activities")  # record tables whose fiscal years name a batch's latest


@dataclass
class Outcome:
    """What happened to one district in a run."""

    source: Source
    status: str  # loaded | unchanged | failed
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    message: str = ""
    sheets: dict[str, tuple[int, int, int]] = field(default_factory=dict)


@dataclass
class Prepared:
    """Districts of one province, parsed and validated together, ready to load."""

    records: load.Records  # the districts that could be read
    failures: list[tuple[load.Batch, pl.DataFrame]]  # the others, with their bad_file row


def run(
    home: Home,
    sources: list[Source],
    rules: Rules,
    *,
    today: date | None = None,
    workers: int = 2,
    on_done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Pull, check and load every source; one outcome per source, in source order."""
    today = today or date.today()
    done = on_done or (lambda _outcome: None)
    outcomes: dict[str, Outcome] = {}

    def settle(settled: Iterable[Outcome]) -> None:
        for outcome in settled:
            outcomes[outcome.source.district] = outcome
            done(outcome)

    provinces = {s.province for s in sources}
    last, seen = _last_loaded(home, provinces), Seen(home.archive, provinces)

    def unchanged(source: Source, sha: str | None) -> bool:
        return last.get(source.district) == [sha, rules.version]

    with ThreadPoolExecutor(8) as threads:
        unread, size = _unread(sources, seen, unchanged, threads, settle)
        # spawn, not fork: a forked child can inherit polars' and DuckDB's thread pools
        # mid-lock. Starting a worker costs ~0.5 s of imports: worth it for enough data only.
        count = sum(len(group) for group in unread.values())
        parallel = workers > 1 and count > 1 and size > PARALLEL_BYTES
        pool: Executor = worker_pool(workers) if parallel else _Inline()
        with pool:
            jobs = []
            # Each province is read and archived here while the workers load the ones before.
            for province, group in unread.items():
                changed = _pull_province(home, province, group, threads, seen, unchanged, settle)
                if not changed:
                    continue
                key = home.tenant_key(province)
                if len(unread) > 1:
                    # Tenants are separate files with separate writer locks: load whole
                    # provinces side by side, each in one worker.
                    job = pool.submit(load_province, home, province, changed, key, today, rules)
                    jobs.append(job)
                    continue
                # One province: parse its districts in parts side by side, then load them here.
                parts = _parts(changed, workers if parallel else 1)
                parsing = [pool.submit(prepare, part, key, today, rules.version) for part in parts]
                settle(_load_province(home, province, [job.result() for job in parsing], rules))
            seen.save()
            for job in as_completed(jobs):
                settle(job.result())
    return [outcomes[s.district] for s in sources]


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes, spawned, each set up before it imports polars."""
    return ProcessPoolExecutor(workers, mp_context=SPAWN, initializer=worker.setup)


def _unread(
    sources: list[Source],
    seen: Seen,
    unchanged: Callable[[Source, str | None], bool],
    threads: ThreadPoolExecutor,
    settle: Callable[[Iterable[Outcome]], None],
) -> tuple[dict[str, list[Source]], int]:
    """The sources to read, by province, biggest first, and their bytes on disk.

    A local source whose files look as they did when archived, and whose content was the
    last loaded (under these rules), is unchanged without being read again.
    """
    recalled = dict(zip(sources, threads.map(seen.recall, sources), strict=True))
    settle(Outcome(s, "unchanged", message=UNCHANGED) for s in sources if unchanged(s, recalled[s]))
    unread = [s for s in sources if not unchanged(s, recalled[s])]
    sizes = dict(zip(unread, threads.map(local_size, unread), strict=True))
    by_province: dict[str, list[Source]] = defaultdict(list)
    for source in unread:
        by_province[source.province].append(source)
    # Biggest first: a big province started last would keep one worker busy alone at the end.
    order = sorted(by_province, key=lambda p: -sum(sizes[s] for s in by_province[p]))
    return {p: by_province[p] for p in order}, sum(sizes.values())


def _parts(items: list[Pulled], count: int) -> list[list[Pulled]]:
    """Districts dealt into `count` parts of about the same size, biggest first."""
    parts: list[list[Pulled]] = [[] for _ in range(min(count, len(items)))]
    sizes = [0] * len(parts)
    for item in sorted(items, key=lambda i: -i.size):
        smallest = sizes.index(min(sizes))
        parts[smallest].append(item)
        sizes[smallest] += item.size
    return parts


def load_province(
    home: Home, province: str, items: list[Pulled], key: bytes, today: date, rules: Rules
) -> list[Outcome]:
    """Prepare and load every district of one province (runs in a worker)."""
    return _load_province(home, province, [prepare(items, key, today, rules.version)], rules)


def prepare(items: list[Pulled], key: bytes, today: date, rules_version: str) -> Prepared:
    """Extract each district, then validate and transform them together (runs in a worker)."""
    raws: dict[str, dict[str, extract.RawSheet]] = {}
    batches: dict[str, load.Batch] = {}
    failures = []
    for pulled in items:
        source = pulled.source
        started = datetime.now()
        batch_id = _batch_id(source, started)
        try:
            raws[source.district] = extract.read_submission(pulled.files)
        except BatchError as error:
            failures.append(_failed(pulled, batch_id, started, rules_version, str(error)))
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
            message="; ".join(raws[source.district].notes)[:2000] or None,  # what the reader noticed
            latest_fiscal_year=None,
            rules_version=rules_version,
        )
    province = items[0].source.province
    ids = {district: batch.batch_id for district, batch in batches.items()}
    checked = validate.submissions(raws, today)
    tables = transform.to_warehouse(checked, province, ids, key)
    places = transform.sheet_places(raws, {d: b.source for d, b in batches.items()})
    rejected = transform.rejected_rows(checked, province, ids, places)
    sheets = transform.sheet_counts(checked, ids)
    totals = _totals(sheets, tables)
    counted = [replace(batch, **totals.get(district, {})) for district, batch in batches.items()]
    return Prepared(load.Records(counted, tables, rejected, sheets), failures)


def _pull_province(
    home: Home,
    province: str,
    sources: list[Source],
    threads: ThreadPoolExecutor,
    seen: Seen,
    unchanged: Callable[[Source, str | None], bool],
    settle: Callable[[Iterable[Outcome]], None],
) -> list[Pulled]:
    """Read and archive a province's sources (before anything is parsed); the changed ones."""

    def fetch(source: Source) -> Pulled | Outcome:
        try:
            item = pull(source)
        except BatchError as error:
            return Outcome(source, "failed", message=str(error))
        archive(home.archive, item)
        return item

    changed: list[Pulled] = []
    failed: list[Outcome] = []
    for result in threads.map(fetch, sources):
        if isinstance(result, Outcome):
            failed.append(result)
            continue
        seen.remember(result)
        if unchanged(result.source, result.content_sha256):  # read, hashed: the same
            settle([Outcome(result.source, "unchanged", message=UNCHANGED)])
        else:
            changed.append(result)
    if failed:
        _record_fetch_failures(home, province, failed)
        settle(failed)
    return changed


def _record_fetch_failures(home: Home, province: str, failed: list[Outcome]) -> None:
    with province_lock(home, province), new_version(home, province, _side_files(province)) as con:
        for outcome in failed:
            started = datetime.now()
            batch_id = _batch_id(outcome.source, started)
            batch = _failed_batch(outcome.source, batch_id, started, "", outcome.message, "")
            row = _bad_file_row(outcome.source, batch_id, outcome.message)
            load.record_failure(con, batch, row)


def _last_loaded(home: Home, provinces: set[str]) -> dict[str, list[str | None]]:
    """Per district: the content hash and rules version of its last loaded batch."""
    last: dict[str, list[str | None]] = {}
    for province in sorted(provinces):
        published = current(home, province)
        loaded = published.folder / LOADED if published else None
        if loaded is not None and loaded.is_file():
            last.update(json.loads(loaded.read_text(encoding="utf-8")))
    return last


def _load_province(
    home: Home, province: str, prepared: list[Prepared], rules: Rules
) -> list[Outcome]:
    """Load every prepared district of one province into one new published version."""
    outcomes = []
    with province_lock(home, province), new_version(home, province, _side_files(province)) as con:
        for part in prepared:
            outcomes += [_record_failure(con, batch, row) for batch, row in part.failures]
            outcomes += _load_records(con, part.records, rules)
        metrics.refresh_summaries(con, province)
    return outcomes


def _side_files(province: str) -> Callable[[duckdb.DuckDBPyConnection], dict[str, bytes]]:
    """What is published beside each version: roll-ups, and each district's last loaded hash."""

    def files(con: duckdb.DuckDBPyConnection) -> dict[str, bytes]:
        loaded = {d: list(v) for d, v in load.last_loaded(con).items()}
        return metrics.rollup_files(con, province) | {LOADED: json.dumps(loaded).encode()}

    return files


def _load_records(
    con: duckdb.DuckDBPyConnection, records: load.Records, rules: Rules
) -> list[Outcome]:
    failed = load.replace_districts(con, records, rules)
    return [
        Outcome(_source(b), "failed", message=f"load failed: {failed[b.district]}")
        if b.district in failed
        else _loaded(records, b)
        for b in records.batches
    ]


def _loaded(records: load.Records, batch: load.Batch) -> Outcome:
    mine = records.sheets.filter(pl.col("district_code") == batch.district)
    return Outcome(
        _source(batch),
        "loaded",
        rows_read=batch.rows_read,
        rows_loaded=batch.rows_loaded,
        rows_rejected=batch.rows_rejected,
        message=batch.message or "",
        sheets={
            row["sheet"]: (row["rows_read"], row["rows_loaded"], row["rows_rejected"])
            for row in mine.iter_rows(named=True)
        },
    )


def _record_failure(
    con: duckdb.DuckDBPyConnection, batch: load.Batch, row: pl.DataFrame
) -> Outcome:
    load.record_failure(con, batch, row)
    return Outcome(_source(batch), "failed", message=batch.message or "")


def _batch_id(source: Source, started: datetime) -> str:
    return f"{source.district}-{started:%Y%m%d%H%M%S}-{uuid.uuid4().hex[:8]}"


def _source(batch: load.Batch) -> Source:
    return Source(batch.province, batch.district, batch.source)


def _totals(
    sheets: pl.DataFrame, tables: dict[str, pl.DataFrame]
) -> dict[str, dict[str, int | None]]:
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
    return {row.pop("district_code"): row for row in totals.iter_rows(named=True)}


def _failed(
    pulled: Pulled, batch_id: str, started: datetime, rules_version: str, message: str
) -> tuple[load.Batch, pl.DataFrame]:
    source = pulled.source
    batch = _failed_batch(source, batch_id, started, pulled.content_sha256, message, rules_version)
    return batch, _bad_file_row(source, batch_id, message)


def _failed_batch(
    source: Source, batch_id: str, started: datetime, sha: str, message: str, rules_version: str
) -> load.Batch:
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


def _bad_file_row(source: Source, batch_id: str, message: str) -> pl.DataFrame:
    """The one rejected_rows entry that says why a whole file could not be read."""
    return transform.bad_file_row(source.province, source.district, batch_id, source.uri, message)


class _Inline(Executor):
    """Runs jobs in this process (workers=1): simpler to debug and profile."""

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def,override]
        future: Future[object] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:
            future.set_exception(error)
        return future
