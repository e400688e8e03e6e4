"""The dashboard's one cache: everything it keeps between requests, in one bounded store.

What is kept, all in `STORE`, each under `key(...)`:

- the warehouse's answers (polars frames): every question of `warehouse.queries` hands its
  answer here (`remember`, given to `queries.keep_answers_with` below), so a frame read for one
  part serves the next part, page and user of the same scope;
- parts of pages drawn from those answers alone, declared where the part is defined:
  `@cache.cached("overview.kpis")` (a figure is the plain dict Dash sends);
- whole pages, declared where the page registers, `served(__name__, path, layout, kept=True)`
  (dashboard/pages/__init__.py): the page's content without the navbar (which names the user), as
  the JSON text Dash sends, decoded at each view (`page`). Text, not the tree: a kept tree is
  tens of thousands of objects that Python's cycle collector walks at every full collection,
  all threads waiting (with 300 club pages kept: 0.3-0.5 s each time, 11% of the worker's time);
  a string is one object it never walks, and a quarter of the memory;
- files made for download (`download`): a national workbook takes seconds to write. The
  caller writes the download's audit entry at every download, kept file or not.

The key, one function for all of them: `key(home, scope, versions, name, params)` is the home
folder, the scope's tenant (role, province, district: what the user may see, decided on the
server from the session), the published version of each province the thing was read from, the
thing's name and its parameters (for a part or page: the whole page state, its other inputs and
the boundaries' version). Never the request's values alone: two scopes never share an entry, and
a publish of any covered province renews an entry by itself (the old one ages out).

The store: one `cachetools.LRUCache` whose size is counted in bytes (`getsizeof` is an entry's
weight: a frame's estimated size, a file's or a page's length, the length of the JSON a part is
sent as times DECODED: what its tree takes in memory), BUDGET bytes and MAX_ENTRIES entries at
most, least recently used out, behind one lock.

Never kept:

- a part declared `@cache.personal` where it is defined (member and attendance lists: personal
  data whose every showing is audited). It is drawn at every call, and a part or page that draws
  it is not kept either, so the audit entry is written at every view. `context.audit` refuses to
  write while something that would be kept is being drawn (`drawing.audited`): a part that
  audits and is not declared personal fails loudly instead of being kept;
- a part or page during whose drawing a part failed (`context.guarded` calls `drawing.failed`):
  sent, and drawn again next time;
- a part called with values from the browser that are not short plain values;
- what a scope covering no published province asks;
- parts read from the state store (decisions, plans, knowledge, runs): they are not declared.

A part drawn inside a page being drawn is kept with the page, not again on its own.
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar

import cachetools
import polars as pl
from plotly.io.json import to_json_plotly

from accounts.scope import Scope
from core.home import Home
from dashboard import context, drawing
from warehouse import approvals, geo, queries

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])
Key = tuple[object, ...]
BUDGET = 256 * 2**20  # bytes held (a national frame is a few MB, a page some 100 kB)
# Enough that a busy hour's club pages (two entries each) do not push out the district pages and
# the district frames every user shares: at 512, 100 users pushed them out within a minute.
MAX_ENTRIES = 4096
# A part is kept as the tree Dash sends: about 4.2 times the length of its JSON in memory
# (measured with tracemalloc over the trees of 41 district and club pages).
DECODED = 4
SMALL = 1024  # what an entry that is not a frame, bytes or JSON is taken to weigh
SIMPLE = (str, int, float, bool, type(None))


class Entry(NamedTuple):
    value: object
    weight: int


class Store:
    """The one store: at most `budget` bytes and `entries` entries, least recently used out.

    Thread-safe (the workers' threads share it). A value heavier than the whole budget is not
    kept at all.
    """

    def __init__(self, budget: int = BUDGET, entries: int = MAX_ENTRIES) -> None:
        self._lru: cachetools.LRUCache[Key, Entry] = cachetools.LRUCache(
            maxsize=budget, getsizeof=lambda entry: entry.weight
        )
        self._entries = entries
        self._lock = threading.Lock()

    def get(self, key: Key) -> Entry | None:
        """The entry under `key` (now the most recently used), or None."""
        with self._lock:
            return self._lru.get(key)

    def put(self, key: Key, value: object, weight: int) -> None:
        """Keep `value` under `key`, dropping the least recently used entries beyond the bounds."""
        entry = Entry(value, max(0, weight))
        with self._lock:
            if entry.weight > self._lru.maxsize:
                self._lru.pop(key, None)
                return
            self._lru[key] = entry
            while len(self._lru) > self._entries:
                self._lru.popitem()

    def entries(self) -> list[Key]:
        with self._lock:
            return list(self._lru.keys())

    def weight(self) -> int:
        with self._lock:
            return int(self._lru.currsize)

    def clear(self) -> None:
        with self._lock:
            self._lru.clear()


STORE = Store()


def key(
    home: Home, scope: Scope, versions: queries.Versions, name: str, params: tuple[object, ...]
) -> Key:
    """The key of everything kept: home, the scope's tenant, the versions read, name, parameters."""
    return (str(home.root), scope.tenant, versions, name, params)


def remember(
    home: Home,
    scope: Scope,
    versions: queries.Versions,
    name: str,
    params: tuple[object, ...],
    compute: Callable[[], T],
    weigh: Callable[[object], int] | None = None,
) -> T:
    """What is kept under the key, or `compute()` kept there now.

    The warehouse's keeper of answers (see the end of this module). `weigh` tells a value's size
    in bytes where it is neither a frame nor bytes.
    """
    entry = key(home, scope, versions, name, params)
    found = STORE.get(entry)
    if found is not None:
        return found.value  # type: ignore[return-value]
    value = compute()
    STORE.put(entry, value, (weigh or weight_of)(value))
    return value


def download(
    home: Home,
    scope: Scope,
    province: str | None,
    name: str,
    params: tuple[object, ...],
    make: Callable[[], T],
) -> T:
    """A file made from warehouse answers (`make()`), kept per scope and the versions a question
    about `province` covers; a scope that covers none gets it made afresh. The caller writes the
    download's audit entry itself, each time. The sign-off's stamp is in the key (workbooks say
    which figures are approved)."""
    versions = queries.covered_versions(home, scope, province)
    if not versions:
        return make()
    return remember(home, scope, versions, name, (*params, approvals.stamp(home)), make)


# --- declaring parts and pages -----------------------------------------------------------------


def cached(name: str, daily: bool = False) -> Callable[[F], F]:
    """Declare a part kept: `part(data, *inputs)` with the page state `data` and short plain inputs
    (menus' values), drawn from warehouse answers alone.

    `daily`: the part judges against the clock (what is due, late), so today's date is in its key.
    """

    def wrap(part: F) -> F:
        @functools.wraps(part)
        def inner(data: object, *inputs: object) -> Any:
            if (
                drawing.DRAWING.get() is not None
            ):  # inside a page (or part) being drawn: kept with it
                return part(data, *inputs)
            if not all(isinstance(i, SIMPLE) and len(str(i)) <= context.MAX_VALUE for i in inputs):
                return part(data, *inputs)  # odd values from the browser: drawn afresh
            state = context.view(data if isinstance(data, dict) else None)
            day = (context.now().date().isoformat(),) if daily else ()
            return _drawn(f"drawn:{name}", state, inputs + day, lambda: part(data, *inputs), size)

        inner.cached = name  # type: ignore[attr-defined]
        return inner  # type: ignore[return-value]

    return wrap


def personal(part: F) -> F:
    """Declare a part personal: it shows personal data and audits each showing, so it is drawn at
    every call and whatever part or page draws it is not kept."""

    @functools.wraps(part)
    def inner(*args: Any, **kwargs: Any) -> Any:
        drawing.not_kept()
        return part(*args, **kwargs)

    inner.personal = True  # type: ignore[attr-defined]
    return inner  # type: ignore[return-value]


def page(
    name: str,
    layout: Callable[..., Any],
    stamp: Callable[[dict[str, Any]], object] | None = None,
) -> Callable[..., Any]:
    """A page's layout `layout(**query)` kept whole, as the JSON text it is sent as (for pages
    served with `kept=True`); each view gets the tree decoded afresh.

    The page must read its query only through `context.view` (the key is that state, so values
    the page ignores make no entries of their own). A page that also shows something of the state
    store gives `stamp(state)`: a small value that changes whenever that does (part of the key).
    """

    @functools.wraps(layout)
    def inner(**query: Any) -> Any:
        state = context.view(query)
        inputs = (stamp(state),) if stamp else ()
        text = _drawn(
            f"page:{name}", state, inputs, lambda: to_json_plotly(layout(**query)), weight_of
        )
        return json.loads(text)

    return inner


def _drawn(
    name: str,
    state: dict[str, Any],
    inputs: tuple[object, ...],
    draw: Callable[[], object],
    weigh: Callable[[object], int],
) -> Any:
    """`draw()` kept under the scope, the versions the state covers, `name`, the state and the
    inputs; not kept when it drew something personal or a part of it failed."""
    home, scope = context.home(), context.scope()
    versions = queries.covered_versions(home, scope, _province(state))
    entry = key(home, scope, versions, name, _params(home, state, inputs))
    found = STORE.get(entry) if versions else None
    if found is not None:
        return found.value
    with drawing.drawing(name) as drawn:
        value = draw()
    if versions and drawn.keep:
        STORE.put(entry, value, weigh(value))
    return value


def _province(state: dict[str, Any]) -> str | None:
    """The province a page state covers (None: the scope's own, or every one for the national view)."""
    return state["province"] or (state["district"] or "")[:2] or None


def _params(home: Home, state: dict[str, Any], inputs: tuple[object, ...]) -> tuple[object, ...]:
    """A part's key beyond scope and versions: the whole page state, the inputs, the boundaries'
    version and the sign-off's stamp (pages say which figures are approved)."""
    listed = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in sorted(state.items()))
    return (listed, inputs, geo.version(home), approvals.stamp(home))


# --- weights -----------------------------------------------------------------------------------


def size(part: object) -> int:
    """About how many bytes a part holds: the length of the JSON it is sent as, times DECODED."""
    return DECODED * len(to_json_plotly(part))


def weight_of(value: object) -> int:
    """About how many bytes an answer, a file or a page's text holds."""
    if isinstance(value, pl.DataFrame):
        return int(value.estimated_size())
    if isinstance(value, bytes | str):
        return len(value)
    if isinstance(value, tuple):
        return sum(weight_of(v) for v in value)
    return SMALL


# --- tests and benchmarks ----------------------------------------------------------------------


def entries() -> list[Key]:
    """The keys held now."""
    return STORE.entries()


def weight() -> int:
    """About how many bytes the entries hold."""
    return STORE.weight()


def clear() -> None:
    """Forget everything kept."""
    STORE.clear()


queries.keep_answers_with(remember)
