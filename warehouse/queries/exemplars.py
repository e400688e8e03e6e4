"""Exemplar candidates (ต้นแบบ): each club's exemplar score split into its parts, who may be a
candidate, why a strong-looking club is not, and each district's submissions by fiscal year.

Club-level scores and district-level counts only (no personal data): anyone who may read the
province sees them. The knowledge record's facts are records (director, or the district's
officer) and come through `warehouse.queries.records`.
"""

from __future__ import annotations

import polars as pl

from accounts.scope import Scope
from core.home import Home
from warehouse.queries.base import answer, chosen, is_district, is_text, one_club, read

# Part -> (its column in club_year_exemplar, its weight's column in exemplar_rules).
PARTS: dict[str, tuple[str, str]] = {
    "streak": ("streak_part", "consecutive_years_weight"),
    "steps": ("steps_part", "steps_done_weight"),
    "attendance": ("attendance_part", "attendance_weight"),
    "partners": ("partners_part", "partners_weight"),
    "retention": ("retention_part", "retention_weight"),
    "growth": ("growth_part", "growth_weight"),
    "trend": ("trend_part", "trend_weight"),
}
STRONG_SCORE = 60.0  # a non-candidate at or above this score (or meeting the standard) looks strong
STRONG_SHOWN = 50
EXEMPLAR_YEAR = """
select e.*, k.name, k.network_type, k.subdistrict_code,
       w.* exclude (province_code, rules_version)
from club_year_exemplar e
join clubs k on k.district_code = e.district_code and k.club_id = e.club_id
left join exemplar_rules w
  on w.province_code = e.province_code and w.rules_version = e.rules_version
where e.province_code = ? and e.fiscal_year = ?
order by e.exemplar_score desc, e.district_code, e.club_id
"""
SUBMISSIONS = """
select * from district_year_submissions where province_code = ? order by district_code, fiscal_year
"""


def exemplar_year(home: Home, scope: Scope, province: str | None, fiscal_year: int) -> pl.DataFrame:
    """Every club of the province in one year: score, parts, weights, points of each part, reasons.

    `{part}_weight` is the part's weight and `{part}_points` its contribution to the score
    (100 x weight x part / sum of weights), so the points add up to `exemplar_score`.
    """
    found = chosen(home, scope, province)
    if found is None or not isinstance(fiscal_year, int) or isinstance(fiscal_year, bool):
        return pl.DataFrame()

    def compute() -> pl.DataFrame:
        frame = read(home, found, EXEMPLAR_YEAR, [found.province, fiscal_year])
        return frame if frame.is_empty() else _with_points(frame)

    return answer(home, scope, found, "exemplar_year", (fiscal_year,), compute)


def _with_points(frame: pl.DataFrame) -> pl.DataFrame:
    total = pl.sum_horizontal(*(pl.col(weight) for _part, weight in PARTS.values()))
    return frame.with_columns(
        *(pl.col(weight).alias(f"{name}_weight") for name, (_part, weight) in PARTS.items()),
        *(
            (100 * pl.col(weight) * pl.col(part) / total).alias(f"{name}_points")
            for name, (part, weight) in PARTS.items()
        ),
    )


def candidates(
    home: Home, scope: Scope, province: str | None, fiscal_year: int, district: str | None = None
) -> pl.DataFrame:
    """The year's candidates ranked by exemplar score (1 = highest), optionally of one district."""
    frame = exemplar_year(home, scope, province, fiscal_year)
    if frame.is_empty():
        return frame
    frame = frame.filter(pl.col("candidate"))
    if district:
        frame = frame.filter(pl.col("district_code") == district)
    return frame.with_columns(
        pl.col("exemplar_score").rank("min", descending=True).cast(pl.Int64).alias("rank")
    ).sort("rank", "district_code", "club_id")


def strong_non_candidates(
    home: Home, scope: Scope, province: str | None, fiscal_year: int, district: str | None = None
) -> pl.DataFrame:
    """Clubs that look strong (meet the standard, or score STRONG_SCORE or more), not candidates."""
    frame = exemplar_year(home, scope, province, fiscal_year)
    if frame.is_empty():
        return frame
    strong = pl.col("meets_standard") | (pl.col("exemplar_score") >= STRONG_SCORE)
    frame = frame.filter(~pl.col("candidate") & strong)
    if district:
        frame = frame.filter(pl.col("district_code") == district)
    return frame.sort(
        "exemplar_score", "district_code", "club_id", descending=[True, False, False]
    ).head(STRONG_SHOWN)


def exemplar_club(
    home: Home, scope: Scope, district: str, club_id: str, fiscal_year: int
) -> pl.DataFrame:
    """One club's row of `exemplar_year` (empty when not readable or not there)."""
    if not is_district(district) or not is_text(club_id):
        return pl.DataFrame()  # (whether its province is readable, `exemplar_year` finds out)
    return one_club(exemplar_year(home, scope, district[:2], fiscal_year), district, club_id)


def district_submissions(home: Home, scope: Scope, province: str | None) -> pl.DataFrame:
    """Every district-year of the province: complete, on time, history, days late and why."""
    found = chosen(home, scope, province)
    if found is None:
        return pl.DataFrame()
    return answer(
        home,
        scope,
        found,
        "district_submissions",
        (),
        lambda: read(home, found, SUBMISSIONS, [found.province]),
    )
