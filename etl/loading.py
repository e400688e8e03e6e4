"""Loading prepared districts of one province into a new published version, under its lock.

The districts the guards hold (the shrink guard, the removal guard, the newer-upload guard) are
recorded, not loaded; the others replace their rows
together (one by one if that fails). A version that cannot be written publishes nothing. Once
published, a follower process commits the version to the national lake (lake/follow.py), after the
lock is let go and without being waited for (an ETL run starts one for all its provinces at its
end): a lake that fails neither holds up nor undoes the publish.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime

import duckdb
import polars as pl

from core.home import Home
from etl import load, newer_upload, removals, shrink, year_locks
from etl.limits import Limits
from etl.outcome import Outcome, one_line, write_failure
from etl.prepare import Prepared, bad_file_row, batch_id_of, failed_batch
from etl.sources import Source
from lake import follow
from warehouse import metrics
from warehouse.publish import new_version, province_lock
from warehouse.rules import Rules

LOADED = "loaded.json"


def record_fetch_failures(home: Home, province: str, failed: list[Outcome]) -> None:
    """Record the districts whose sources could not be pulled, in a new version."""
    with province_lock(home, province), new_version(home, province, side_files(province)) as con:
        for outcome in failed:
            started = datetime.now()
            batch_id = batch_id_of(outcome.source, started)
            batch = failed_batch(outcome.source, batch_id, started, "", outcome.message, "")
            row = bad_file_row(outcome.source, batch_id, outcome.message)
            load.record_failure(con, batch, row)


def load_prepared(
    home: Home,
    province: str,
    prepared: list[Prepared],
    rules: Rules,
    limits: Limits,
    *,
    lake: bool = True,
    today: date | None = None,
) -> list[Outcome]:
    """Load every prepared district of one province into one new published version (the year
    lock as on `today`, default today).

    If the version cannot be written (a full disk), nothing is published, the previous
    version stays untouched, and every district fails saying what could not be written.
    With `lake`, a follower then commits the version to the national lake (an ETL run passes
    False: it starts one for all the provinces it published at its end).
    """
    outcomes = []
    locks = year_locks.locks(home, province, rules, today or date.today())
    try:
        side = side_files(province)
        with province_lock(home, province), new_version(home, province, side) as con:
            for part in prepared:
                outcomes += [_record_failure(con, batch, row) for batch, row in part.failures]
                if part.records is not None:
                    outcomes += _load_records(con, part.records, rules, limits, locks)
            metrics.refresh_summaries(con, province)
    except (OSError, duckdb.Error) as error:
        why = write_failure(f"the warehouse of province {province}", error, home.tenant(province))
        unread = [
            Outcome(_source(b), "failed", message=f"{b.message} (not recorded: {why})")
            for part in prepared
            for b, _row in part.failures
        ]
        batches = [b for part in prepared if part.records for b in part.records.batches]
        return unread + [Outcome(_source(b), "failed", message=why) for b in batches]
    if lake:  # the lake follows in a process of its own; it never undoes nor holds up the publish
        follow.start(home, [province])
    return outcomes


def side_files(province: str) -> Callable[[duckdb.DuckDBPyConnection], dict[str, bytes]]:
    """What is published beside each version: roll-ups, and each district's last loaded hash."""

    def files(con: duckdb.DuckDBPyConnection) -> dict[str, bytes]:
        loaded = {d: list(v) for d, v in load.last_loaded(con).items()}
        return metrics.rollup_files(con, province) | {LOADED: json.dumps(loaded).encode()}

    return files


def _load_records(
    con: duckdb.DuckDBPyConnection,
    records: load.Records,
    rules: Rules,
    limits: Limits,
    locks: year_locks.Locks,
) -> list[Outcome]:
    """Keep each locked (approved or closed) year a submission would change as published (a district whose every
    change is to such a year is `locked`); hold the districts that would lose too much of what
    they published (a sheet, a club, a club's members or a year's meetings), or replace a newer
    upload; load the others."""
    if not records.batches:
        return []
    every = records
    verdicts = lock_verdicts(con, records, limits, locks)
    locked = {
        b.district: _locked(con, records, b, verdicts[b.district])
        for b in records.batches
        if b.district in verdicts and verdicts[b.district].held_whole
    }
    records = year_locks.keep_published(
        con, records.keep({d for d in records.districts if d not in locked}), verdicts
    )
    if not records.batches:
        return [locked[b.district] for b in every.batches]
    holds: dict[str, list[str]] = {d: [] for d in records.districts}  # every guard's reason
    for district, verdict in shrink_verdicts(con, records, limits).items():
        if verdict.held:
            holds[district].append(_shrunk(district, verdict, limits))
    found = removals.check(con, records, limits.max_club_loss)
    for district, removed in found.items():
        if removed and district not in limits.accept_removal:
            holds[district].append(
                f"it would remove {removals.summary(removed)}; "
                f"--accept-removal {district} publishes it"
            )
    for district, why in newer_upload.stale(con, records.batches, limits.accept_replace).items():
        holds[district].append(why)
    held = [b for b in records.batches if holds[b.district]]
    outcomes = {
        b.district: _held(con, records, b, "held: " + " · ".join(holds[b.district])) for b in held
    }
    kept = records.keep({b.district for b in records.batches if b.district not in outcomes})
    failed = load.replace_districts(con, kept, rules) if kept.batches else {}
    for b in kept.batches:
        outcomes[b.district] = (
            Outcome(_source(b), "failed", message=one_line(f"load failed: {failed[b.district]}"))
            if b.district in failed
            else _removed(
                _partly_locked(_loaded(records, b), verdicts.get(b.district)),
                found[b.district] if b.district in limits.accept_removal else [],
            )
        )
    outcomes |= locked
    return [outcomes[b.district] for b in every.batches]


def lock_verdicts(
    con: duckdb.DuckDBPyConnection,
    records: load.Records,
    limits: Limits,
    locks: year_locks.Locks,
) -> dict[str, year_locks.Verdict]:
    """The year lock's verdict on each district of `records` with a locked year it would
    change (a district in limits.accept_locked, a rebuild's replay, is never locked)."""
    kept = dict(limits.replay_kept)
    if kept:  # a rebuild's replay: the years the batch kept then, whatever is approved now
        return year_locks.replayed(con, records, kept)
    found = year_locks.check(con, records, locks)
    return {d: v for d, v in found.items() if v.locked and d not in limits.accept_locked}


def _locked(
    con: duckdb.DuckDBPyConnection,
    records: load.Records,
    batch: load.Batch,
    verdict: year_locks.Verdict,
) -> Outcome:
    """Record a locked batch (its district's rows stay as published) and say why."""
    why = verdict.message()
    load.record_failure(con, replace(batch, status="locked", message=why[:4000]), pl.DataFrame())
    years = tuple(lock.fiscal_year for lock in verdict.locked)
    return replace(_loaded(records, batch), status="locked", message=why, locked_years=years)


def _partly_locked(outcome: Outcome, verdict: year_locks.Verdict | None) -> Outcome:
    """A loaded district's outcome, saying which locked years were kept as published."""
    if verdict is None or not verdict.locked:
        return outcome
    years = tuple(lock.fiscal_year for lock in verdict.locked)
    return replace(outcome, message=one_line(outcome.message), locked_years=years)


def shrink_verdicts(
    con: duckdb.DuckDBPyConnection, records: load.Records, limits: Limits
) -> dict[str, shrink.Verdict]:
    """The shrink guard's verdict on each district of `records` against what `con` holds
    (a district in limits.accept_shrink is never held)."""
    before = load.published_counts(con, records.districts)
    after = records.counts()
    return {
        d: shrink.Verdict(False)
        if d in limits.accept_shrink
        else shrink.check(before[d], after.get(d, {}), limits.max_shrink)
        for d in records.districts
    }


def _removed(outcome: Outcome, removed: list[removals.Removal]) -> Outcome:
    """A loaded district's outcome, saying what it removed on purpose (limits.accept_removal)."""
    if not removed:
        return outcome
    said = f"removed on purpose: {removals.summary(removed)}"
    return replace(
        outcome,
        message=one_line(f"{outcome.message} · {said}" if outcome.message else said),
        removed=tuple((r.club_id, r.text()) for r in removed),
    )


def _shrunk(district: str, verdict: shrink.Verdict, limits: Limits) -> str:
    return (
        f"{verdict.counts()} (a sheet would lose more than {limits.max_shrink:.0%} of "
        f"its published rows); --accept-shrink {district} publishes it"
    )


def _held(
    con: duckdb.DuckDBPyConnection, records: load.Records, batch: load.Batch, why: str
) -> Outcome:
    """Record a held batch (its district's rows stay as published) and say why."""
    load.record_failure(con, replace(batch, status="held", message=why[:2000]), pl.DataFrame())
    return replace(_loaded(records, batch), status="held", message=why)


def _loaded(records: load.Records, batch: load.Batch) -> Outcome:
    """A loaded district's outcome, with its counts per sheet."""
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


def _source(batch: load.Batch) -> Source:
    return Source(batch.province, batch.district, batch.source)
