"""Parts of a page drawn from warehouse answers alone, kept per user scope and published version.

A figure or a table drawn from query answers depends only on the user's scope, the
published versions it covers and the page state, so the next user of the same scope
gets the same part without Plotly building it again (a map costs 50 to 200 ms of a
worker). A figure is kept as the plain dict Dash sends, so sending it copies nothing.
The key is the query cache's (warehouse/queries/cache.py): home, scope, each covered
province's version, the part's name, the whole page state and the part's other
inputs, and the boundaries' version; a publish renews it. Only parts drawn from
warehouse answers may be kept: nothing read from the state store (decisions, plans,
knowledge, runs) and nothing whose showing is audited.

A page registered with `kept=True` is kept whole (`page`): its content, without the
navbar (which names the user), as the plain JSON tree Dash sends, so a page seen again
costs neither its components nor their conversion to JSON. Its parts are kept with it, not
again on their own (a club's parts, say, are seen with that club's page alone). A page drawn while something
was audited (a meeting's attendance), or with a part that failed, is sent and not kept.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any, TypeVar

import flask
from plotly.basedatatypes import BaseFigure
from plotly.io.json import to_json_plotly

from dashboard import context
from warehouse import geo, queries

F = TypeVar("F", bound=Callable[..., Any])
SIMPLE = (str, int, float, bool, type(None))
WHOLE = "tonbaeb_drawing_whole"  # flask.g: a page kept whole is being drawn


def kept(name: str, daily: bool = False) -> Callable[[F], F]:
    """Keep a part's answers: `part(data, *inputs)` with the page state `data` and simple inputs (menus' values).

    `daily`: the part judges against the clock (what is due, late), so today's date is in its key too.
    """

    def wrap(part: F) -> F:
        @functools.wraps(part)
        def inner(data: object, *inputs: object) -> Any:
            state = context.view(data if isinstance(data, dict) else None)
            if not all(isinstance(i, SIMPLE) and len(str(i)) <= context.MAX_VALUE for i in inputs):
                return plain(
                    part(data, *inputs)
                )  # odd values from the browser: drawn (and refused) afresh, not kept
            if flask.g.get(WHOLE, False):
                return plain(
                    part(data, *inputs)
                )  # inside a page kept whole: kept with it, not twice
            day = (context.now().date().isoformat(),) if daily else ()
            return _kept(
                f"drawn:{name}", state, inputs + day, lambda: plain(part(data, *inputs)), size
            )

        return inner  # type: ignore[return-value]

    return wrap


def page(name: str, layout: Callable[..., Any]) -> Callable[..., Any]:
    """A page's layout `layout(**query)` kept whole, as the JSON tree it is sent as.

    The page must read its query only through `context.view` (the key is that state, so
    values the page ignores make no entries of their own).
    """

    @functools.wraps(layout)
    def inner(**query: Any) -> Any:
        weight = [0]

        def sent() -> object:
            setattr(flask.g, WHOLE, True)
            try:
                tree = layout(**query)
            finally:
                flask.g.pop(WHOLE, None)
            text = to_json_plotly(tree)
            weight[0] = len(text)
            return json.loads(text)

        return _kept(f"page:{name}", context.view(query), (), sent, lambda _tree: weight[0])

    return inner


def _kept(
    name: str,
    state: dict[str, Any],
    inputs: tuple[object, ...],
    draw: Callable[[], object],
    weigh: Callable[[object], int],
) -> Any:
    """`draw()` kept under the scope, the covered versions, `name`, the state and the inputs; not kept
    when drawing it audited a showing or a part of it failed (the next request draws it again)."""

    def checked() -> object:
        before = context.unkeepable()
        drawn = draw()
        return queries.Unkept(drawn) if context.unkeepable() != before else drawn

    found = queries.kept(
        context.home(),
        context.scope(),
        _province(state),
        name,
        _params(state, inputs),
        checked,
        weigh,
    )
    return found.value if isinstance(found, queries.Unkept) else found


def _province(state: dict[str, Any]) -> str | None:
    """The province a page state covers (None: the scope's own, or every one for the national view)."""
    return state["province"] or (state["district"] or "")[:2] or None


def _params(state: dict[str, Any], inputs: tuple[object, ...]) -> tuple[object, ...]:
    """A kept part's key beyond scope and versions: the whole page state, the inputs and the boundaries' version."""
    listed = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in sorted(state.items()))
    return (listed, inputs, geo.version(context.home()))


def plain(part: object) -> object:
    """A figure as the plain dict it is sent as (Plotly copies a Figure deeply each time it is sent); else the part.

    The figure was just drawn for this and is dropped after, so its own dicts are taken as they are
    (what `Figure.to_dict` returns, without its deep copy).
    """
    if not isinstance(part, BaseFigure):
        return part
    if part.frames:
        return part.to_plotly_json()
    return {"data": part._data, "layout": part._layout}


def size(part: object) -> int:
    """About how many bytes a part holds: the length of the JSON it is sent as."""
    return len(to_json_plotly(part))
