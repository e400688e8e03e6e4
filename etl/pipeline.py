"""The order of the ETL steps, and the only module that knows it.

pull + archive (threads: I/O) -> extract, normalise, validate, transform
(processes: CPU, one district each) -> load each province into a new
warehouse version under its writer lock -> publish.
"""

from __future__ import annotations

import json
import multiprocessing
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import date, datetime

import duckdb
import polars as pl

from etl import extract, load, transform, validate
from etl.archive import Pulled, archive, pull
from etl.errors import BatchError
from etl.sources import Source
from warehouse import metrics
from warehouse.home import Home
from warehouse.publish import current, new_version, province_lock
from warehouse.rules import Rules

SPAWN = multiprocessing.get_context("spawn")
LOADED = "loaded.json"


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
    """A district's batch, parsed and validated, ready to load."""

    batch: load.Batch
    tables: dict[str, pl.DataFrame]
    rejected: pl.DataFrame
    sheets: pl.DataFrame
    failed: bool = False


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
    pulled = _pull_all(home, sources, outcomes, done)
    changed = _changed(home, pulled, rules, outcomes, done)
    by_province: dict[str, list[Pulled]] = defaultdict(list)
    for item in changed:
        by_province[item.source.province].append(item)
    keys = {p: home.tenant_key(p) for p in by_province}
    # spawn, not fork: a forked child can inherit polars' and DuckDB's thread pools mid-lock.
    parallel = workers > 1 and len(changed) > 1  # starting a worker costs ~1 s of imports
    pool: Executor = ProcessPoolExecutor(workers, mp_context=SPAWN) if parallel else _Inline()
    with pool:
        if len(by_province) > 1:
            # Tenants are separate files with separate writer locks: load whole
            # provinces side by side, each in one worker.
            jobs = {
                pool.submit(load_province, home, p, items, keys[p], today, rules): p
                for p, items in by_province.items()
            }
            finished: Iterator[list[Outcome]] = (job.result() for job in as_completed(jobs))
        else:
            # One province: parse its districts side by side, then load them here.
            finished = iter([])
            for province, items in by_province.items():
                parsing = [pool.submit(prepare, item, keys[province], today, rules.version) for item in items]
                finished = iter([_load_province(home, province, [job.result() for job in parsing], rules)])
        for province_outcomes in finished:
            for outcome in province_outcomes:
                outcomes[outcome.source.district] = outcome
                done(outcome)
    return [outcomes[s.district] for s in sources]


def load_province(
    home: Home, province: str, items: list[Pulled], key: bytes, today: date, rules: Rules
) -> list[Outcome]:
    """Prepare and load every district of one province (runs in a worker)."""
    return _load_province(home, province, [prepare(i, key, today, rules.version) for i in items], rules)


def prepare(pulled: Pulled, key: bytes, today: date, rules_version: str) -> Prepared:
    """Extract, normalise, validate and transform one district (runs in a worker)."""
    source = pulled.source
    started = datetime.now()
    batch_id = f"{source.district}-{started:%Y%m%d%H%M%S}-{uuid.uuid4().hex[:8]}"
    try:
        raw = extract.read_submission(pulled.files)
    except BatchError as error:
        return _failed(pulled, batch_id, started, rules_version, str(error))
    checked = validate.submission(raw, source.district, today)
    tables = transform.to_warehouse(checked, source.province, source.district, batch_id, key)
    rejected = transform.rejected_rows(
        checked, source.province, source.district, batch_id, source.uri
    )
    sheets = pl.DataFrame(
        {
            "batch_id": [batch_id] * len(checked),
            "district_code": [source.district] * len(checked),
            "sheet": list(checked),
            "rows_read": [c.rows_read for c in checked.values()],
            "rows_loaded": [c.accepted.height for c in checked.values()],
            "rows_rejected": [c.rejected.height for c in checked.values()],
        },
        schema_overrides={"rows_read": pl.Int64, "rows_loaded": pl.Int64, "rows_rejected": pl.Int64},
    )
    batch = load.Batch(
        batch_id=batch_id,
        province=source.province,
        district=source.district,
        source=source.uri,
        content_sha256=pulled.content_sha256,
        started_at=started,
        status="loaded",
        rows_read=int(sheets["rows_read"].sum()),
        rows_loaded=int(sheets["rows_loaded"].sum()),
        rows_rejected=int(sheets["rows_rejected"].sum()),
        message=None,
        latest_fiscal_year=_latest_fiscal_year(tables),
        rules_version=rules_version,
    )
    return Prepared(batch, tables, rejected, sheets)


def _pull_all(
    home: Home, sources: list[Source], outcomes: dict[str, Outcome], done: Callable[[Outcome], None]
) -> list[Pulled]:
    """Fetch and archive every source (before any parsing); failures become outcomes."""

    def fetch(source: Source) -> Pulled | Outcome:
        try:
            item = pull(source)
        except BatchError as error:
            return Outcome(source, "failed", message=str(error))
        archive(home.archive, item)
        return item

    pulled: list[Pulled] = []
    with ThreadPoolExecutor(8) as threads:
        for result in threads.map(fetch, sources):
            if isinstance(result, Outcome):
                outcomes[result.source.district] = result
            else:
                pulled.append(result)
    failed = [o for o in outcomes.values() if o.status == "failed"]
    for province in sorted({o.source.province for o in failed}):
        _record_fetch_failures(home, province, [o for o in failed if o.source.province == province])
    for outcome in failed:
        done(outcome)
    return pulled


def _record_fetch_failures(home: Home, province: str, failed: list[Outcome]) -> None:
    with province_lock(home, province), new_version(home, province, _side_files(province)) as con:
        for outcome in failed:
            started = datetime.now()
            batch_id = f"{outcome.source.district}-{started:%Y%m%d%H%M%S}-{uuid.uuid4().hex[:8]}"
            batch = _failed_batch(outcome.source, batch_id, started, "", outcome.message, "")
            load.record_failure(con, batch, _bad_file_row(outcome.source, batch_id, outcome.message))


def _changed(
    home: Home,
    pulled: list[Pulled],
    rules: Rules,
    outcomes: dict[str, Outcome],
    done: Callable[[Outcome], None],
) -> list[Pulled]:
    """Sources whose content (or the rules) changed since their last loaded batch."""
    last: dict[str, list[str | None]] = {}
    for province in sorted({p.source.province for p in pulled}):
        published = current(home, province)
        loaded = published.folder / LOADED if published else None
        if loaded is not None and loaded.is_file():
            last.update(json.loads(loaded.read_text(encoding="utf-8")))
    changed = []
    for item in pulled:
        if last.get(item.source.district) == [item.content_sha256, rules.version]:
            outcome = Outcome(item.source, "unchanged", message="unchanged since the last load")
            outcomes[item.source.district] = outcome
            done(outcome)
        else:
            changed.append(item)
    return changed


def _load_province(
    home: Home, province: str, prepared: list[Prepared], rules: Rules
) -> list[Outcome]:
    """Load every prepared district of one province into one new published version."""
    outcomes = []
    with province_lock(home, province), new_version(home, province, _side_files(province)) as con:
        for item in prepared:
            outcomes.append(_load_one(con, item, rules))
        metrics.refresh_summaries(con, province)
    return outcomes


def _side_files(province: str) -> Callable[[duckdb.DuckDBPyConnection], dict[str, bytes]]:
    """What is published beside each version: roll-ups, and each district's last loaded hash."""

    def files(con: duckdb.DuckDBPyConnection) -> dict[str, bytes]:
        loaded = {d: list(v) for d, v in load.last_loaded(con).items()}
        return metrics.rollup_files(con, province) | {LOADED: json.dumps(loaded).encode()}

    return files


def _load_one(con: object, item: Prepared, rules: Rules) -> Outcome:
    source = Source(item.batch.province, item.batch.district, item.batch.source)
    if item.failed:
        load.record_failure(con, item.batch, item.rejected)  # type: ignore[arg-type]
        return Outcome(source, "failed", message=item.batch.message or "")
    try:
        load.replace_district(con, item.batch, item.tables, item.rejected, item.sheets, rules)  # type: ignore[arg-type]
    except Exception as error:  # the district fails alone; its old rows stay
        return Outcome(source, "failed", message=f"load failed: {error}")
    return Outcome(
        source,
        "loaded",
        rows_read=item.batch.rows_read,
        rows_loaded=item.batch.rows_loaded,
        rows_rejected=item.batch.rows_rejected,
        sheets={
            row["sheet"]: (row["rows_read"], row["rows_loaded"], row["rows_rejected"])
            for row in item.sheets.iter_rows(named=True)
        },
    )


def _failed(pulled: Pulled, batch_id: str, started: datetime, rules_version: str, message: str) -> Prepared:
    source = pulled.source
    batch = _failed_batch(source, batch_id, started, pulled.content_sha256, message, rules_version)
    empty = pl.DataFrame()
    return Prepared(batch, {}, _bad_file_row(source, batch_id, message), empty, failed=True)


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


def _latest_fiscal_year(tables: dict[str, pl.DataFrame]) -> int | None:
    years = [
        tables[t]["fiscal_year"].max() for t in ("meetings", "activities") if tables[t].height
    ]
    found = [int(y) for y in years if y is not None]  # type: ignore[call-overload]
    return max(found) if found else None


class _Inline(Executor):
    """Runs jobs in this process (workers=1): simpler to debug and profile."""

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def,override]
        future: Future[object] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:
            future.set_exception(error)
        return future
