"""Club-level scores (no personal data): the leaderboard, a district's clubs, one club, comparisons.

Directors and officers read their own province's warehouse file; the national role
reads each province's published `club_scores.parquet`.
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
    covering,
    district_of,
    is_district,
    is_text,
    one_club,
    read,
    readable,
    rollups,
)

CLUB_SCORES = """
select c.province_code, c.district_code, c.club_id, k.name, k.network_type, c.fiscal_year,
       c.score, c.meets_standard, c.committee, c.rules, c.meetings, c.capacity, c.problem_partner,
       c.forum, c.evaluation, c.knowledge, c.publicity, c.attendance_rate, c.meetings_held,
       c.qualifying_meetings, c.members_end
from club_year_compliance c
join clubs k on k.district_code = c.district_code and k.club_id = c.club_id
where c.province_code = ?
order by c.district_code, c.club_id, c.fiscal_year
"""
CLUB_PROFILES = """
select province_code, district_code, club_id, name, network_type, subdistrict_code, founded_on,
       entered_standard_fy
from clubs where province_code = ? order by district_code, club_id
"""
SCORE_COLUMNS = (
    "province_code",
    "district_code",
    "club_id",
    "name",
    "network_type",
    "fiscal_year",
    "score",
    "meets_standard",
    *CRITERIA,
    "attendance_rate",
    "meetings_held",
    "qualifying_meetings",
    "members_end",
)
CLUB = ("province_code", "district_code", "club_id")
SORTABLE = frozenset(
    {
        "rank",
        "province_code",
        "district_code",
        "club_id",
        "name",
        "network_type",
        "score",
        "meets_standard",
        "years_meeting",
        "attendance_rate",
        "score_change",
        "steps_done",
        *CRITERIA,
    }
)
# The leaderboard's ranking rule: score, then attendance, years in a row meeting the standard and
# steps 5-7 done (evaluation forum, knowledge summary, publicity), each highest first.
RANK_BY = ("score", "attendance_rate", "years_meeting", "steps_done")
STEPS = ("evaluation", "knowledge", "publicity")
MAX_COMPARED = 4


def club_scores(home: Home, scope: Scope, province: str) -> pl.DataFrame:
    """Every club-year of one readable province with name and network type (all years)."""
    found = readable(home, scope, province)
    return _province_scores(home, scope, found) if found else pl.DataFrame()


def _province_scores(home: Home, scope: Scope, published: Published) -> pl.DataFrame:
    province = published.province

    def compute() -> pl.DataFrame:
        frame = (
            rollups((published,), "club_scores.parquet", SCORE_COLUMNS)
            if scope.role == "national"
            else pl.DataFrame()
        )
        if frame.is_empty():
            frame = read(home, published, CLUB_SCORES, [province])
        if frame.is_empty():
            return frame
        return frame.select(SCORE_COLUMNS).filter(pl.col("province_code") == province)

    return answer(home, scope, published, "club_scores", (), compute)


def _scores(home: Home, scope: Scope, published: tuple[Published, ...]) -> pl.DataFrame:
    """Club-years of the provinces: one province's own, or every roll-up file read in one go."""
    if len(published) == 1:
        return _province_scores(home, scope, published[0])
    return answer(
        home,
        scope,
        published,
        "club_scores",
        (),
        lambda: rollups(published, "club_scores.parquet", SCORE_COLUMNS),
    )


def ranked(
    home: Home, scope: Scope, province: str | None, fiscal_year: int, approved: Approved = None
) -> pl.DataFrame:
    """Every club of the scope in one year ranked by RANK_BY, with streak, steps 5-7 and change;
    with `approved`, the clubs of the year's approved districts alone, ranked among themselves."""
    if not isinstance(fiscal_year, int) or isinstance(fiscal_year, bool):
        return pl.DataFrame()
    found = covering(home, scope, province)
    if not found:
        return pl.DataFrame()
    kept = None if approved is None else tuple(sorted(d for d, y in approved if y == fiscal_year))

    def compute() -> pl.DataFrame:
        scores = _scores(home, scope, found)
        if kept is not None and not scores.is_empty():
            scores = scores.filter(
                (pl.col("fiscal_year") != fiscal_year) | pl.col("district_code").is_in(kept)
            )
        return _rank(scores, fiscal_year)

    return answer(home, scope, found, "ranked", (fiscal_year, kept), compute)


def _rank(scores: pl.DataFrame, fiscal_year: int) -> pl.DataFrame:
    if scores.is_empty():
        return pl.DataFrame()
    this_year = scores.filter(pl.col("fiscal_year") == fiscal_year)
    if this_year.is_empty():
        return pl.DataFrame()
    before = scores.filter(pl.col("fiscal_year") == fiscal_year - 1).select(
        *CLUB, pl.col("score").alias("score_before")
    )
    streak = (
        scores.filter(pl.col("fiscal_year") <= fiscal_year)
        .sort("fiscal_year", descending=True)
        .group_by(CLUB)
        .agg(pl.col("meets_standard").cast(pl.Int32).cum_prod().sum().alias("years_meeting"))
    )
    return (
        this_year.join(before, on=CLUB, how="left")
        .join(streak, on=CLUB, how="left")
        .with_columns(
            (pl.col("score") - pl.col("score_before")).alias("score_change"),
            pl.sum_horizontal(*(pl.col(s).fill_null(False).cast(pl.Int32) for s in STEPS)).alias(
                "steps_done"
            ),
        )
        .with_columns(
            pl.struct(*(pl.col(c).fill_null(-1) for c in RANK_BY))
            .rank("min", descending=True)
            .cast(pl.Int64)
            .alias("rank"),
        )
        .drop("score_before")
        .sort("rank", "district_code", "club_id")
    )


def leaderboard(
    home: Home,
    scope: Scope,
    fiscal_year: int,
    *,
    province: str | None = None,
    district: str | None = None,
    network_type: str | None = None,
    meets: bool | None = None,
    text: str | None = None,
    sort: tuple[tuple[str, str], ...] = (),
    offset: int = 0,
    limit: int | None = 100,
    approved: Approved = None,
) -> tuple[pl.DataFrame, int]:
    """One page of the scope's ranked clubs after filters and sort, and how many rows match in all
    (with `approved`: of the year's approved districts only, see `ranked`)."""
    frame = ranked(home, scope, province, fiscal_year, approved)
    if frame.is_empty():
        return frame, 0
    if district:
        frame = frame.filter(pl.col("district_code") == district)
    if network_type:
        frame = frame.filter(pl.col("network_type") == network_type)
    if meets is not None:
        frame = frame.filter(pl.col("meets_standard") == meets)
    if is_text(text) and str(text).strip():
        wanted = str(text).strip().lower()
        frame = frame.filter(
            pl.col("name").str.to_lowercase().str.contains(wanted, literal=True)
            | pl.col("club_id").str.to_lowercase().str.contains(wanted, literal=True)
        )
    order = [(c, d) for c, d in sort if c in SORTABLE and d in ("asc", "desc")] or [("rank", "asc")]
    columns = [c for c, _ in order] + ["district_code", "club_id"]
    frame = frame.sort(
        columns, descending=[d == "desc" for _, d in order] + [False, False], nulls_last=True
    )
    total = frame.height
    start = max(0, offset)
    return (frame.slice(start, limit) if limit is not None else frame.slice(start)), total


def district_clubs(home: Home, scope: Scope, district: str, fiscal_year: int) -> pl.DataFrame:
    """The district's clubs in one year with their nine criteria (club-level scores, ranked)."""
    if not is_district(district) or not scope.may_read_province(district[:2]):
        return pl.DataFrame()  # (whether the province is published, `ranked` finds out)
    frame, _total = leaderboard(
        home, scope, fiscal_year, province=district[:2], district=district, limit=None
    )
    return frame


def club_profile(home: Home, scope: Scope, district: str, club_id: str) -> pl.DataFrame:
    """The club's own row: name, network type, subdistrict, founding (no personal data)."""
    found = district_of(home, scope, district)
    if found is None or not is_text(club_id):
        return pl.DataFrame()
    code, published = found
    clubs = answer(
        home,
        scope,
        published,
        "club_profiles",
        (),
        lambda: read(home, published, CLUB_PROFILES, [published.province]),
    )
    return one_club(clubs, code, club_id)


def club_years(home: Home, scope: Scope, district: str, club_id: str) -> pl.DataFrame:
    """The club's criteria, score, attendance and roll per fiscal year."""
    found = district_of(home, scope, district)
    if found is None or not is_text(club_id):
        return pl.DataFrame()
    code, published = found

    def compute() -> pl.DataFrame:
        years = one_club(_province_scores(home, scope, published), code, club_id)
        return years.sort("fiscal_year") if not years.is_empty() else years

    return answer(home, scope, published, "club_years", (code, club_id), compute)


def compare(home: Home, scope: Scope, clubs: list[tuple[str, str]]) -> pl.DataFrame:
    """Club-years of two to four readable clubs, side by side (unreadable ones are left out)."""
    frames = []
    for district, club_id in clubs[:MAX_COMPARED]:
        years = club_years(home, scope, district, club_id)
        if not years.is_empty():
            frames.append(years)
    return pl.concat(frames, how="vertical_relaxed") if frames else pl.DataFrame()


def club_choices(home: Home, scope: Scope, province: str | None) -> pl.DataFrame:
    """Clubs the user may pick for a comparison: province, district, club id, name."""
    found = covering(home, scope, province)

    def compute() -> pl.DataFrame:
        scores = _scores(home, scope, found)
        if scores.is_empty():
            return scores
        return scores.select("province_code", "district_code", "club_id", "name").unique(
            maintain_order=True
        )

    return answer(home, scope, found, "club_choices", (), compute) if found else pl.DataFrame()
