"""Keeping the lake up with the published warehouses, without ever standing in their way.

`catch_up` runs after each publish of an upload (etl/loading.py) and at the end of each ETL run:
it commits, together, the published version of each province the lake does not hold yet. A lake that
cannot (a full disk, a locked catalog, any error) leaves the warehouse as published: the failure
is recorded (lake/status.py), shown in the run's summary and on the data-quality page, and the
next call tries again. `rebuild` makes the lake again from the published warehouses.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from dataclasses import dataclass

from core.home import Home
from lake import status
from warehouse.publish import current, keep_versions


@dataclass(frozen=True)
class Caught:
    """What catching up did for one province: committed a version, found it held, or failed."""

    province: str
    version: str
    state: str  # committed | held | failed
    failure: str | None = None


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
        behind = [
            p for p in wanted if held.get(p, status.Held(p, None)).version != _version(home, p)
        ]
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
