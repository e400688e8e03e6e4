"""The real shared boundaries (77 provinces, 928 districts): every feature matches, and what is
derived agrees with what the data's maker derived (adjacency exactly, points to within rounding)."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import polars as pl
import pytest
import shapely
from polars.testing import assert_frame_equal

from core.home import Home
from etl.geo import load_boundaries, shapes
from tests.conftest import DISTRICTS_FILE, PROVINCES_FILE, shared_geo
from warehouse import geo


@pytest.fixture(scope="module")
def country(tmp_path_factory: pytest.TempPathFactory) -> tuple[Home, Any, Any]:
    home = Home(tmp_path_factory.mktemp("shared") / "home")
    provinces = load_boundaries(home, str(shared_geo() / PROVINCES_FILE))
    districts = load_boundaries(home, str(shared_geo() / DISTRICTS_FILE))
    return home, provinces, districts


def test_every_province_and_district_matches_by_code(country: tuple[Home, Any, Any]) -> None:
    _home, provinces, districts = country
    for result, count in ((provinces, 77), (districts, 928)):
        assert result.exit_status == 0 and result.features == count
        assert all(m.how == "code" for m in result.matches)
        assert result.unmatched == [] and result.missing == [] and result.joined == {}
        assert result.coverage_valid


def test_adjacency_equals_the_shared_list(country: tuple[Home, Any, Any]) -> None:
    home = country[0]
    expected = pl.read_csv(shared_geo() / "tha_adm2_adjacency.csv", schema=geo.ADJACENCY_SCHEMA)
    assert expected.height == 2526
    assert_frame_equal(geo.district_adjacency(home), expected)


def test_simplified_districts_keep_their_shared_edges(country: tuple[Home, Any, Any]) -> None:
    home = country[0]
    codes, polygons = [], []
    for province in sorted({c[:2] for c in geo.district_points(home)["code"]}):
        for code, rings in geo.district_areas(home, province).shapes.items():
            codes.append(code)
            area = shapely.Polygon(rings[0])
            for ring in rings[1:]:  # holes and further parts, by even-odd
                area = area.symmetric_difference(shapely.Polygon(ring))
            polygons.append(area)
    assert len(codes) == 928
    web = np.array(polygons)
    assert len(shapes.adjacency(codes, web)) == 2526  # neighbours on the web map still share a line


def test_points_are_the_shared_label_points_and_inside_their_district(
    country: tuple[Home, Any, Any],
) -> None:
    home = country[0]
    expected = pl.read_csv(
        shared_geo() / "tha_adm2_centroids.csv", schema_overrides={"code": pl.String}
    )
    points = geo.district_points(home).join(expected, on="code", suffix="_shared")
    assert points.height == 928
    assert (points["lon"] - points["lon_shared"]).abs().max() < 0.0002
    assert (points["lat"] - points["lat_shared"]).abs().max() < 0.0002
    sample = points.filter(
        pl.col("code").str.starts_with("62") | pl.col("code").str.starts_with("10")
    )
    for row in sample.iter_rows(named=True):
        rings = geo.district_areas(home, row["code"][:2]).shapes[row["code"]]
        inside = sum(
            shapely.Polygon(r).contains(shapely.Point(row["lon"], row["lat"])) for r in rings
        )
        assert inside % 2 == 1, row["code"]
        assert row["radius"] > 0.001


def test_web_files_stay_small(country: tuple[Home, Any, Any]) -> None:
    home = country[0]
    folder = geo.folder(home)
    assert folder is not None
    assert (folder / "provinces.json").stat().st_size < 160_000  # the national map
    largest = max(p.stat().st_size for p in (folder / "districts").glob("*.json"))
    assert largest < 100_000  # Chiang Mai's 25 districts are the most detailed province map
    about = geo.manifest(home)["levels"]
    assert about["province"]["counts"]["web_vertices"] < 10_000
    assert (
        about["district"]["counts"]["web_vertices"]
        <= about["district"]["counts"]["source_vertices"]
    )


def test_both_levels_are_in_one_published_version(country: tuple[Home, Any, Any]) -> None:
    home = country[0]
    manifest = geo.manifest(home)
    assert manifest["version"] == geo.version(home) == "g000002"
    assert set(manifest["levels"]) == {"province", "district"}
    assert manifest["levels"]["province"]["source"].endswith(PROVINCES_FILE)
    names = json.loads((geo.folder(home) / "provinces.json").read_text(encoding="utf-8"))  # type: ignore[operator]
    assert len(names) == 77 and len(geo.province_areas(home, detail=True).shapes) == 77
