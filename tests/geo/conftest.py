"""Small GeoJSON files built in the test: squares on a grid of whole degrees, any properties."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def box(x0: float, y0: float, x1: float, y1: float) -> list[list[float]]:
    """A counter-clockwise square ring."""
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]


def polygon(properties: dict[str, Any], *rings: list[list[float]]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": "Polygon", "coordinates": list(rings)},
    }


def multipolygon(properties: dict[str, Any], *parts: list[list[float]]) -> dict[str, Any]:
    geometry = {"type": "MultiPolygon", "coordinates": [[part] for part in parts]}
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def write(path: Path, *features: dict[str, Any]) -> Path:
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": list(features)}, ensure_ascii=False),
        encoding="utf-8",
    )
    return path
