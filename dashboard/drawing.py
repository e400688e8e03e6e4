"""What the dashboard is drawing to keep (a part or a whole page), and whether it still may be kept.

dashboard/cache.py opens a drawing around what it would keep; dashboard/context.py tells it when
something is audited (refused while the drawing would be kept: declare the part `@cache.personal`)
or a part failed (then the drawing is sent, not kept).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


class Undeclared(RuntimeError):
    """Something audited was shown while drawing a part or page that would be kept."""


@dataclass
class Drawing:
    """A part or page being drawn to be kept, and whether it still may be."""

    name: str
    keep: bool = True


DRAWING: ContextVar[Drawing | None] = ContextVar("tonbaeb_drawing", default=None)


def failed() -> None:
    """A part failed (and showed its fallback): what is being drawn is sent, not kept."""
    not_kept()


def audited(action: str) -> None:
    """Called before writing an audit entry: refused while drawing something that would be kept."""
    current = DRAWING.get()
    if current is not None and current.keep:
        raise Undeclared(
            f"{action} audited while drawing {current.name}, which would be kept:"
            " declare the part that shows it @cache.personal"
        )


def not_kept() -> None:
    """What is being drawn (if anything) showed something personal or failed: it is not kept."""
    current = DRAWING.get()
    if current is not None:
        current.keep = False


@contextmanager
def drawing(name: str) -> Iterator[Drawing]:
    """Draw `name` to be kept: within the block, audits and failures are told to it."""
    current = Drawing(name)
    token = DRAWING.set(current)
    try:
        yield current
    finally:
        DRAWING.reset(token)
