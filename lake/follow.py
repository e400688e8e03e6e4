"""Keeping the lake up with the published warehouses, without ever standing in their way.

`catch_up` runs after each publish (etl/loading.py) and at the end of each ETL run: for each
province whose published version the lake does not hold yet, it commits that version. A lake that
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
        with catalog.session(home) as opened:
            for province in behind:
                published = current(home, province)
                assert published is not None  # published versions are never unpublished
                try:
                    commit.commit(opened, extract(published), keep_versions(home))
                    status.record_commit(home, province, published.version)
                    caught.append(Caught(province, published.version, "committed"))
                except Exception as error:
                    why = _reason(error)
                    status.record_failure(home, province, why)
                    caught.append(Caught(province, published.version, "failed", why))
        return sorted(caught, key=lambda c: c.province)


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
