"""Geometry of loaded boundaries: repair, simplify for the web, adjacency, representative points.

Simplification is done on the whole layer at once with GEOS coverage simplification
(Visvalingam-Whyatt on each shared edge once), so neighbours keep identical shared
edges and no gaps or overlaps appear between them.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

POLYGONAL = ("Polygon", "MultiPolygon")
POINT_PRECISION = 0.0005  # degrees (~55 m): precision of the largest inscribed circle's centre


def polygonal(geometry: dict[str, Any] | None) -> tuple[BaseGeometry | None, bool]:
    """A GeoJSON geometry as a valid (Multi)Polygon (None if unusable); whether it was repaired."""
    if not geometry or geometry.get("type") not in POLYGONAL:
        return None, False
    try:
        shape = shapely.from_geojson(json.dumps(geometry))
    except (shapely.errors.GEOSException, ValueError, TypeError):
        return None, False
    if shape is None or shape.is_empty:
        return None, False
    if shape.is_valid:
        return shape, False
    parts = [
        p
        for p in shapely.get_parts(shapely.make_valid(shape))
        if p.geom_type in POLYGONAL and not p.is_empty
    ]
    return (shapely.union_all(parts), True) if parts else (None, True)


def merged(shapes: list[BaseGeometry]) -> BaseGeometry:
    """Several features of one area as one geometry."""
    return shapes[0] if len(shapes) == 1 else shapely.union_all(shapes)


def is_coverage(shapes: np.ndarray) -> bool:
    """Whether the areas neither overlap nor leave unmatched vertices along shared edges."""
    return bool(shapely.coverage_is_valid(shapes))


def simplified(shapes: np.ndarray, tolerance: float, grid: float) -> np.ndarray:
    """The layer simplified as one coverage, snapped to a grid, exteriors counter-clockwise."""
    thin = shapely.coverage_simplify(shapes, tolerance)
    snapped = shapely.set_precision(thin, grid)
    broken = ~shapely.is_valid(snapped) | shapely.is_empty(snapped)
    if (
        broken.any()
    ):  # a layer that was not a clean coverage may come out invalid: repair, or keep the unsnapped
        snapped[broken] = [
            _repaired(s, t) for s, t in zip(snapped[broken], thin[broken], strict=True)
        ]
    return shapely.orient_polygons(snapped, exterior_cw=False)


def adjacency(codes: list[str], shapes: np.ndarray) -> list[tuple[str, str]]:
    """Pairs of areas (code_a < code_b) whose boundaries share a line; one touching point is not.

    Areas that overlap (a file that is not a clean coverage) are neighbours too.
    """
    left, right = shapely.STRtree(shapes).query(shapes, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    matrices = shapely.relate(shapes[left], shapes[right])
    pairs = set()
    for a, b, matrix in zip(left, right, matrices, strict=True):
        if (
            matrix[4] == "1" or matrix[0] == "2"
        ):  # boundaries meet along a line, or interiors overlap
            pairs.add(tuple(sorted((codes[a], codes[b]))))
    return sorted(pairs)


def label_points(source: np.ndarray, web: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each area: lon, lat and radius of the largest circle inside its largest part.

    Found on the loaded geometry; where the simplified (drawn) area does not contain that
    point, found again on the simplified one, so every point lies inside what the map draws.
    """
    centres, radii = _inscribed(np.array([_largest_part(s) for s in source]))
    drawn = np.array([_largest_part(s) for s in web])
    outside = ~shapely.contains(web, centres)
    if outside.any():
        centres[outside], radii[outside] = _inscribed(drawn[outside])
    return shapely.get_x(centres), shapely.get_y(centres), radii


def _inscribed(parts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    circles = shapely.maximum_inscribed_circle(parts, POINT_PRECISION)
    centres = shapely.get_point(circles, 0)
    outside = ~shapely.contains(parts, centres)
    if outside.any():  # never seen; a point on the surface is inside by construction
        centres[outside] = shapely.point_on_surface(parts[outside])
    return centres, shapely.length(circles)


def rings(shape: BaseGeometry, digits: int) -> list[list[list[float]]]:
    """Every ring of every part as [[lon, lat], ...], rounded (what the web maps draw)."""
    out = []
    for part in shapely.get_parts(shape):
        for ring in (part.exterior, *part.interiors):
            out.append([[round(x, digits), round(y, digits)] for x, y in ring.coords])
    return out


def vertices(shapes: np.ndarray) -> int:
    """The number of coordinates in a layer."""
    return int(shapely.get_num_coordinates(shapes).sum())


def containing(shapes: dict[str, list[list[list[float]]]], point: BaseGeometry) -> str | None:
    """The code of the area (given as rings) that contains a point, if exactly one does."""
    found = []
    for code, area in shapes.items():
        inside = sum(shapely.Polygon(ring).contains(point) for ring in area if len(ring) >= 4)
        if inside % 2 == 1:  # inside an exterior and not inside one of its holes
            found.append(code)
    return found[0] if len(found) == 1 else None


def _largest_part(shape: BaseGeometry) -> BaseGeometry:
    parts = shapely.get_parts(shape)
    return parts[int(np.argmax(shapely.area(parts)))]


def _repaired(snapped: BaseGeometry, unsnapped: BaseGeometry) -> BaseGeometry:
    fixed = shapely.make_valid(snapped)
    parts = [p for p in shapely.get_parts(fixed) if p.geom_type in POLYGONAL and not p.is_empty]
    return shapely.union_all(parts) if parts else unsnapped
