"""Loading boundaries from small files built here: matching, reports, adjacency, points, files."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import shapely
from polars.testing import assert_frame_equal

from core.home import Home
from etl.geo import GeoUnreadable, load_boundaries
from tests.geo.conftest import box, multipolygon, polygon, write
from warehouse import geo

UNMATCHED = {"ADM2_EN": "Atlantis", "ADM1_PCODE": "TH62"}


def district_file(path: Path) -> Path:
    """Kamphaeng Phet districts in each spelling real files use, and one that is no district.

    6201 shares an edge with 6205 and with 6202 (whose P-code DOPA does not know: matched by name);
    6203 touches 6205, and 6202 touches 6205, at one corner only; 6204 has two parts.
    """
    return write(
        path,
        polygon(
            {"ADM2_PCODE": "TH6201", "ADM1_PCODE": "TH62", "ADM2_EN": "Mueang Kamphaeng Phet"},
            box(0, 0, 1, 1),
        ),
        polygon({"code": "6205", "province_code": "62"}, box(1, 0, 2, 1)),
        polygon({"ADM2_TH": "คลองลาน", "ADM1_TH": "กำแพงเพชร"}, box(2, 1, 3, 2)),
        multipolygon({"ADM2_PCODE": "TH6204"}, box(0, -3, 2, -1), box(3, -2, 3.5, -1.5)),
        polygon(UNMATCHED, box(5, 5, 6, 6)),
        polygon(
            {"shapeName": "Phra Nakhon", "shapeType": "ADM2", "shapeISO": ""}, box(10, 10, 11, 11)
        ),
        polygon(
            {"ADM2_PCODE": "TH6299", "ADM1_PCODE": "TH62", "ADM2_EN": "Sai Ngam"}, box(0, 1, 1, 2)
        ),
    )


@pytest.fixture
def loaded(home: Home, tmp_path: Path) -> Any:
    return load_boundaries(home, str(district_file(tmp_path / "districts.geojson")))


def test_every_feature_is_matched_by_code_or_name_or_reported(loaded: Any) -> None:
    assert loaded.level == "district"
    assert [(m.index, m.code, m.how) for m in loaded.matches] == [
        (0, "6201", "code"),
        (1, "6205", "code"),
        (2, "6203", "name"),
        (3, "6204", "code"),
        (4, None, None),
        (5, "1001", "name"),
        (6, "6202", "name"),
    ]
    assert len(loaded.unmatched) == 1
    report = loaded.unmatched[0]
    assert report["index"] == 4 and report["properties"] == UNMATCHED
    assert report["file"].endswith("districts.geojson") and "province 62" in report["reason"]
    assert loaded.exit_status == 1
    assert loaded.version == "g000001"


def test_adjacency_needs_a_shared_line_not_a_point(loaded: Any, home: Home) -> None:
    expected = pl.DataFrame({"code_a": ["6201", "6201"], "code_b": ["6202", "6205"]})
    assert_frame_equal(geo.district_adjacency(home), expected)  # 6203 touches 6205 at (2, 1) only


def test_points_lie_inside_the_largest_part(loaded: Any, home: Home) -> None:
    points = {r["code"]: r for r in geo.district_points(home).iter_rows(named=True)}
    assert sorted(points) == ["1001", "6201", "6202", "6203", "6204", "6205"]
    assert points["6201"]["lon"] == pytest.approx(0.5, abs=0.001) and points["6201"][
        "lat"
    ] == pytest.approx(0.5, abs=0.001)
    assert points["6201"]["radius"] == pytest.approx(0.5, abs=0.001)
    big_part = shapely.box(0, -3, 2, -1)
    assert big_part.contains(shapely.Point(points["6204"]["lon"], points["6204"]["lat"]))


def test_web_geometry_is_split_by_province_and_keeps_every_part(loaded: Any, home: Home) -> None:
    areas = geo.district_areas(home, "62")
    assert list(areas.shapes) == ["6201", "6202", "6203", "6204", "6205"]
    assert len(areas.shapes["6204"]) == 2  # both parts of the MultiPolygon
    assert areas.shapes["6201"][0][0] == [0.0, 0.0]
    assert list(geo.district_areas(home, "10").shapes) == ["1001"]
    assert not geo.district_areas(home, "50")
    assert areas.credit.startswith("Boundaries ©")


def test_manifest_records_source_hash_counts_and_what_did_not_match(
    loaded: Any, home: Home, tmp_path: Path
) -> None:
    about = geo.manifest(home)["levels"]["district"]
    source = tmp_path / "districts.geojson"
    assert about["source"] == str(source.resolve())
    assert about["sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    assert about["loaded_at"].endswith("+00:00")
    assert (
        about["counts"]["features"] == 7
        and about["counts"]["matched"] == 6
        and about["counts"]["unmatched"] == 1
    )
    assert about["counts"]["adjacent_pairs"] == 2 and about["counts"]["missing"] == 928 - 6
    assert about["unmatched"][0]["properties"] == UNMATCHED
    assert "CC BY 3.0 IGO" in about["attribution"] and geo.attribution(home) == about["attribution"]
    assert geo.loaded(home, "district") and not geo.loaded(home, "province")


def test_features_of_one_code_are_joined(home: Home, tmp_path: Path) -> None:
    path = write(
        tmp_path / "split.geojson",
        polygon({"code": "6201"}, box(0, 0, 1, 1)),
        polygon({"code": "6201"}, box(1, 0, 2, 1)),
        polygon({"code": "6205"}, box(0, 1, 2, 2)),
    )
    result = load_boundaries(home, str(path))
    assert result.joined == {"6201": [0, 1]} and result.exit_status == 0
    assert shapely.Polygon(geo.district_areas(home, "62").shapes["6201"][0]).area == pytest.approx(
        2
    )


def test_a_name_found_in_two_provinces_is_placed_by_the_loaded_provinces(
    home: Home, tmp_path: Path
) -> None:
    chom_thong = polygon({"shapeName": "Chom Thong", "shapeType": "ADM2"}, box(0.2, 0.2, 0.4, 0.4))
    before = load_boundaries(home, str(write(tmp_path / "d1.geojson", chom_thong)))
    assert before.unmatched[0]["reason"].startswith("the name fits 2 districts (1035, 5002)")
    provinces = write(
        tmp_path / "provinces.geojson",
        polygon(
            {"shapeISO": "TH-50", "shapeName": "Chiang Mai", "shapeType": "ADM1"}, box(0, 0, 1, 1)
        ),
        polygon(
            {"shapeISO": "TH-10", "shapeName": "Bangkok", "shapeType": "ADM1"}, box(1, 0, 2, 1)
        ),
    )
    assert load_boundaries(home, str(provinces)).level == "province"
    after = load_boundaries(home, str(write(tmp_path / "d2.geojson", chom_thong)))
    assert [(m.code, m.how) for m in after.matches] == [("5002", "place")]


def test_province_files_are_detected_by_their_codes(home: Home, tmp_path: Path) -> None:
    path = write(
        tmp_path / "provinces.geojson",
        polygon({"ADM1_PCODE": "TH62", "ADM1_EN": "Kamphaeng Phet"}, box(0, 0, 1, 1)),
        polygon({"code": "10"}, box(1, 0, 2, 1)),
        polygon({"ADM1_TH": "เชียงใหม่"}, box(0, 1, 1, 2)),
        polygon({"ADM2_PCODE": "TH6205"}, box(5, 5, 6, 6)),
    )
    result = load_boundaries(home, str(path))
    assert result.level == "province"
    assert [m.code for m in result.matches] == ["62", "10", "50", None]
    assert result.unmatched[0]["reason"] == "a district in a province file"
    assert list(geo.province_areas(home).shapes) == ["10", "50", "62"]
    assert list(geo.province_areas(home, detail=True).shapes) == ["10", "50", "62"]
    assert geo.district_points(home).is_empty() and geo.district_adjacency(home).is_empty()


def test_a_feature_without_a_polygon_is_reported(home: Home, tmp_path: Path) -> None:
    path = tmp_path / "points.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"code": "6201"},
                        "geometry": {"type": "Point", "coordinates": [0, 0]},
                    },
                    {"type": "Feature", "properties": {"code": "6205"}, "geometry": None},
                    polygon({"code": "6203"}, box(0, 0, 1, 1)),
                ],
            }
        ),
        encoding="utf-8",
    )
    result = load_boundaries(home, str(path))
    assert [(u["index"], u["reason"]) for u in result.unmatched] == [
        (0, "no polygon geometry"),
        (1, "no polygon geometry"),
    ]
    assert list(geo.district_areas(home, "62").shapes) == ["6203"]


def test_an_invalid_polygon_is_repaired_and_counted(home: Home, tmp_path: Path) -> None:
    bowtie = [[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]
    result = load_boundaries(
        home, str(write(tmp_path / "bowtie.geojson", polygon({"code": "6201"}, bowtie)))
    )
    assert result.repaired == 1 and result.exit_status == 0
    assert (
        len(geo.district_areas(home, "62").shapes["6201"]) == 2
    )  # the two triangles of the bow tie


def test_nothing_matched_publishes_nothing(home: Home, tmp_path: Path) -> None:
    result = load_boundaries(
        home, str(write(tmp_path / "none.geojson", polygon(UNMATCHED, box(0, 0, 1, 1))))
    )
    assert result.version is None and result.exit_status == 1
    assert geo.folder(home) is None


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\x89PNG not json", "not a GeoJSON file"),
        (b'{"type": "Feature"}', "not a GeoJSON FeatureCollection"),
        (b'{"type": "FeatureCollection", "features": []}', "has no features"),
    ],
)
def test_unusable_files_are_refused(
    home: Home, tmp_path: Path, content: bytes, problem: str
) -> None:
    path = tmp_path / "bad.geojson"
    path.write_bytes(content)
    with pytest.raises(GeoUnreadable, match=problem):
        load_boundaries(home, str(path))


def test_a_subdistrict_file_is_refused(home: Home, tmp_path: Path) -> None:
    path = write(
        tmp_path / "adm3.geojson",
        polygon({"ADM3_PCODE": "TH620501", "ADM2_PCODE": "TH6205"}, box(0, 0, 1, 1)),
    )
    with pytest.raises(GeoUnreadable, match="subdistrict"):
        load_boundaries(home, str(path))
