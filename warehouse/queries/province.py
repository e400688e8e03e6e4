"""Province and national roll-ups: headline figures, criteria, districts, trend, freshness.

A province is read from its own warehouse file; the country (national role, no
province chosen) is assembled from each province's published roll-up files.
"""

from __future__ import annotations

import polars as pl

from accounts.scope import Scope
from core.home import Home
from warehouse.publish import Published
from warehouse.queries.base import (
    CRITERIA,
    Approved,
    answer,
    approved_only,
    chosen,
    chosen_province,
    district_of,
    everywhere,
    read,
    rollups,
)

PROVINCE_YEARS = "select * from province_year_summary where province_code = ? order by fiscal_year"
DISTRICT_ALL = "select * from district_year_summary where province_code = ? order by district_code, fiscal_year"
DISTRICT_YEAR = "select * from district_year_summary where province_code = ? and fiscal_year = ? order by district_code"
DISTRICT_YEARS = (
    "select * from district_year_summary where province_code = ? and district_code = ? "
    "order by fiscal_year"
)
FRESHNESS = """
select district_code,
       max(finished_at) filter (where status in ('loaded', 'unchanged')) as last_loaded,
       max(started_at) as last_attempt,
       arg_max(status, started_at) as last_status,
       count(*) as batches
from load_batches where province_code = ? group by district_code order by district_code
"""
HEADLINE = (
    "clubs",
    "clubs_meeting_standard",
    "meets_share",
    "members",
    "meetings_held",
    "mean_attendance",
)


def _year(frame: pl.DataFrame, fiscal_year: object) -> pl.DataFrame:
    """The rows of one fiscal year (empty for an empty frame or an odd year)."""
    if frame.is_empty() or not isinstance(fiscal_year, int):
        return pl.DataFrame()
    return frame.filter(pl.col("fiscal_year") == fiscal_year)


def province_years(
    home: Home, scope: Scope, province: str | None, approved: Approved = None
) -> pl.DataFrame:
    """The province's roll-up per fiscal year; for national without a province, the country's.
    With `approved`: summed from the approved district-years alone."""
    found = chosen(home, scope, province)
    if found is None:
        return national_totals(home, scope, approved) if province is None else pl.DataFrame()
    if approved is not None:
        return _provinces_of(approved_only(province_districts(home, scope, found), approved))
    return answer(
        home,
        scope,
        found,
        "province_years",
        (),
        lambda: read(home, found, PROVINCE_YEARS, [found.province]),
    )


def fiscal_years(home: Home, scope: Scope, province: str | None) -> list[int]:
    """The fiscal years with data, newest last."""
    frame = province_years(home, scope, province)
    return [] if frame.is_empty() else sorted(int(y) for y in frame["fiscal_year"].unique())


def headline(
    home: Home, scope: Scope, province: str | None, fiscal_year: int, approved: Approved = None
) -> pl.DataFrame:
    """One row: clubs, share meeting the standard, members, meetings, attendance, and each a year
    before (of `approved` district-years only, when given)."""
    years = province_years(home, scope, province, approved)
    now = _year(years, fiscal_year)
    if now.is_empty():
        return pl.DataFrame()
    now = now.select("fiscal_year", *HEADLINE)
    before = years.filter(pl.col("fiscal_year") == fiscal_year - 1).select(
        pl.lit(fiscal_year).alias("fiscal_year"),
        *(pl.col(c).alias(f"{c}_before") for c in HEADLINE),
    )
    return now.join(before, on="fiscal_year", how="left")


def criteria_rates(
    home: Home, scope: Scope, province: str | None, fiscal_year: int, approved: Approved = None
) -> pl.DataFrame:
    """Pass rate of each of the nine criteria in one year: columns criterion, rate."""
    years = _year(province_years(home, scope, province, approved), fiscal_year)
    if years.is_empty():
        return pl.DataFrame()
    row = years.row(0, named=True)
    return pl.DataFrame(
        {"criterion": list(CRITERIA), "rate": [row.get(f"{c}_rate") for c in CRITERIA]},
        schema={"criterion": pl.String, "rate": pl.Float64},
    )


def areas_year(
    home: Home, scope: Scope, province: str | None, fiscal_year: int, approved: Approved = None
) -> pl.DataFrame:
    """Share meeting the standard by district (a province) or by province (the country); of
    `approved` district-years only, when given.

    Columns: area_code, clubs, clubs_meeting_standard, meets_share, meets_share_change.
    """
    shown = chosen_province(home, scope, province)
    if shown is None and province is None:
        frame = _year(national_years(home, scope, approved), fiscal_year)
        code = "province_code"
    elif shown is not None:
        frame = district_year(home, scope, shown, fiscal_year, approved)
        code = "district_code"
    else:
        return pl.DataFrame()
    if frame.is_empty():
        return pl.DataFrame()
    return frame.select(
        pl.col(code).alias("area_code"),
        "clubs",
        "clubs_meeting_standard",
        "meets_share",
        "meets_share_change",
    )


def district_year(
    home: Home, scope: Scope, province: str, fiscal_year: int, approved: Approved = None
) -> pl.DataFrame:
    """Every district's roll-up of the province in one fiscal year (the `approved` ones only,
    when given)."""
    found = chosen(home, scope, province)
    if found is None:
        return pl.DataFrame()
    frame = answer(
        home,
        scope,
        found,
        "district_year",
        (fiscal_year,),
        lambda: read(home, found, DISTRICT_YEAR, [found.province, fiscal_year]),
    )
    return approved_only(frame, approved)


def province_districts(home: Home, scope: Scope, found: Published) -> pl.DataFrame:
    """Every district's roll-up of a province the user is shown, every fiscal year."""
    return answer(
        home,
        scope,
        found,
        "province_districts",
        (),
        lambda: read(home, found, DISTRICT_ALL, [found.province]),
    )


def district_years(home: Home, scope: Scope, district: str) -> pl.DataFrame:
    """One district's roll-up per fiscal year."""
    found = district_of(home, scope, district)
    if found is None:
        return pl.DataFrame()
    code, published = found
    return answer(
        home,
        scope,
        published,
        "district_years",
        (code,),
        lambda: read(home, published, DISTRICT_YEARS, [published.province, code]),
    )


def district_against_province(
    home: Home, scope: Scope, district: str, fiscal_year: int
) -> pl.DataFrame:
    """Pass rate of each criterion in the district and in its province: criterion, district, province."""
    years = _year(district_years(home, scope, district), fiscal_year)  # empty unless readable
    whole = (
        years if years.is_empty() else _year(province_years(home, scope, district[:2]), fiscal_year)
    )
    if years.is_empty() or whole.is_empty():
        return pl.DataFrame()
    mine, theirs = years.row(0, named=True), whole.row(0, named=True)
    return pl.DataFrame(
        {
            "criterion": list(CRITERIA),
            "district": [mine.get(f"{c}_rate") for c in CRITERIA],
            "province": [theirs.get(f"{c}_rate") for c in CRITERIA],
        },
        schema={"criterion": pl.String, "district": pl.Float64, "province": pl.Float64},
    )


def district_trend(home: Home, scope: Scope, district: str) -> pl.DataFrame:
    """Share meeting the standard per year, of the district and of its province: series, fiscal_year, meets_share."""
    mine = district_years(home, scope, district)  # empty unless readable
    whole = province_years(home, scope, district[:2]) if not mine.is_empty() else mine
    if mine.is_empty() or whole.is_empty():
        return pl.DataFrame()
    return pl.concat(
        [
            mine.select(pl.lit(district).alias("series"), "fiscal_year", "meets_share"),
            whole.select(pl.lit(district[:2]).alias("series"), "fiscal_year", "meets_share"),
        ],
        how="vertical_relaxed",
    )


def freshness(home: Home, scope: Scope, province: str) -> pl.DataFrame:
    """Per district: last successful load, last attempt and its status, number of batches."""
    found = chosen(home, scope, province)
    if found is None:
        return pl.DataFrame()
    return answer(
        home,
        scope,
        found,
        "freshness",
        (),
        lambda: read(home, found, FRESHNESS, [found.province]),
    )


# --- the country, from published roll-up files ---------------------------------------------


def national_years(home: Home, scope: Scope, approved: Approved = None) -> pl.DataFrame:
    """Every visible province's roll-up per fiscal year (national role: every province); with
    `approved`, each province's of its approved district-years alone."""
    if scope.role != "national":
        return pl.DataFrame()
    if approved is not None:
        return _provinces_of(approved_only(all_district_years(home, scope), approved))
    found = everywhere(home, scope)

    def compute() -> pl.DataFrame:
        frame = rollups(found, "province_year_summary.parquet")
        return frame.sort("province_code", "fiscal_year") if not frame.is_empty() else frame

    return answer(home, scope, found, "national_years", (), compute) if found else pl.DataFrame()


def all_district_years(home: Home, scope: Scope) -> pl.DataFrame:
    """The district roll-ups of every province the user may see, every fiscal year."""
    found = everywhere(home, scope)
    if not found:
        return pl.DataFrame()
    return answer(
        home, scope, found, "all_district_years", (),
        lambda: rollups(found, "district_year_summary.parquet"),
    )  # fmt: skip


def _provinces_of(districts: pl.DataFrame) -> pl.DataFrame:
    """District roll-ups summed up per province and year as province_year_summary has them:
    sums, rates weighted by each district's clubs, the change of the share from the year before."""
    if districts.is_empty():
        return pl.DataFrame()
    keys = ["province_code", "fiscal_year"]
    years = (
        districts.with_columns(pl.col("fiscal_year").cast(pl.Int64))
        .group_by(keys)
        .agg(
            pl.col("clubs").sum(),
            pl.col("clubs_meeting_standard").sum(),
            *_weighted(districts),
            pl.col("members").sum(),
            pl.col("meetings_held").sum(),
        )
        .with_columns((pl.col("clubs_meeting_standard") / pl.col("clubs")).alias("meets_share"))
    )
    before = years.select(
        "province_code",
        (pl.col("fiscal_year") + 1).alias("fiscal_year"),
        pl.col("meets_share").alias("meets_share_before"),
    )
    return (
        years.join(before, on=keys, how="left")
        .with_columns(
            (pl.col("meets_share") - pl.col("meets_share_before")).alias("meets_share_change")
        )
        .drop("meets_share_before")
        .sort(keys)
    )


def _weighted(frame: pl.DataFrame) -> list[pl.Expr]:
    """Each rate (and mean attendance) of a frame's rows as one, weighted by the rows' clubs."""
    columns = [
        c for c in ("mean_attendance", *(f"{k}_rate" for k in CRITERIA)) if c in frame.columns
    ]
    return [
        (
            (pl.col(c) * pl.col("clubs")).sum()
            / pl.col("clubs").filter(pl.col(c).is_not_null()).sum()
        ).alias(c)
        for c in columns
    ]


def national_totals(home: Home, scope: Scope, approved: Approved = None) -> pl.DataFrame:
    """The country per fiscal year: sums, and rates weighted by each province's clubs (of
    `approved` district-years only, when given)."""
    frame = national_years(home, scope, approved)
    if frame.is_empty():
        return pl.DataFrame()
    totals = (
        frame.group_by("fiscal_year")
        .agg(
            pl.col("clubs").sum(),
            pl.col("clubs_meeting_standard").sum(),
            pl.col("members").sum(),
            pl.col("meetings_held").sum(),
            *_weighted(frame),
        )
        .with_columns((pl.col("clubs_meeting_standard") / pl.col("clubs")).alias("meets_share"))
        .sort("fiscal_year")
    )
    return totals.with_columns(
        (pl.col("meets_share") - pl.col("meets_share").shift(1)).alias("meets_share_change")
    )


def national_trend(home: Home, scope: Scope, approved: Approved = None) -> pl.DataFrame:
    """Share meeting the standard per province and year: series, fiscal_year, meets_share."""
    frame = national_years(home, scope, approved)
    if frame.is_empty():
        return pl.DataFrame()
    return frame.select(pl.col("province_code").alias("series"), "fiscal_year", "meets_share")


def trend(
    home: Home, scope: Scope, province: str | None, approved: Approved = None
) -> pl.DataFrame:
    """Share meeting the standard per year: one series for a province, one per province for the
    country (of `approved` district-years only, when given)."""
    if province is None and scope.role == "national":
        return national_trend(home, scope, approved)
    years = province_years(home, scope, province, approved)
    if years.is_empty():
        return years
    return years.select(pl.col("province_code").alias("series"), "fiscal_year", "meets_share")
