"""Query results cached per (home, the user's scope, province, published version, question, parameters).

The scope is part of every key, so two users with different scopes never share an
entry even when they ask the same question; the published version is part of every
key, so a new publish invalidates a province's entries by itself. The cache holds at
most SIZE entries and about BUDGET bytes (a national frame is a few MB), least
recently used first out.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

import polars as pl

from accounts.scope import Scope
from core.home import Home
from warehouse.connection import version

T = TypeVar("T")
SIZE = 512
BUDGET = 256 * 2**20
SMALL = 1024  # what an entry that is not a frame or bytes is taken to weigh
_ENTRIES: OrderedDict[tuple[object, ...], tuple[object, int]] = OrderedDict()
_WEIGHT = [0]
_LOCK = threading.Lock()


class Unkept:
    """An answer `compute()` gives to be sent once and not kept (it showed something audited, or a part failed)."""

    def __init__(self, value: object) -> None:
        self.value = value


def key(
    home: Home, scope: Scope, province: str | tuple[str, ...], name: str, params: tuple[object, ...]
) -> tuple[object, ...]:
    """The cache key of one question asked by one scope of one or more provinces' current versions."""
    names = (province,) if isinstance(province, str) else province
    versions = tuple((p, version(home, p)) for p in names)
    return (str(home.root), scope.tenant, versions, name, params)


def cached(
    home: Home,
    scope: Scope,
    province: str | tuple[str, ...],
    name: str,
    params: tuple[object, ...],
    compute: Callable[[], T],
    weigh: Callable[[object], int] | None = None,
) -> T:
    """The cached answer, or `compute()` stored under the scoped, versioned key.

    The key is taken before computing: if a publish lands meanwhile, the answer may be
    newer than its key, never older. `weigh` tells an answer's size in bytes where it is
    neither a frame nor bytes. An `Unkept` answer is returned as it is, not stored.
    """
    entry = key(home, scope, province, name, params)
    with _LOCK:
        if entry in _ENTRIES:
            _ENTRIES.move_to_end(entry)
            return _ENTRIES[entry][0]  # type: ignore[return-value]
    value = compute()
    if isinstance(value, Unkept):
        return value  # type: ignore[return-value]
    weight = (weigh or _weight)(value)
    with _LOCK:
        if entry in _ENTRIES:
            _WEIGHT[0] -= _ENTRIES.pop(entry)[1]
        _ENTRIES[entry] = (value, weight)
        _WEIGHT[0] += weight
        while len(_ENTRIES) > SIZE or (_WEIGHT[0] > BUDGET and len(_ENTRIES) > 1):
            _WEIGHT[0] -= _ENTRIES.popitem(last=False)[1][1]
    return value


def _weight(value: object) -> int:
    if isinstance(value, pl.DataFrame):
        return int(value.estimated_size())
    if isinstance(value, bytes):
        return len(value)
    if isinstance(value, tuple):
        return sum(_weight(v) for v in value)
    return SMALL


def entries() -> list[tuple[object, ...]]:
    """The keys held now (tests)."""
    with _LOCK:
        return list(_ENTRIES)


def weight() -> int:
    """About how many bytes the entries hold (tests)."""
    with _LOCK:
        return _WEIGHT[0]


def clear() -> None:
    """Forget every cached result (tests)."""
    with _LOCK:
        _ENTRIES.clear()
        _WEIGHT[0] = 0
