"""Every question the dashboard asks, answered within the asking user's scope.

The tenant, district and role come from the Scope (built on the server from the
session), never from what the browser sends: a province or district outside the
scope yields an empty frame. Results are cached per (home, the user's scope,
province, published version, question, parameters), so a new publish invalidates
them by itself and two users with different scopes never share an entry.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

import polars as pl

from accounts.scope import Scope
from warehouse import sql
from warehouse.connection import NotPublished, reading, version
from warehouse.home import PROVINCE_CODE, Home
from warehouse.publish import current

CACHE_SIZE = 512
_CACHE: OrderedDict[tuple[object, ...], object] = OrderedDict()
_CACHE_LOCK = threading.Lock()
CRITERIA = ("committee", "rules", "meetings", "capacity", "problem_partner", "forum", "evaluation", "knowledge", "publicity")


def _cached(home: Home, scope: Scope, province: str, name: str, params: tuple[object, ...], compute: Callable[[], object]) -> object:
    key = (str(home.root), scope.tenant, province, version(home, province), name, params)
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    value = compute()
    with _CACHE_LOCK:
        _CACHE[key] = value
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return value


def _read(home: Home, province: str, query: str, params: object = None) -> pl.DataFrame:
    try:
        with reading(home, province) as (con, _version):
            return sql.frame(con, query, params)
    except NotPublished:
        return pl.DataFrame()


def provinces(home: Home, scope: Scope) -> list[str]:
    """Published provinces this user may see."""
    if not scope.sees_warehouse:
        return []
    return [p for p in home.provinces() if scope.may_read_province(p)]


def chosen_province(home: Home, scope: Scope, asked: str | None) -> str | None:
    """The province to show: the user's own, or (national) the one asked for if published."""
    if scope.role in ("director", "officer"):
        return scope.province_code if scope.province_code in provinces(home, scope) else None
    if scope.role == "national" and asked and PROVINCE_CODE.match(asked) and asked in provinces(home, scope):
        return asked
    return None


# --- province level -------------------------------------------------------------------

PROVINCE_YEARS = "select * from province_year_summary where province_code = ? order by fiscal_year"
DISTRICT_YEAR = "select * from district_year_summary where province_code = ? and fiscal_year = ? order by district_code"
DISTRICT_YEARS = "select * from district_year_summary where province_code = ? and district_code = ? order by fiscal_year"
FRESHNESS = """
select district_code, max(finished_at) filter (where status = 'loaded') as last_loaded,
       max(finished_at) as last_attempt, arg_max(status, finished_at) as last_status,
       count(*) as batches
from load_batches where province_code = ? group by district_code order by district_code
"""


def province_years(home: Home, scope: Scope, province: str) -> pl.DataFrame:
    """The province's roll-up per fiscal year (the trend)."""
    if not scope.may_read_province(province):
        return pl.DataFrame()
    return _cached(home, scope, province, "province_years", (), lambda: _read(home, province, PROVINCE_YEARS, [province]))  # type: ignore[return-value]


def district_year(home: Home, scope: Scope, province: str, fiscal_year: int) -> pl.DataFrame:
    """Every district's roll-up in one fiscal year."""
    if not scope.may_read_province(province):
        return pl.DataFrame()
    return _cached(home, scope, province, "district_year", (fiscal_year,), lambda: _read(home, province, DISTRICT_YEAR, [province, fiscal_year]))  # type: ignore[return-value]


def district_years(home: Home, scope: Scope, district: str) -> pl.DataFrame:
    """One district's roll-up per fiscal year."""
    province = district[:2]
    if not scope.may_read_province(province):
        return pl.DataFrame()
    return _cached(home, scope, province, "district_years", (district,), lambda: _read(home, province, DISTRICT_YEARS, [province, district]))  # type: ignore[return-value]


def freshness(home: Home, scope: Scope, province: str) -> pl.DataFrame:
    """Per district: last successful load, last attempt and its status, batches."""
    if not scope.may_read_province(province):
        return pl.DataFrame()
    return _cached(home, scope, province, "freshness", (), lambda: _read(home, province, FRESHNESS, [province]))  # type: ignore[return-value]


def national_years(home: Home, scope: Scope) -> pl.DataFrame:
    """Every visible province's roll-up per year, from the published roll-up files."""
    frames = []
    for province in provinces(home, scope):
        published = current(home, province)
        path = published.folder / "province_year_summary.parquet" if published else None
        if path is not None and path.is_file():
            frames.append(_cached(home, scope, province, "national_years", (), lambda p=path: pl.read_parquet(p)))
    return pl.concat(frames, how="diagonal_relaxed") if frames else pl.DataFrame()  # type: ignore[arg-type]


# --- clubs ----------------------------------------------------------------------------

LEADERBOARD = """
with years as (
    select c.*, k.name, k.network_type, k.subdistrict_code,
        c.score - lag(c.score) over club as score_change,
        c.fiscal_year - row_number() over (partition by c.district_code, c.club_id, c.meets_standard order by c.fiscal_year) as run
    from club_year_compliance c
    join clubs k on k.district_code = c.district_code and k.club_id = c.club_id
    where c.province_code = $province
    window club as (partition by c.district_code, c.club_id order by c.fiscal_year)
),
streaks as (
    select *, case when meets_standard then count(*) over (partition by district_code, club_id, meets_standard, run order by fiscal_year) else 0 end as years_meeting
    from years
)
select
    rank() over (order by score desc, coalesce(attendance_rate, 0) desc) as rank,
    district_code, club_id, name, network_type, score, meets_standard,
    committee, rules, meetings, capacity, problem_partner, forum, evaluation, knowledge, publicity,
    years_meeting, attendance_rate, score_change
from streaks
where fiscal_year = $fiscal_year
  and ($district is null or district_code = $district)
  and ($network_type is null or network_type = $network_type)
  and ($meets is null or meets_standard = $meets)
  and ($text is null or contains(lower(name), lower($text)) or contains(club_id, $text))
"""
SORTABLE = {
    "rank", "district_code", "club_id", "name", "network_type", "score", "meets_standard",
    "years_meeting", "attendance_rate", "score_change", *CRITERIA,
}


def leaderboard(
    home: Home,
    scope: Scope,
    province: str,
    fiscal_year: int,
    *,
    district: str | None = None,
    network_type: str | None = None,
    meets: bool | None = None,
    text: str | None = None,
    sort: tuple[tuple[str, str], ...] = (),
    offset: int = 0,
    limit: int | None = 100,
) -> tuple[pl.DataFrame, int]:
    """One page of the province's clubs ranked by score then attendance, and the total count."""
    if not scope.may_read_province(province):
        return pl.DataFrame(), 0
    params = {
        "province": province,
        "fiscal_year": fiscal_year,
        "district": district or None,
        "network_type": network_type or None,
        "meets": meets,
        "text": (text or "").strip() or None,
    }

    def compute() -> pl.DataFrame:
        return _read(home, province, LEADERBOARD, params)

    frame: pl.DataFrame = _cached(home, scope, province, "leaderboard", tuple(params.values()), compute)  # type: ignore[assignment]
    if frame.is_empty():
        return frame, 0
    order = [(c, d) for c, d in sort if c in SORTABLE] or [("rank", "asc")]
    frame = frame.sort([c for c, _ in order], descending=[d == "desc" for _, d in order], nulls_last=True)
    page = frame.slice(offset, limit) if limit is not None else frame.slice(offset)
    return page, frame.height


CLUB_PROFILE = "select * exclude (batch_id) from clubs where district_code = ? and club_id = ?"
CLUB_YEARS = "select * from club_year_compliance where district_code = ? and club_id = ? order by fiscal_year"
CLUB_MEETINGS = """
select m.meeting_id, m.held_on, m.fiscal_year, m.kind,
       coalesce(m.attendees, a.listed, 0) as present,
       (select count(*) from members p where p.district_code = m.district_code and p.club_id = m.club_id
          and p.joined_on <= m.held_on and (p.left_on is null or p.left_on > m.held_on)) as on_roll
from meetings m
left join (select club_id, meeting_id, count(*) as listed from attendance
           where district_code = $district and club_id = $club group by all) a
  on a.club_id = m.club_id and a.meeting_id = m.meeting_id
where m.district_code = $district and m.club_id = $club
order by m.held_on
"""
CLUB_ACTIVITIES = """
select activity_id, held_on, fiscal_year, kind, title, partner_org, participants
from activities where district_code = ? and club_id = ? order by held_on
"""
CLUB_GOVERNANCE = """
select kind, effective_on, expires_on, document_ref from governance
where district_code = ? and club_id = ? order by effective_on
"""
CLUB_MEMBERS = """
select member_id, full_name, gender, role, joined_on, left_on from members
where district_code = ? and club_id = ? order by member_id
"""


def club_profile(home: Home, scope: Scope, district: str, club_id: str) -> pl.DataFrame:
    """The club's row (scores are province-visible, so any reader of the province sees it)."""
    province = district[:2]
    if not scope.may_read_province(province):
        return pl.DataFrame()
    return _cached(home, scope, province, "club_profile", (district, club_id), lambda: _read(home, province, CLUB_PROFILE, [district, club_id]))  # type: ignore[return-value]


def club_years(home: Home, scope: Scope, district: str, club_id: str) -> pl.DataFrame:
    """The club's criteria per fiscal year."""
    province = district[:2]
    if not scope.may_read_province(province):
        return pl.DataFrame()
    return _cached(home, scope, province, "club_years", (district, club_id), lambda: _read(home, province, CLUB_YEARS, [district, club_id]))  # type: ignore[return-value]


def club_records(home: Home, scope: Scope, district: str, club_id: str, kind: str) -> pl.DataFrame:
    """Records behind the scores (meetings, activities, governance): own district only for officers."""
    if not scope.may_read_records(district):
        return pl.DataFrame()
    province = district[:2]
    if kind == "meetings":
        return _cached(home, scope, province, "club_meetings", (district, club_id), lambda: _read(home, province, CLUB_MEETINGS, {"district": district, "club": club_id}))  # type: ignore[return-value]
    query = {"activities": CLUB_ACTIVITIES, "governance": CLUB_GOVERNANCE}[kind]
    return _cached(home, scope, province, f"club_{kind}", (district, club_id), lambda: _read(home, province, query, [district, club_id]))  # type: ignore[return-value]


def club_members(home: Home, scope: Scope, district: str, club_id: str, audit: Callable[[str], None]) -> pl.DataFrame:
    """The member list (personal data): director of the province or officer of the district; audited."""
    if not scope.may_read_records(district):
        return pl.DataFrame()
    audit(f"members {district}/{club_id}")
    return _read(home, district[:2], CLUB_MEMBERS, [district, club_id])


# --- data quality ---------------------------------------------------------------------

BATCHES = """
select district_code, batch_id, source, status, started_at, finished_at, rows_read, rows_loaded,
       rows_rejected, message, latest_fiscal_year
from load_batches where province_code = ? order by started_at desc
"""
REJECTED = """
select district_code, source, sheet, row_number, column_name, raw_value, reason_code, message_th, message_en
from rejected_rows where province_code = ? and district_code = ?
order by source, sheet, row_number
"""
REJECTED_BY_REASON = """
select district_code, reason_code, count(*) as rows from rejected_rows
where province_code = ? group by all order by district_code, rows desc
"""


def batches(home: Home, scope: Scope, province: str) -> pl.DataFrame:
    """Every load batch of the province, newest first (counts only: no personal data)."""
    if not scope.may_read_province(province):
        return pl.DataFrame()
    return _cached(home, scope, province, "batches", (), lambda: _read(home, province, BATCHES, [province]))  # type: ignore[return-value]


def rejected_by_reason(home: Home, scope: Scope, province: str) -> pl.DataFrame:
    """Rejected rows counted per district and reason."""
    if not scope.may_read_province(province):
        return pl.DataFrame()
    return _cached(home, scope, province, "rejected_by_reason", (), lambda: _read(home, province, REJECTED_BY_REASON, [province]))  # type: ignore[return-value]


def rejected(home: Home, scope: Scope, district: str) -> pl.DataFrame:
    """A district's rejected rows with file, sheet, row and message (raw values may be personal)."""
    if not scope.may_read_records(district):
        return pl.DataFrame()
    province = district[:2]
    return _cached(home, scope, province, "rejected", (district,), lambda: _read(home, province, REJECTED, [province, district]))  # type: ignore[return-value]


def clear_cache() -> None:
    """Forget every cached result (tests)."""
    with _CACHE_LOCK:
        _CACHE.clear()
