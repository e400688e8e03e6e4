"""Parts of a page drawn from warehouse answers alone, kept per user scope and published version.

A figure or a table drawn from query answers depends only on the user's scope, the
published versions it covers and the page state, so the next user of the same scope
gets the same part without Plotly building it again (a map costs 50 to 200 ms of a
worker). A figure is kept as the plain dict Dash sends, so sending it copies nothing.
The key is the query cache's (warehouse/queries/cache.py): home, scope, each covered
province's version, the part's name, the whole page state and the part's other
inputs; a publish renews it. Only parts drawn from warehouse answers may
be kept: nothing read from the state store (decisions, plans, knowledge, runs) and
nothing whose showing is audited.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from plotly.basedatatypes import BaseFigure
from plotly.io.json import to_json_plotly

from dashboard import context
from warehouse import queries

F = TypeVar("F", bound=Callable[..., Any])
SIMPLE = (str, int, float, bool, type(None))


def kept(name: str) -> Callable[[F], F]:
    """Keep a part's answers: `part(data, *inputs)` with the page state `data` and simple inputs (menus' values)."""

    def wrap(part: F) -> F:
        @functools.wraps(part)
        def inner(data: object, *inputs: object) -> Any:
            state = context.view(data if isinstance(data, dict) else None)
            if not all(isinstance(i, SIMPLE) and len(str(i)) <= context.MAX_VALUE for i in inputs):
                return plain(part(data, *inputs))  # odd values from the browser: drawn (and refused) afresh, not kept
            params = (tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in sorted(state.items())), inputs)
            province = state["province"] or (state["district"] or "")[:2] or None
            return queries.kept(
                context.home(), context.scope(), province, f"drawn:{name}", params, lambda: plain(part(data, *inputs)), size
            )

        return inner  # type: ignore[return-value]

    return wrap


def plain(part: object) -> object:
    """A figure as the plain dict it is sent as (Plotly copies a Figure deeply each time it is sent); else the part.

    The figure was just drawn for this and is dropped after, so its own dicts are taken as they are
    (what `Figure.to_dict` returns, without its deep copy).
    """
    if not isinstance(part, BaseFigure):
        return part
    if part.frames:
        return part.to_plotly_json()
    return {"data": part._data, "layout": part._layout}  # noqa: SLF001 (what to_dict copies; plotly 7.1, pinned)


def size(part: object) -> int:
    """About how many bytes a part holds: the length of the JSON it is sent as."""
    return len(to_json_plotly(part))
