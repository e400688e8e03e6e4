"""Loaded boundaries, read back: web geometry, district adjacency, representative points.

`tonbaeb geo load` publishes what it loaded under HOME/geo the way warehouses are
published: a complete folder `versions/gNNNNNN/` that never changes again, then the
`CURRENT` pointer replaced in one atomic rename. A reader follows `CURRENT` once and
reads that folder, so it never sees half a load. Boundaries are public reference
data, not tenant data: nothing here takes a scope (warehouse.queries does that).

A folder holds whatever levels have been loaded (each load copies the other level
over from the version before):

    manifest.json                 per level: source, sha256, loaded_at, counts, unmatched, credits
    provinces.json                provinces for the national map (coarse)
    provinces-detail.json         provinces at district-map detail (to place district features)
    districts/62.json             one province's districts for its map
    district_points.parquet       code, lon, lat, radius (the largest circle inside, in degrees)
    district_adjacency.parquet    code_a < code_b: districts sharing a border of positive length

Geometry files map a code to its rings: `{"6205": [[[lon, lat], ...], ...]}`; exterior
rings run counter-clockwise and holes clockwise, so a nonzero fill leaves holes open.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import polars as pl

from core.home import Home, checked_province
from warehouse import pointer

VERSION_NAME = re.compile(r"^g([0-9]{6})$")
LEVELS = ("province", "district")
Ring = list[list[float]]
Shapes = Mapping[str, list[Ring]]
POINTS_SCHEMA = {"code": pl.String, "lon": pl.Float64, "lat": pl.Float64, "radius": pl.Float64}
ADJACENCY_SCHEMA = {"code_a": pl.String, "code_b": pl.String}


@dataclass(frozen=True)
class Areas:
    """Web geometry of some areas of one level, and the credit to show in a map's corner."""

    level: str  # "province" or "district"
    shapes: Shapes = field(default_factory=dict)  # code -> rings, sorted by code
    credit: str = ""

    def __bool__(self) -> bool:
        return bool(self.shapes)


def folder(home: Home) -> Path | None:
    """The published geo version's folder, or None when nothing was ever loaded."""
    name = pointer.read(home.geo / "CURRENT")
    if name is None or not VERSION_NAME.match(name):
        return None
    path = home.geo / "versions" / name
    return path if path.is_dir() else None


def version(home: Home) -> str | None:
    """The published geo version's name (part of cache keys of whatever uses boundaries)."""
    found = folder(home)
    return found.name if found else None


def manifest(home: Home) -> dict[str, Any]:
    """What was loaded, per level (an empty dict when nothing was)."""
    found = folder(home)
    return _json(found / "manifest.json") if found else {}


def loaded(home: Home, level: str = "district") -> bool:
    """Whether boundaries of that level ("province" or "district") are loaded."""
    return level in manifest(home).get("levels", {})


def attribution(home: Home) -> str:
    """The attribution text to show wherever maps are shown ("" when nothing is loaded)."""
    levels = manifest(home).get("levels", {})
    return " · ".join(dict.fromkeys(levels[k]["attribution"] for k in LEVELS if k in levels))


def credit(home: Home) -> str:
    """The short attribution for a map's corner ("" when nothing is loaded)."""
    levels = manifest(home).get("levels", {})
    return " · ".join(dict.fromkeys(levels[k]["credit"] for k in LEVELS if k in levels))


def district_areas(home: Home, province: str) -> Areas:
    """The districts of one province for its map (empty when districts are not loaded)."""
    found = folder(home)
    if found is None:
        return Areas("district")
    path = found / "districts" / f"{checked_province(province)}.json"
    return Areas("district", _json(path), credit(home)) if path.is_file() else Areas("district")


def province_areas(home: Home, *, detail: bool = False) -> Areas:
    """Every province for the national map, or at district-map detail; empty when not loaded."""
    found = folder(home)
    path = found / ("provinces-detail.json" if detail else "provinces.json") if found else None
    if path is None or not path.is_file():
        return Areas("province")
    return Areas("province", _json(path), credit(home))


def district_points(home: Home) -> pl.DataFrame:
    """One point inside each district: code, lon, lat, radius (degrees); empty when none loaded."""
    found = folder(home)
    path = found / "district_points.parquet" if found else None
    return _parquet(path) if path and path.is_file() else pl.DataFrame(schema=POINTS_SCHEMA)


def district_adjacency(home: Home) -> pl.DataFrame:
    """Pairs of districts sharing a border (code_a < code_b); empty when none loaded."""
    found = folder(home)
    path = found / "district_adjacency.parquet" if found else None
    return _parquet(path) if path and path.is_file() else pl.DataFrame(schema=ADJACENCY_SCHEMA)


def _json(path: Path) -> Any:
    return _read_json(path, _stamp(path))


def _parquet(path: Path) -> pl.DataFrame:
    return _read_parquet(path, _stamp(path))


def _stamp(path: Path) -> tuple[int, int]:
    """A published file never changes, but a folder name may come back after HOME/geo is deleted."""
    status = path.stat()
    return status.st_ino, status.st_mtime_ns


@lru_cache(maxsize=256)
def _read_json(path: Path, _stamp: tuple[int, int]) -> Any:
    return json.loads(path.read_bytes())


@lru_cache(maxsize=16)
def _read_parquet(path: Path, _stamp: tuple[int, int]) -> pl.DataFrame:
    return pl.read_parquet(path)
