"""Shared fixtures: a tmp home, the small fixture district, a loaded warehouse."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from warehouse.home import Home

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = date(2026, 11, 24)


@pytest.fixture
def home(tmp_path: Path) -> Home:
    """An empty tonbaeb home folder."""
    return Home(tmp_path / "home")


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """A writable copy of the fixture submissions; returns its sources.toml."""
    target = tmp_path / "inbox"
    shutil.copytree(FIXTURES, target)
    return target / "sources.toml"
