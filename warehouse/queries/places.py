"""Where things are, for the maps: areas to draw, their values, and each club's map location.

Boundaries are public reference data (warehouse/geo.py); what is drawn on them is
scoped like every other question: a province's areas and club locations only for a
user who may read that province.
"""

from __future__ import annotations

import math

import polars as pl

from accounts.scope import Scope
from core.home import Home
from warehouse import geo
from warehouse.queries.base import (
    CRITERIA,
    Approved,
    answer,
    chosen_province,
    provinces,
    read,
    readable,
)
from warehouse.queries.clubs import district_clubs
from warehouse.queries.province import district_year, national_years

Areas = geo.Areas
COUNTRY_PROVINCES = 77  # Thailand's provinces (76 and Bangkok), when no boundaries are loaded
MEASURES = ("meets_share", *(f"{c}_rate" for c in CRITERIA))
CLUB_PLACES = """
select district_code, club_id, subdistrict_code, lon, lat
from clubs where province_code = ? order by district_code, club_id
"""
LOCATIONS_SCHEMA = {
    "district_code": pl.String,
    "club_id": pl.String,
    "lon": pl.Float64,
    "lat": pl.Float64,
    "located_by": pl.String,
}
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))  # radians between one spread point and the next
MAX_SPACING = 0.01  # degrees (~1.1 km) between neighbouring spread points, at most
FILL = 0.9  # spread points stay within this share of the largest circle inside the district


def area_shapes(home: Home, scope: Scope, province: str | None) -> geo.Areas:
    """What the scope's map draws: a province's districts, or (national, no province) provinces."""
    chosen = chosen_province(home, scope, province)
    if chosen is not None:
        return geo.district_areas(home, chosen)
    if province is None and scope.role == "national":
        return geo.province_areas(home)
    return geo.Areas("district")


def coverage(home: Home, scope: Scope) -> tuple[int, int]:
    """How much of the country the scope's "whole country" holds: (provinces with published
    data it may see, provinces of the loaded boundaries, else of Thailand)."""
    total = len(geo.province_areas(home).shapes) or COUNTRY_PROVINCES
    return len(provinces(home, scope)), total


def area_values(
    home: Home, scope: Scope, province: str | None, fiscal_year: int, approved: Approved = None
) -> pl.DataFrame:
    """Per area in a year: area_code, clubs, clubs_meeting_standard, meets_share, the nine rates
    (of `approved` district-years only, when given)."""
    chosen = chosen_province(home, scope, province)
    if chosen is not None:
        frame, code = district_year(home, scope, chosen, fiscal_year, approved), "district_code"
    elif province is None and scope.role == "national" and isinstance(fiscal_year, int):
        frame, code = national_years(home, scope, approved), "province_code"
        frame = (
            frame.filter(pl.col("fiscal_year") == fiscal_year) if not frame.is_empty() else frame
        )
    else:
        return pl.DataFrame()
    if frame.is_empty():
        return pl.DataFrame()
    wanted = ["clubs", "clubs_meeting_standard", *(m for m in MEASURES if m in frame.columns)]
    return frame.select(pl.col(code).alias("area_code"), *wanted).sort("area_code")


def club_locations(home: Home, scope: Scope, province: str) -> pl.DataFrame:
    """Every club of a readable province with its map location.

    Columns: district_code, club_id, lon, lat, located_by. `located_by` is "club" for the
    club's own coordinates, "district" for a point spread around the representative point
    of its subdistrict's district (deterministic, inside the district), and null with no
    location when the club has no coordinates and no boundaries are loaded.
    """
    published = readable(home, scope, province)
    if published is None:
        return pl.DataFrame(schema=LOCATIONS_SCHEMA)
    clubs = answer(
        home,
        scope,
        published,
        "club_places",
        (),
        lambda: read(home, published, CLUB_PLACES, [published.province]),
    )
    if clubs.is_empty():
        return pl.DataFrame(schema=LOCATIONS_SCHEMA)
    return answer(
        home,
        scope,
        published,
        "club_locations",
        (geo.version(home),),
        lambda: spread(clubs, geo.district_points(home)),
    )


def spread(clubs: pl.DataFrame, points: pl.DataFrame) -> pl.DataFrame:
    """Clubs at their own coordinates, else on a golden-angle spiral around their district's point.

    The k-th club without coordinates of a district (by club_id) sits at angle k * 137.5 degrees
    and distance spacing * sqrt(k + 1/2) from the point, so no two coincide, and every one of
    them stays inside the largest circle that fits in the district.
    """
    own = pl.col("lon").is_not_null() & pl.col("lat").is_not_null()
    home_district = pl.col("subdistrict_code").str.slice(0, 4)
    k = (~own).cast(pl.Int64).cum_sum().over("home") - 1
    n = (~own).cast(pl.Int64).sum().over("home")
    spacing = pl.min_horizontal(
        pl.lit(MAX_SPACING), FILL * pl.col("radius") / (n.cast(pl.Float64) + 0.5).sqrt()
    )
    distance = spacing * (k.cast(pl.Float64) + 0.5).sqrt()
    angle = k.cast(pl.Float64) * GOLDEN_ANGLE
    stretch = (
        pl.col("point_lat") * math.pi / 180
    ).cos()  # a degree of longitude is shorter than one of latitude
    return (
        clubs.with_columns(home_district.alias("home"))
        .join(
            points.rename({"code": "home", "lon": "point_lon", "lat": "point_lat"}),
            on="home",
            how="left",
        )
        .sort("home", "club_id")
        .with_columns(
            pl.when(own)
            .then(pl.col("lon"))
            .otherwise(pl.col("point_lon") + distance * angle.cos() / stretch)
            .alias("lon"),
            pl.when(own)
            .then(pl.col("lat"))
            .otherwise(pl.col("point_lat") + distance * angle.sin())
            .alias("lat"),
            pl.when(own)
            .then(pl.lit("club"))
            .when(pl.col("point_lon").is_not_null())
            .then(pl.lit("district"))
            .otherwise(pl.lit(None, pl.String))
            .alias("located_by"),
        )
        .select(LOCATIONS_SCHEMA.keys())
        .sort("district_code", "club_id")
    )


def district_club_points(home: Home, scope: Scope, district: str, fiscal_year: int) -> pl.DataFrame:
    """A district's clubs in a year, located: club_id, name, meets_standard, score, lon, lat, ..."""
    clubs = district_clubs(home, scope, district, fiscal_year)  # empty unless readable
    if clubs.is_empty():
        return pl.DataFrame()
    places = club_locations(home, scope, district[:2])
    if clubs.is_empty() or places.is_empty():
        return pl.DataFrame()
    return (
        clubs.select("district_code", "club_id", "name", "meets_standard", "score")
        .join(places, on=["district_code", "club_id"], how="inner")
        .filter(pl.col("lon").is_not_null())
        .sort("club_id")
    )


def boundaries_attribution(home: Home) -> str:
    """The attribution of the loaded boundaries ("" when none are loaded)."""
    return geo.attribution(home)
