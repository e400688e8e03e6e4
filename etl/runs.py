"""What each ETL run did, kept as one JSON file per run under HOME/runs/ (newest KEEP kept).

A summary says when the run started and how long it took, and per province which
districts were loaded, failed, held, locked or unchanged, with the last failure's reason, and, when
the national lake is on, which version of each province it holds (and why it is behind, if it is)
and the process id of the follower bringing it up to date in the background (lake/follow.py).
The CLI writes it after `tonbaeb etl run`; the data-quality page shows the newest.
Each district's outcome is also logged as one JSON line as it finishes (core/events.py).

One run at a time: `tonbaeb etl run` holds the lock "etl run" (accounts/locks.py: a file lock with
the SQLite store, a PostgreSQL advisory lock across hosts); a second run says who holds it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from core.events import emit, setup
from core.home import Home
from lake import follow
from lake import status as lake_status
from warehouse.publish import current

KEEP = 400  # a year of nightly runs and then some
STATUSES = ("loaded", "failed", "held", "locked", "unchanged")


def folder(home: Home) -> Path:
    """Where run summaries live."""
    return home.root / "runs"


def logging_each(done: Callable[[Any], None], started: float) -> Callable[[Any], None]:
    """`done`, also writing one JSON line per district outcome (no row values in it).

    The lines go to standard error when it is not a terminal (systemd's journal, cron's
    log); on a terminal the run's table says the same.
    """
    if not sys.stderr.isatty():
        setup()

    def each(outcome: Any) -> None:
        emit(
            "etl_batch",
            province=outcome.source.province,
            district=outcome.source.district,
            rows_read=outcome.rows_read,
            rows_loaded=outcome.rows_loaded,
            rows_rejected=outcome.rows_rejected,
            outcome=outcome.status,
            ms=round((time.time() - started) * 1000, 1),  # since the run began
        )
        done(outcome)

    return each


def record(
    home: Home,
    outcomes: Iterable[Any],
    started: float,
    finished: float,
    rules_file: Path | None = None,
    follower: int | None = None,
) -> Path:
    """Write the run's summary (and keep a copy of a rules file given by --rules, and the process
    id of the lake's follower the run started, if it did); returns its file."""
    if rules_file is not None:
        keep_rules(home, rules_file)
    provinces: dict[str, dict[str, Any]] = {}
    for outcome in outcomes:
        entry = provinces.setdefault(
            outcome.source.province, {s: [] for s in STATUSES} | {"last_failure": None}
        )
        entry.setdefault(outcome.status, []).append(outcome.source.district)
        if outcome.removed:  # published on purpose (--accept-removal)
            entry.setdefault("removed", {})[outcome.source.district] = [
                {"club_id": club, "text": text} for club, text in outcome.removed
            ]
        if outcome.status == "failed":
            entry["last_failure"] = {"district": outcome.source.district, "reason": outcome.message}
    summary = {
        "started_at": _iso(started),
        "finished_at": _iso(finished),
        "seconds": round(finished - started, 2),
        "provinces": provinces,
    }
    if lake_status.enabled(home):
        summary["lake"] = lake_state(home, provinces)
        summary["lake_follower"] = follower
    base = folder(home)
    base.mkdir(parents=True, exist_ok=True)
    path = base / f"{datetime.fromtimestamp(started, UTC):%Y%m%dT%H%M%S%fZ}-{os.getpid()}.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)
    for old in sorted(base.glob("*.json"))[:-KEEP]:
        old.unlink(missing_ok=True)
    return path


def lake_state(home: Home, provinces: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Per province of the run: the version published, the version the lake holds, and why it is
    behind if it failed to commit (the next run catches it up)."""
    try:
        held = lake_status.held(home)
    except (sqlite3.Error, OSError) as error:
        held = {
            p: lake_status.Held(p, None, f"the lake's state cannot be read: {error}")
            for p in provinces
        }
    state = {}
    for province in sorted(provinces):
        published = current(home, province)
        mine = held.get(province, lake_status.Held(province, None))
        version = published.version if published else None
        state[province] = {
            "published_version": version,
            "lake_version": mine.version,
            "behind": version is not None and mine.version != version,
            "failure": mine.failure,
        }
    return state


def lake_behind(home: Home, provinces: Iterable[str], follower: int | None = None) -> list[str]:
    """What `etl run` says of the national lake, for the provinces of the run whose published
    version it lacks: the follower (process id) bringing it up to date in the background, and
    each province's earlier failure to commit (or, with no follower, that it is behind)."""
    if not lake_status.enabled(home):
        return []
    behind = {p: s for p, s in lake_state(home, provinces).items() if s["behind"]}
    lines = []
    if follower is not None and behind:
        lines.append(
            f"the national lake is being brought up to date in the background (process "
            f"{follower}, province {', '.join(behind)}; it writes to {follow.log_file(home)})"
        )
    for province, s in behind.items():
        if follower is not None and not s["failure"]:
            continue
        lines.append(
            f"the national lake holds {s['lake_version'] or 'nothing'} of province {province}, "
            f"not the published {s['published_version']}"
            + (f" (its last commit failed: {s['failure']})" if s["failure"] else "")
            + (
                "; the follower tries again"
                if follower is not None
                else "; `tonbaeb lake catch-up` or the next run catches it up"
            )
        )
    return lines


def latest(home: Home, province: str | None = None) -> dict[str, Any] | None:
    """The newest run summary (that touched `province`, when given), or None."""
    for path in sorted(folder(home).glob("*.json"), reverse=True)[:KEEP]:
        try:
            summary = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if province is None or province in summary.get("provinces", {}):
            return summary
    return None


def _iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).isoformat(timespec="seconds")


def keep_rules(home: Home, path: Path) -> Path:
    """A copy of a rules file under HOME/rules, by content hash, so a rebuild can use it again."""
    data = path.read_bytes()
    target = home.root / "rules" / f"{hashlib.sha256(data).hexdigest()[:16]}.toml"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return target
