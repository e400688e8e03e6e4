"""Accounts fixtures: a clock the app reads, set by the test (no sleeping through delays)."""

from __future__ import annotations

import pytest


class Clock:
    """A settable clock: `clock.now` is what the app sees as time.time()."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()
