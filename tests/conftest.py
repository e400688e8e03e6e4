"""Shared fixtures: a tmp home, the small fixture district, a loaded warehouse."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from warehouse.home import Home

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = date(2026, 11, 24)
REPO = Path(__file__).resolve().parents[1]
PROVINCES_FILE = "tha_adm1_provinces.geojson"
DISTRICTS_FILE = "tha_adm2_districts.geojson"


def shared_geo() -> Path:
    """The shared boundaries: $TONBAEB_SHARED_GEO, <repo>/../shared/geo, or /work/shared/geo."""
    candidates = [os.environ.get("TONBAEB_SHARED_GEO"), REPO.parent / "shared" / "geo"]
    candidates.append("/work/shared/geo")
    for candidate in candidates:
        if candidate and (Path(candidate) / DISTRICTS_FILE).is_file():
            return Path(candidate)
    pytest.fail(
        "the shared boundaries are missing: set TONBAEB_SHARED_GEO to a folder holding "
        f"{PROVINCES_FILE} and {DISTRICTS_FILE} "
        f"(looked in: {', '.join(map(str, filter(None, candidates)))})"
    )


def districts_of(provinces: tuple[str, ...], target: Path) -> Path:
    """A GeoJSON file of the shared districts of some provinces only (a quick load for tests)."""
    document = json.loads((shared_geo() / DISTRICTS_FILE).read_text(encoding="utf-8"))
    kept = [f for f in document["features"] if f["properties"]["code"][:2] in provinces]
    document["features"] = kept
    target.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return target


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
