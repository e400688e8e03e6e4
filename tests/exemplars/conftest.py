"""Exemplar workflow fixtures: every test of the state store on SQLite, then on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.home import Home


@pytest.fixture
def home(tmp_path: Path, state_url: str | None) -> Home:
    """An empty home whose state store is SQLite's file, then (a second run) PostgreSQL."""
    return Home(tmp_path / "home", state_url)
