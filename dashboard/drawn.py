"""Parts of a page drawn from warehouse answers alone, kept per user scope and published version.

A figure or a table drawn from query answers depends only on the user's scope, the
published versions it covers and the page state, so the next user of the same scope
gets the same part without Plotly building it again (a map costs 50 to 200 ms of a
worker). The key is the query cache's (warehouse/queries/cache.py): home, scope,
each covered province's version, the part's name and its parameters; a publish renews
it. Only parts drawn from warehouse answers may be kept: nothing read from the state
store (decisions, plans, knowledge, runs) and nothing whose showing is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from plotly.io.json import to_json_plotly

from dashboard import context
from warehouse import queries

T = TypeVar("T")


def drawn(name: str, province: str | None, params: tuple[object, ...], draw: Callable[[], T]) -> T:
    """The part `draw()` makes for this user's scope of `province` (None: every province, national) and `params`."""
    return queries.kept(context.home(), context.scope(), province, f"drawn:{name}", params, draw, size)


def size(part: object) -> int:
    """About how many bytes a part holds: the length of the JSON it is sent as."""
    return len(to_json_plotly(part))
