"""Clubs without coordinates are spread around their district's point: stable, apart, inside."""

from __future__ import annotations

import math

import polars as pl
from polars.testing import assert_frame_equal

from warehouse import geo
from warehouse.queries.places import MAX_SPACING, spread

POINTS = pl.DataFrame(
    {
        "code": ["6205", "1001"],
        "lon": [99.69379, 100.49679],
        "lat": [16.23315, 13.75485],
        "radius": [0.1, 0.008],
    },
    schema=geo.POINTS_SCHEMA,
)


def clubs(
    district: str, count: int, own: dict[int, tuple[float, float]] | None = None
) -> pl.DataFrame:
    own = own or {}
    return pl.DataFrame(
        {
            "district_code": [district] * count,
            "club_id": [f"{district}-{n:03d}" for n in range(count)],
            "subdistrict_code": [f"{district}01"] * count,
            "lon": [own.get(n, (None, None))[0] for n in range(count)],
            "lat": [own.get(n, (None, None))[1] for n in range(count)],
        },
        schema={
            "district_code": pl.String,
            "club_id": pl.String,
            "subdistrict_code": pl.String,
            "lon": pl.Float64,
            "lat": pl.Float64,
        },
    )


def distance(a: dict[str, float], b: dict[str, float]) -> float:
    stretch = math.cos(math.radians(a["lat"]))
    return math.hypot((a["lon"] - b["lon"]) * stretch, a["lat"] - b["lat"])


def test_own_coordinates_are_kept_and_the_rest_spread_apart() -> None:
    frame = spread(clubs("6205", 60, own={3: (99.7, 16.25)}), POINTS)
    rows = frame.to_dicts()
    assert rows[3] == {
        "district_code": "6205",
        "club_id": "6205-003",
        "lon": 99.7,
        "lat": 16.25,
        "located_by": "club",
    }
    spread_rows = [r for r in rows if r["located_by"] == "district"]
    assert len(spread_rows) == 59
    centre = {"lon": 99.69379, "lat": 16.23315}
    nearest = min(distance(a, b) for i, a in enumerate(spread_rows) for b in spread_rows[i + 1 :])
    assert nearest > MAX_SPACING / 2  # no two marks on top of each other
    assert (
        max(distance(r, centre) for r in spread_rows) < 0.9 * 0.1
    )  # inside the district's largest circle


def test_a_small_district_keeps_its_clubs_inside() -> None:
    rows = spread(clubs("1001", 40), POINTS).to_dicts()
    centre = {"lon": 100.49679, "lat": 13.75485}
    assert (
        max(distance(r, centre) for r in rows) < 0.008
    )  # Bangkok districts are small: the spiral shrinks
    assert len({(r["lon"], r["lat"]) for r in rows}) == 40


def test_the_spread_is_deterministic() -> None:
    shuffled = clubs("6205", 12).sample(fraction=1.0, shuffle=True, seed=7)
    assert_frame_equal(spread(shuffled, POINTS), spread(clubs("6205", 12), POINTS))


def test_without_boundaries_only_own_coordinates_locate_a_club() -> None:
    empty = pl.DataFrame(schema=geo.POINTS_SCHEMA)
    frame = spread(clubs("6205", 3, own={0: (99.7, 16.25)}), empty)
    assert frame["located_by"].to_list() == ["club", None, None]
    assert frame["lon"].to_list() == [99.7, None, None]
