"""Query results cached per (home, the user's scope, province, published version, question, parameters).

The scope is part of every key, so two users with different scopes never share an
entry even when they ask the same question; the published version is part of every
key, so a new publish invalidates a province's entries by itself.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from accounts.scope import Scope
from warehouse.connection import version
from warehouse.home import Home

T = TypeVar("T")
SIZE = 512
_ENTRIES: OrderedDict[tuple[object, ...], object] = OrderedDict()
_LOCK = threading.Lock()


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
) -> T:
    """The cached answer, or `compute()` stored under the scoped, versioned key."""
    entry = key(home, scope, province, name, params)
    with _LOCK:
        if entry in _ENTRIES:
            _ENTRIES.move_to_end(entry)
            return _ENTRIES[entry]  # type: ignore[return-value]
    value = compute()
    with _LOCK:
        _ENTRIES[entry] = value
        while len(_ENTRIES) > SIZE:
            _ENTRIES.popitem(last=False)
    return value


def entries() -> list[tuple[object, ...]]:
    """The keys held now (tests)."""
    with _LOCK:
        return list(_ENTRIES)


def clear() -> None:
    """Forget every cached result (tests)."""
    with _LOCK:
        _ENTRIES.clear()
