"""Load province or district boundaries from GeoJSON: match DOPA codes, derive, simplify, publish.

The steps, in order: read the file, repair each geometry, match each feature to a
DOPA code (the level is detected from the codes), join features that share a code,
derive what the level needs (districts: adjacency and representative points), simplify
the layer for the web, and publish it all atomically under HOME/geo with a manifest.
Features that do not match are reported (file, index, properties, reason) and left
out; the rest still load.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import geothai
import numpy as np
import polars as pl
import shapely

from core.home import Home
from core.texts import N_
from etl.geo import shapes
from etl.geo.match import Match, match_features
from etl.geo.publish import publish
from etl.geo.read import GeoFile, GeoUnreadable, read_geojson
from warehouse import geo

__all__ = ["ATTRIBUTION", "CREDIT", "GeoLoad", "GeoUnreadable", "load_boundaries"]

# The default attribution and map credit, marked for the catalogues (the Thai reader's words are
# in core/locale; names of sources and licences stay as they are published).
ATTRIBUTION = N_(
    "Boundaries: Royal Thai Survey Department, via UN OCHA / Humanitarian Data Exchange "
    "(COD-AB Thailand, 2022), CC BY 3.0 IGO; simplified. Codes and names: Department of "
    "Provincial Administration via GeoThai/data, CC BY 4.0."
)
CREDIT = N_(
    "Boundaries © RTSD / OCHA HDX (CC BY-IGO), simplified · Names: DOPA / GeoThai (CC BY 4.0)"
)
# (tolerance, grid) in degrees: districts and province detail ~275 m on an ~11 m grid; nation ~2 km.
DETAIL = (0.0025, 0.0001)
NATIONAL = (0.02, 0.001)


@dataclass(frozen=True)
class GeoLoad:
    """What one `geo load` did: the level, every feature's match, what was derived and published."""

    source: str
    sha256: str
    level: str
    features: int
    matches: list[Match]
    unmatched: list[dict[str, Any]]
    missing: list[str]  # DOPA codes of the level with no feature in the file
    joined: dict[str, list[int]]  # code -> the feature indices joined into it
    repaired: int
    coverage_valid: bool
    counts: dict[str, int] = field(default_factory=dict)
    version: str | None = None  # None when nothing was published (no feature matched)

    @property
    def exit_status(self) -> int:
        """0 every feature matched, 1 some did not (the rest still loaded)."""
        return 1 if self.unmatched or self.version is None else 0


def load_boundaries(
    home: Home, uri: str, *, attribution: str = ATTRIBUTION, credit: str = CREDIT
) -> GeoLoad:
    """Load one boundaries file (path or URL) into HOME/geo; raises GeoUnreadable."""
    file = read_geojson(uri)
    repaired = [shapes.polygonal(f.geometry) for f in file.features]
    level, matches = match_features(file.features, _locator(home, [s for s, _ in repaired]))
    matches = [
        Match(m.index, None, reason="no polygon geometry")
        if m.code and repaired[m.index][0] is None
        else m
        for m in matches
    ]
    groups: dict[str, list[int]] = {}
    for m in matches:
        if m.code is not None:
            groups.setdefault(m.code, []).append(m.index)
    result = _outcome(file, level, matches, groups, repaired=sum(fixed for _s, fixed in repaired))
    if not groups:
        return result
    codes = sorted(groups)
    layer = np.array([shapes.merged([repaired[i][0] for i in groups[c]]) for c in codes])
    files, counts = (_districts if level == "district" else _provinces)(codes, layer)
    result = replace(
        result, coverage_valid=shapes.is_coverage(layer), counts=counts | _counts(result, layer)
    )
    version = publish(home, level, files, _manifest_entry(result, attribution, credit))
    return replace(result, version=version)


def _outcome(
    file: GeoFile, level: str, matches: list[Match], groups: dict[str, list[int]], repaired: int
) -> GeoLoad:
    """What matched and what did not, before anything is derived or published."""
    expected = [p.code for p in geothai.provinces()]
    if level == "district":
        expected = [d.code for p in expected for d in geothai.districts(p)]
    return GeoLoad(
        source=file.source,
        sha256=file.sha256,
        level=level,
        features=len(file.features),
        matches=matches,
        unmatched=[_unmatched(file, m) for m in matches if m.code is None],
        missing=[c for c in expected if c not in groups],
        joined={c: ix for c, ix in groups.items() if len(ix) > 1},
        repaired=repaired,
        coverage_valid=False,
    )


def _counts(result: GeoLoad, layer: np.ndarray) -> dict[str, int]:
    matched = result.features - len(result.unmatched)
    counts = {"features": result.features, "matched": matched, "unmatched": len(result.unmatched)}
    counts |= {
        "areas": len(layer),
        "missing": len(result.missing),
        "source_vertices": shapes.vertices(layer),
    }
    return counts | {
        f"by_{h}": sum(m.how == h for m in result.matches) for h in ("code", "name", "place")
    }


def _manifest_entry(result: GeoLoad, attribution: str, credit: str) -> dict[str, Any]:
    """What the manifest records about this level's load."""
    return {
        "source": result.source,
        "sha256": result.sha256,
        "loaded_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "counts": result.counts,
        "coverage_valid": result.coverage_valid,
        "repaired": result.repaired,
        "unmatched": result.unmatched,
        "missing": result.missing,
        "joined": result.joined,
        "attribution": attribution,
        "credit": credit,
    }


def _districts(codes: list[str], layer: np.ndarray) -> tuple[dict[str, bytes], dict[str, int]]:
    """Per-province district maps, representative points and adjacency."""
    pairs = shapes.adjacency(codes, layer)
    web = shapes.simplified(layer, *DETAIL)
    lon, lat, radius = shapes.label_points(layer, web)
    points = pl.DataFrame(
        {"code": codes, "lon": lon.round(5), "lat": lat.round(5), "radius": radius.round(5)},
        schema=geo.POINTS_SCHEMA,
    )
    adjacency = pl.DataFrame(
        {"code_a": [a for a, _ in pairs], "code_b": [b for _, b in pairs]},
        schema=geo.ADJACENCY_SCHEMA,
    )
    by_province: dict[str, dict[str, Any]] = {}
    for code, shape in zip(codes, web, strict=True):
        by_province.setdefault(code[:2], {})[code] = shapes.rings(shape, 4)
    files = {f"districts/{p}.json": _json(areas) for p, areas in by_province.items()}
    files |= {
        "district_points.parquet": _parquet(points),
        "district_adjacency.parquet": _parquet(adjacency),
    }
    counts = {
        "adjacent_pairs": len(pairs),
        "points": points.height,
        "web_vertices": shapes.vertices(web),
        "web_bytes": sum(len(v) for k, v in files.items() if k.endswith(".json")),
    }
    return files, counts


def _provinces(codes: list[str], layer: np.ndarray) -> tuple[dict[str, bytes], dict[str, int]]:
    """The national map's provinces, and provinces at district-map detail."""
    national = shapes.simplified(layer, *NATIONAL)
    detail = shapes.simplified(layer, *DETAIL)
    files = {
        "provinces.json": _json(
            {c: shapes.rings(s, 3) for c, s in zip(codes, national, strict=True)}
        ),
        "provinces-detail.json": _json(
            {c: shapes.rings(s, 4) for c, s in zip(codes, detail, strict=True)}
        ),
    }
    return files, {
        "web_vertices": shapes.vertices(national),
        "web_bytes": len(files["provinces.json"]),
    }


def _locator(home: Home, layer: list[Any]) -> Any:
    """A feature's index -> the loaded province containing its representative point (or None)."""
    provinces = dict(geo.province_areas(home, detail=True).shapes)

    def locate(index: int) -> str | None:
        shape = layer[index]
        if shape is None or not provinces:
            return None
        return shapes.containing(provinces, shapely.point_on_surface(shape))

    return locate


def _unmatched(file: GeoFile, match: Match) -> dict[str, Any]:
    feature = file.features[match.index]
    return {
        "file": file.source,
        "index": match.index,
        "properties": feature.properties,
        "reason": match.reason,
    }


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _parquet(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    return buffer.getvalue()
