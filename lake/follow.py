"""Keeping the lake up with the published warehouses, without ever standing in their way.

After each publish of an upload (etl/loading.py) and at the end of each ETL run, `start` spawns a
follower: a process of its own (`tonbaeb lake catch-up`) that runs `catch_up` after the publish,
never in the load's time (importing pyiceberg alone takes about 2 s). `catch_up` commits, together,
the published version of each province the lake does not hold yet, under the lake's lock: followers
take turns, and a second one finds everything held. A lake that cannot (a killed follower, a full
disk, a locked catalog, any error) leaves the warehouse as published: the failure is recorded
(lake/status.py), shown in the run's summary and on the data-quality page, and the next follower
tries again. `rebuild` makes the lake again from the published warehouses.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from core.home import Home
from lake import status
from warehouse.publish import current, keep_versions

ROOT = Path(__file__).resolve().parent.parent  # the folder holding the lake package
LOG = "lake.log"  # in HOME/runs, beside cron.log: what the followers wrote

_followers: list[subprocess.Popen[bytes]] = []  # started by this process, maybe still running


@dataclass(frozen=True)
class Caught:
    """What catching up did for one province: committed a version, found it held, or failed."""

    province: str
    version: str
    state: str  # committed | held | failed
    failure: str | None = None


def start(home: Home, provinces: Iterable[str]) -> subprocess.Popen[bytes] | None:
    """When the lake is enabled, start a follower committing these provinces' published versions
    (and returns it, not waiting for it); None when the lake is off.

    The follower is the interpreter's own command line (as etl/isolated.py starts its children,
    never a fork of a process that may hold polars' or DuckDB's threads), in a session of its own
    (a Ctrl-C of the run does not kill it), appending what it says to HOME/runs/lake.log. Never
    raises: a follower that cannot be started is recorded as the lake's failure."""
    chosen = sorted(set(provinces))
    if not status.enabled(home) or not _behind(home, chosen):
        return None
    command = [sys.executable, "-m", "tonbaeb.cli", "lake", "catch-up", "--home", str(home.root)]
    for province in chosen:
        command += ["--province", province]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    if home.state_url:
        env["TONBAEB_STATE_URL"] = home.state_url
    log = log_file(home)
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("ab") as out:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
                close_fds=True,
                start_new_session=True,
            )
    except OSError as error:  # a full disk, no process left: the publish stands, said why
        why = f"the follower could not be started: {_reason(error)}"
        for province in chosen:
            status.record_failure(home, province, why)
        return None
    _followers[:] = [p for p in _followers if p.poll() is None] + [process]
    return process


def started() -> list[subprocess.Popen[bytes]]:
    """The followers this process started (those that ended are forgotten at the next start):
    a test waits for them, `etl run` names them in its summary."""
    return list(_followers)


def _behind(home: Home, provinces: list[str]) -> bool:
    """Whether the lake lacks the published version of any of the provinces (True when its state
    cannot be read: the follower will say why)."""
    try:
        held = status.held(home)
    except Exception:  # the state store is locked or gone: let the follower try and report it
        return True
    return bool(_lacking(home, provinces, held))


def _lacking(home: Home, provinces: list[str], held: dict[str, status.Held]) -> list[str]:
    """The provinces with a published version the lake does not hold (each CURRENT read once)."""
    lacking = []
    for province in provinces:
        published = current(home, province)
        mine = held.get(province, status.Held(province, None))
        if published is not None and mine.version != published.version:
            lacking.append(province)
    return lacking


def log_file(home: Home) -> Path:
    """Where followers append what they print: HOME/runs/lake.log."""
    return home.root / "runs" / LOG


def catch_up(home: Home, provinces: Iterable[str] | None = None) -> list[Caught]:
    """Commit each province's published version the lake does not hold yet; never raises.

    Does nothing unless the lake is enabled (HOME/settings.toml [lake] enabled = true).
    """
    if not status.enabled(home):
        return []
    chosen = sorted(set(provinces)) if provinces is not None else home.provinces()
    try:
        return _catch_up(home, chosen)
    except Exception as error:  # the lake's own parts (the catalog, its lock) failed
        why = _reason(error)
        caught = []
        for province in chosen:
            published = current(home, province)
            if published is not None:
                status.record_failure(home, province, why)
                caught.append(Caught(province, published.version, "failed", why))
        return caught


def _catch_up(home: Home, provinces: list[str]) -> list[Caught]:
    from lake import catalog, commit
    from warehouse.queries.lake import extract

    with catalog.writing(home):
        held = status.held(home)
        wanted = [p for p in provinces if current(home, p) is not None]
        behind = _lacking(home, wanted, held)
        caught = [Caught(p, _version(home, p), "held") for p in wanted if p not in behind]
        if not behind:
            return caught
        extracts = []
        for province in behind:
            published = current(home, province)
            assert published is not None  # published versions are never unpublished
            try:
                extracts.append(extract(published))
            except Exception as error:  # this province only (its version removed meanwhile)
                caught.append(_failed(home, province, published.version, error))
        if not extracts:
            return sorted(caught, key=lambda c: c.province)
        try:
            with catalog.session(home) as opened:
                commit.commit(opened, extracts, keep_versions(home))
        except Exception as error:
            for e in extracts:
                caught.append(_failed(home, e.published.province, e.published.version, error))
            return sorted(caught, key=lambda c: c.province)
        for e in extracts:
            status.record_commit(home, e.published.province, e.published.version)
            caught.append(Caught(e.published.province, e.published.version, "committed"))
        return sorted(caught, key=lambda c: c.province)


def _failed(home: Home, province: str, version: str, error: BaseException) -> Caught:
    why = _reason(error)
    status.record_failure(home, province, why)
    return Caught(province, version, "failed", why)


def _version(home: Home, province: str) -> str:
    published = current(home, province)
    return published.version if published is not None else ""


def rebuild(home: Home) -> list[Caught]:
    """Drop every lake table and make the lake again from each province's published version
    (after a restore, or when the lake is turned on for a home that has data already)."""
    from lake import catalog

    with catalog.writing(home), catalog.session(home) as opened:
        for identifier in opened.list_tables(catalog.NAME):
            opened.drop_table(identifier)
        place = catalog.local(home)
        if place is not None:
            shutil.rmtree(place / catalog.NAME, ignore_errors=True)
        status.forget(home)
    return _catch_up(home, home.provinces())


def _reason(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0] if text else ''}".strip(": ")
