"""The scorecard: each area's pass rate of the nine criteria and share meeting the standard, with the
change from the year before and a rank; a province's districts, or (national) the country's provinces.

Rates come from the published roll-ups (district_year_summary, province_year_summary), which are
club_year_compliance averaged per area and year; the traffic lights come from the rules file.
"""

from __future__ import annotations

import functools

import polars as pl

from accounts.scope import Scope
from core.home import Home
from warehouse.queries.base import (
    CRITERIA,
    answer,
    approved_only,
    chosen,
    everywhere,
    read,
    rollups,
)
from warehouse.queries.province import all_district_years
from warehouse.rules import load_rules

MEASURES = ("meets_share", *(f"{c}_rate" for c in CRITERIA))
_CHANGES = ",\n       ".join(f"y.{m} - b.{m} as {m}_change" for m in MEASURES)
DISTRICTS = f"""
select y.district_code as area_code, y.clubs, y.clubs_meeting_standard, {", ".join(f"y.{m}" for m in MEASURES)},
       {_CHANGES}
from district_year_summary y
left join district_year_summary b
  on b.district_code = y.district_code and b.fiscal_year = y.fiscal_year - 1
where y.province_code = ? and y.fiscal_year = ?
order by y.district_code
"""
WHOLE = f"""
select y.province_code as area_code, y.clubs, y.clubs_meeting_standard, {", ".join(f"y.{m}" for m in MEASURES)},
       {_CHANGES}
from province_year_summary y
left join province_year_summary b on b.province_code = y.province_code and b.fiscal_year = y.fiscal_year - 1
where y.province_code = ? and y.fiscal_year = ?
"""
COLUMNS = (
    "area_code",
    "clubs",
    "clubs_meeting_standard",
    *MEASURES,
    *(f"{m}_change" for m in MEASURES),
)


@functools.cache
def lights() -> dict[str, object]:
    """The traffic-light thresholds of the shipped rules file: version, green and amber (shares)."""
    return dict(load_rules(None).scorecard)


def light(value: float | None, green: float, amber: float) -> str | None:
    """'green', 'amber' or 'red' for a share (None when there is none)."""
    if value is None:
        return None
    return "green" if value >= green else "amber" if value >= amber else "red"


def scorecard(
    home: Home,
    scope: Scope,
    province: str | None,
    fiscal_year: int,
    approved: frozenset[tuple[str, int]] | None = None,
) -> pl.DataFrame:
    """One row per district of the province (national, no province: per province), ranked by share
    meeting. With `approved` (approvals.approved_pairs): approved districts only; nationally each
    province's approved districts, their clubs together (a province with none approved is left
    out)."""
    if not isinstance(fiscal_year, int) or isinstance(fiscal_year, bool):
        return pl.DataFrame()
    found = chosen(home, scope, province)
    if found is not None:
        frame = answer(
            home,
            scope,
            found,
            "scorecard",
            (fiscal_year,),
            lambda: read(home, found, DISTRICTS, [found.province, fiscal_year]),
        )
        if approved is not None and not frame.is_empty():
            kept = [c for c in frame["area_code"].to_list() if (c, fiscal_year) in approved]
            frame = frame.filter(pl.col("area_code").is_in(kept))
    elif province is None and scope.role == "national":
        frame = (
            _provinces(home, scope, fiscal_year)
            if approved is None
            else _approved_provinces(home, scope, fiscal_year, approved)
        )
    else:
        return pl.DataFrame()
    if frame.is_empty():
        return frame
    return frame.select(COLUMNS).with_columns(
        pl.col("meets_share").rank("min", descending=True).cast(pl.Int64).alias("rank")
    )


def whole(
    home: Home,
    scope: Scope,
    province: str | None,
    fiscal_year: int,
    approved: frozenset[tuple[str, int]] | None = None,
) -> pl.DataFrame:
    """The province's own row (its clubs together); national without a province: the country's
    (with `approved`: of approved districts only)."""
    if not isinstance(fiscal_year, int) or isinstance(fiscal_year, bool):
        return pl.DataFrame()
    found = chosen(home, scope, province)
    if found is not None and approved is not None:
        kept = _approved_districts(home, scope, approved)
        if kept.is_empty():
            return kept
        return _with_change(
            _country(kept.filter(pl.col("province_code") == found.province)), fiscal_year
        )
    if found is not None:
        return answer(
            home,
            scope,
            found,
            "scorecard_whole",
            (fiscal_year,),
            lambda: read(home, found, WHOLE, [found.province, fiscal_year]),
        )
    if province is not None or scope.role != "national":
        return pl.DataFrame()
    source = _years(home, scope) if approved is None else _approved_districts(home, scope, approved)
    return _with_change(_country(source), fiscal_year)


def _years(home: Home, scope: Scope) -> pl.DataFrame:
    found = everywhere(home, scope)
    if not found:
        return pl.DataFrame()
    return answer(
        home,
        scope,
        found,
        "scorecard_years",
        (),
        lambda: rollups(found, "province_year_summary.parquet"),
    )


def _provinces(home: Home, scope: Scope, fiscal_year: int) -> pl.DataFrame:
    years = _years(home, scope)
    if years.is_empty():
        return years
    return _with_change(years.rename({"province_code": "area_code"}), fiscal_year).sort("area_code")


def _approved_provinces(
    home: Home, scope: Scope, fiscal_year: int, approved: frozenset[tuple[str, int]]
) -> pl.DataFrame:
    """Each province's row of its approved districts alone (this year's and the year before's)."""
    kept = _approved_districts(home, scope, approved)
    if kept.is_empty():
        return kept
    years = _country(kept, by="province_code").rename({"province_code": "area_code"})
    return _with_change(years, fiscal_year).sort("area_code")


def approved_counts(
    home: Home, scope: Scope, fiscal_year: int, approved: frozenset[tuple[str, int]]
) -> dict[str, tuple[int, int]]:
    """Per province the user may see: (districts approved, districts with data) in the year."""
    districts = all_district_years(home, scope)
    if districts.is_empty() or not isinstance(fiscal_year, int):
        return {}
    counts: dict[str, tuple[int, int]] = {}
    year = districts.filter(pl.col("fiscal_year") == fiscal_year)
    for province, district in year.select("province_code", "district_code").iter_rows():
        done, total = counts.get(province, (0, 0))
        counts[province] = (done + ((district, fiscal_year) in approved), total + 1)
    return counts


def _approved_districts(
    home: Home, scope: Scope, approved: frozenset[tuple[str, int]]
) -> pl.DataFrame:
    """The district roll-ups of every province the user may see, of approved years only."""
    return approved_only(all_district_years(home, scope), approved)


def _country(years: pl.DataFrame, by: str | None = None) -> pl.DataFrame:
    """The rows of each year as one (per `by` if given), each rate weighted by the row's clubs."""
    if years.is_empty():
        return years
    rates = [
        pl.col(m)
        .mul(pl.col("clubs"))
        .sum()
        .truediv(pl.col("clubs").filter(pl.col(m).is_not_null()).sum())
        .alias(m)
        for m in MEASURES
        if m != "meets_share"
    ]
    keys = ["fiscal_year", by] if by else ["fiscal_year"]
    return (
        years.group_by(keys)
        .agg(
            *([] if by else [pl.lit("").alias("area_code")]),
            pl.col("clubs").sum(),
            pl.col("clubs_meeting_standard").sum(),
            *rates,
        )
        .with_columns((pl.col("clubs_meeting_standard") / pl.col("clubs")).alias("meets_share"))
    )


def _with_change(years: pl.DataFrame, fiscal_year: int) -> pl.DataFrame:
    """Rows of `fiscal_year` with each measure's change from the year before (per area_code)."""
    if years.is_empty():
        return years
    now = years.filter(pl.col("fiscal_year") == fiscal_year)
    before = years.filter(pl.col("fiscal_year") == fiscal_year - 1).select(
        "area_code", *(pl.col(m).alias(f"{m}_before") for m in MEASURES)
    )
    joined = now.join(before, on="area_code", how="left")
    return joined.with_columns(
        *((pl.col(m) - pl.col(f"{m}_before")).alias(f"{m}_change") for m in MEASURES)
    ).select(COLUMNS)
