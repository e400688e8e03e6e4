"""What changed since last fiscal year, and why a district is behind its province.

All three answers are read from the province's club-years (`club_scores`: the standard judged
per club and year at load time), within the asking user's scope:

- `standard_changes`: the clubs that started meeting the standard in year y (they did not in
  y-1) and those that stopped (they did in y-1, not in y). A club without a row in y-1 (new in
  y) or in y is in neither list.
- `criteria_moves`: the share of clubs meeting each of the nine criteria in y against y-1, ranked
  by the size of the move (largest first, up or down).
- `district_gaps`: the criteria on which a district is behind its province in y (its share of
  clubs meeting the criterion is lower; a criterion where it is level or ahead is no gap, even
  when a club fails it), ranked by how
  many of its clubs meeting that one criterion would lift to meeting the standard. A club counts
  as *lifted* by a criterion when it does not meet the standard and that criterion is the only
  one of the standard's five (committee, rules, meetings, capacity, problem solving with
  partners) it fails. The four steps outside the standard lift nobody. Ties are broken by the
  gap in share (province minus district), largest first. `criterion_failures` names the clubs
  behind each gap (those it would lift first).
"""

from __future__ import annotations

import polars as pl

from accounts.scope import Scope
from core.home import Home
from warehouse.queries.base import CRITERIA, Approved, approved_only, chosen, district_of
from warehouse.queries.clubs import club_scores

STANDARD = CRITERIA[:5]  # the five criteria that make up meeting the standard


def _clubs(
    home: Home,
    scope: Scope,
    province: str | None,
    district: str | None,
    approved: Approved = None,
) -> pl.DataFrame:
    """The club-years of a province the user is shown, or of one readable district (of
    `approved` district-years only, when given)."""
    if district is not None:
        found = district_of(home, scope, district)
        if found is None:
            return pl.DataFrame()
        frame = club_scores(home, scope, found[1].province)
        return frame if frame.is_empty() else frame.filter(pl.col("district_code") == found[0])
    shown = chosen(home, scope, province)
    if shown is None:
        return pl.DataFrame()
    return approved_only(club_scores(home, scope, shown.province), approved)


def standard_changes(
    home: Home,
    scope: Scope,
    province: str | None,
    fiscal_year: int,
    district: str | None = None,
    approved: Approved = None,
) -> pl.DataFrame:
    """Clubs whose meeting the standard changed from y-1 to y: district_code, club_id, name,
    change ('started' or 'stopped'); started first, then by district and name."""
    clubs = _clubs(home, scope, province, district, approved)
    if clubs.is_empty():
        return pl.DataFrame()
    key = ["district_code", "club_id"]
    now = clubs.filter(pl.col("fiscal_year") == fiscal_year).select(*key, "name", "meets_standard")
    before = clubs.filter(pl.col("fiscal_year") == fiscal_year - 1).select(
        *key, pl.col("meets_standard").alias("met_before")
    )
    both = now.join(before, on=key, how="inner")
    changed = both.filter(pl.col("meets_standard") != pl.col("met_before"))
    return changed.select(
        *key,
        "name",
        pl.when(pl.col("meets_standard"))
        .then(pl.lit("started"))
        .otherwise(pl.lit("stopped"))
        .alias("change"),
    ).sort(pl.col("change") == "stopped", "district_code", "name", "club_id")


def criteria_moves(
    home: Home,
    scope: Scope,
    province: str | None,
    fiscal_year: int,
    district: str | None = None,
    approved: Approved = None,
) -> pl.DataFrame:
    """Share of clubs meeting each criterion in y and y-1: criterion, before, now, move (now -
    before); largest move first. Empty without both years."""
    clubs = _clubs(home, scope, province, district, approved)
    if clubs.is_empty():
        return pl.DataFrame()
    rates = (
        clubs.filter(pl.col("fiscal_year").is_in([fiscal_year - 1, fiscal_year]))
        .group_by("fiscal_year")
        .agg(pl.col(c).cast(pl.Float64).mean() for c in CRITERIA)
    )
    if rates.height < 2:
        return pl.DataFrame()
    now = rates.filter(pl.col("fiscal_year") == fiscal_year).row(0, named=True)
    before = rates.filter(pl.col("fiscal_year") == fiscal_year - 1).row(0, named=True)
    frame = pl.DataFrame(
        {
            "criterion": list(CRITERIA),
            "before": [before[c] for c in CRITERIA],
            "now": [now[c] for c in CRITERIA],
        },
        schema={"criterion": pl.String, "before": pl.Float64, "now": pl.Float64},
    ).with_columns((pl.col("now") - pl.col("before")).alias("move"))
    return frame.sort(pl.col("move").abs(), "criterion", descending=[True, False])


def criterion_failures(home: Home, scope: Scope, district: str, fiscal_year: int) -> pl.DataFrame:
    """Each club of the district failing each criterion in y: district_code, club_id, name,
    criterion, lifts (meeting it alone would bring the club to the standard); lifted first."""
    clubs = _clubs(home, scope, None, district)
    if clubs.is_empty():
        return pl.DataFrame()
    year = clubs.filter(pl.col("fiscal_year") == fiscal_year)
    failed_standard = pl.sum_horizontal((~pl.col(c)).cast(pl.Int32) for c in STANDARD)
    year = year.with_columns(failed_standard.alias("failed_standard"))
    long = year.unpivot(
        index=["district_code", "club_id", "name", "failed_standard"],
        on=list(CRITERIA),
        variable_name="criterion",
        value_name="met",
    ).filter(~pl.col("met"))
    lifts = pl.col("criterion").is_in(list(STANDARD)) & (pl.col("failed_standard") == 1)
    return long.select("district_code", "club_id", "name", "criterion", lifts.alias("lifts")).sort(
        "criterion", "lifts", "name", "club_id", descending=[False, True, False, False]
    )


def district_gaps(home: Home, scope: Scope, district: str, fiscal_year: int) -> pl.DataFrame:
    """The district's gaps against its province in y: criterion, district, province (shares),
    gap (province - district), failing (clubs failing it), lifts (clubs it alone would bring to
    the standard); only the criteria where the district is behind (gap > 0), ranked by lifts,
    then gap, then criterion."""
    mine = _clubs(home, scope, None, district)
    if mine.is_empty():
        return pl.DataFrame()
    whole = club_scores(home, scope, str(district)[:2])
    mine_y = mine.filter(pl.col("fiscal_year") == fiscal_year)
    whole_y = whole.filter(pl.col("fiscal_year") == fiscal_year)
    if mine_y.is_empty() or whole_y.is_empty():
        return pl.DataFrame()
    failures = criterion_failures(home, scope, district, fiscal_year)
    counts = failures.group_by("criterion").agg(
        pl.len().cast(pl.Int64).alias("failing"),
        pl.col("lifts").sum().cast(pl.Int64).alias("lifts"),
    )
    frame = pl.DataFrame(
        {
            "criterion": list(CRITERIA),
            "district": [mine_y[c].cast(pl.Float64).mean() for c in CRITERIA],
            "province": [whole_y[c].cast(pl.Float64).mean() for c in CRITERIA],
        },
        schema={"criterion": pl.String, "district": pl.Float64, "province": pl.Float64},
    )
    frame = (
        frame.with_columns((pl.col("province") - pl.col("district")).alias("gap"))
        .join(counts, on="criterion", how="left")
        .with_columns(pl.col("failing").fill_null(0), pl.col("lifts").fill_null(0))
    )
    behind = frame.filter(pl.col("gap") > 1e-9)  # level or ahead is no gap
    return behind.sort(["lifts", "gap", "criterion"], descending=[True, True, False])
