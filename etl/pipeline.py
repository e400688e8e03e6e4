"""The order of the ETL steps, and the only module that knows it.

pull + archive (threads: I/O) -> extract each district, then normalise, validate
and transform the districts of a province together (processes: CPU, one province
each) -> load each province into a new warehouse version under its writer lock,
its districts in one transaction (one by one if that fails) -> publish.
"""

from __future__ import annotations

import json
import multiprocessing
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import (
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    as_completed,
)
from contextlib import suppress
from dataclasses import replace
from datetime import date, datetime
from typing import ParamSpec, TypeVar

from core.home import Home
from etl import isolated, worker
from etl.archive import Pulled, Seen, archive, local_size, pull, remove_stale_tmp
from etl.limits import Limits
from etl.loading import LOADED, load_prepared, record_fetch_failures, shrink_verdicts
from etl.outcome import Outcome, reason, write_failure
from etl.prepare import Prepared, batch_id_of, failed_pair, prepare, read_failure
from etl.sources import Source
from lake import follow
from warehouse.publish import current
from warehouse.rules import Rules

SPAWN = multiprocessing.get_context("spawn")
UNCHANGED = "unchanged since the last load"
PARALLEL_BYTES = 8 * 2**20  # below this much changed input, one process is quicker


__all__ = [
    "Outcome",
    "Prepared",
    "load_province",
    "prepare",
    "run",
    "shrink_verdicts",
    "worker_pool",
]


def run(
    home: Home,
    sources: list[Source],
    rules: Rules,
    *,
    today: date | None = None,
    workers: int = 2,
    on_done: Callable[[Outcome], None] | None = None,
    limits: Limits | None = None,
    follower: bool = True,
) -> list[Outcome]:
    """Pull, check and load every source; one outcome per source, in source order.

    Nothing one source holds stops the run: it fails (or is held) that district alone.
    At its end the run starts the lake's follower (lake/follow.py; `follow.started()` has it),
    unless `follower` is False: the caller then commits to the lake itself (the demo, a rebuild).
    """
    today = today or date.today()
    limits = limits or Limits()
    isolated.warm(limits)  # the reading child imports while the sources are pulled
    remove_stale_tmp(home.archive)
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
            jobs: dict[Future[list[Outcome]], list[Pulled]] = {}
            # Each province is read and archived here while the workers load the ones before.
            for province, group in unread.items():
                changed = _pull_province(
                    home, province, group, threads, seen, unchanged, settle, limits
                )
                if not changed:
                    continue
                key = home.tenant_key(province)
                if len(unread) > 1:
                    # Tenants are separate files with separate writer locks: load whole
                    # provinces side by side, each in one worker.
                    job = pool.submit(
                        load_province, home, province, changed, key, today, rules, limits
                    )
                    jobs[job] = changed
                    continue
                # One province: parse its districts in parts side by side, then load them here.
                parts = _parts(changed, workers if parallel else 1)
                parsing = [
                    pool.submit(prepare, part, key, today, rules.version, limits) for part in parts
                ]
                prepared = [
                    _prepared(job, part, rules.version)
                    for job, part in zip(parsing, parts, strict=True)
                ]
                settle(
                    _safely(changed, _load_prepared, home, province, prepared, rules, limits, today)
                )
            _save_seen(seen)
            for job in as_completed(jobs):
                settle(_safely(jobs[job], job.result))
    if follower:  # the lake commits the run's publishes (and any it missed), after the run
        follow.start(home, provinces)
    return [outcomes[s.district] for s in sources]


def _safely(
    items: list[Pulled], step: Callable[..., list[Outcome]], *args: object
) -> list[Outcome]:
    """A province's outcomes, or, if loading it broke down (a dead worker, a bug), each of its
    districts failed with the one-line reason; its published version stays as it was."""
    try:
        return step(*args)
    except Exception as error:
        why = f"not loaded: {reason(error)}"
        return [Outcome(item.source, "failed", message=why) for item in items]


def _prepared(job: Future[Prepared], items: list[Pulled], rules_version: str) -> Prepared:
    """A part's result, or every district of it failed if its worker broke down."""
    try:
        return job.result()
    except Exception as error:
        started = datetime.now()
        why = f"cannot be read: {reason(error)}"
        failures = [
            failed_pair(item, batch_id_of(item.source, started), started, rules_version, why)
            for item in items
        ]
        return Prepared(None, failures)


def _save_seen(seen: Seen) -> None:
    """Keep the fingerprints; a full disk here only means the files are read again next time."""
    with suppress(OSError):
        seen.save()


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
    home: Home,
    province: str,
    items: list[Pulled],
    key: bytes,
    today: date,
    rules: Rules,
    limits: Limits | None = None,
) -> list[Outcome]:
    """Prepare and load every district of one province (runs in a worker); the run's end
    starts the lake's follower."""
    prepared = [prepare(items, key, today, rules.version, limits)]
    return _load_prepared(home, province, prepared, rules, limits or Limits(), today)


def _load_prepared(
    home: Home,
    province: str,
    prepared: list[Prepared],
    rules: Rules,
    limits: Limits,
    today: date,
) -> list[Outcome]:
    """load_prepared, leaving the lake to the run's end (one follower commits all its provinces)."""
    return load_prepared(home, province, prepared, rules, limits, lake=False, today=today)


def _pull_province(
    home: Home,
    province: str,
    sources: list[Source],
    threads: ThreadPoolExecutor,
    seen: Seen,
    unchanged: Callable[[Source, str | None], bool],
    settle: Callable[[Iterable[Outcome]], None],
    limits: Limits,
) -> list[Pulled]:
    """Read and archive a province's sources (before anything is parsed); the changed ones."""

    def fetch(source: Source) -> Pulled | Outcome:
        try:
            item = pull(source, limits)
        except Exception as error:  # a loop, a device, memory, an odd path: this district only
            return Outcome(source, "failed", message=read_failure(source, error))
        try:
            archive(home.archive, item)
        except Exception as error:
            why = write_failure("the archive", error, home.archive)
            return Outcome(source, "failed", message=why)
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
        try:
            record_fetch_failures(home, province, failed)
        except Exception as error:  # the failures are still shown, just not kept in the warehouse
            what = f"the warehouse of province {province}"
            note = write_failure(what, error, home.tenant(province))
            failed = [replace(o, message=f"{o.message} ({note})") for o in failed]
        settle(failed)
    return changed


def _last_loaded(home: Home, provinces: set[str]) -> dict[str, list[str | None]]:
    """Per district: the content hash and rules version of its last loaded batch."""
    last: dict[str, list[str | None]] = {}
    for province in sorted(provinces):
        published = current(home, province)
        loaded = published.folder / LOADED if published else None
        if loaded is not None and loaded.is_file():
            last.update(json.loads(loaded.read_text(encoding="utf-8")))
    return last


P = ParamSpec("P")
T = TypeVar("T")


class _Inline(Executor):
    """Runs jobs in this process (workers=1): simpler to debug and profile."""

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:
            future.set_exception(error)
        return future
