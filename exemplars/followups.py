"""What a province does about its results: support actions for clubs that fail the standard, and
the director's targets for the share of clubs meeting it. Every statement this needs of the
application-state store is in this module (plain SQL; tables: accounts/store.py's last migration).

Follow-ups. A club that does not meet the standard in fiscal year y may be followed up: an
officer (their own district) or the province's director records an action (a visit, a training,
or mentoring by an exemplar of the province's expansion plan of y) with its date and a note. The
national role reads, never records; admin sees nothing. Each action is one row and one audit entry,
in one transaction, never edited. The director sees y's failing clubs with no action yet, and
y+1's result says whether a followed club then met the standard.

Targets. The province's director sets, per fiscal year, the share of clubs meeting the standard
the province aims at, and per district if they wish; a new target replaces the old one (audited,
with both values). Everyone who reads the province reads its targets.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from accounts import audit
from accounts.database import Store
from accounts.scope import Scope
from core.home import Home
from exemplars import Refused
from exemplars.plans import latest_plan, plan_pairs
from warehouse import queries

KINDS = ("visit", "training", "mentoring")
MAX_NOTE = 2000
ACTIONS = """
select id, province_code, district_code, club_id, fiscal_year, kind, done_on, mentor_district,
       mentor_club, note, username, role, at
from club_followups
where province_code = :province and fiscal_year = :year
order by district_code, club_id, done_on, id
"""
INSERT_ACTION = """
insert into club_followups (province_code, district_code, club_id, fiscal_year, kind, done_on,
                            mentor_district, mentor_club, note, username, role, at)
values (:province, :district, :club, :year, :kind, :done_on, :mentor_district, :mentor_club,
        :note, :username, :role, :at)
returning id
"""
TARGETS = """
select province_code, district_code, fiscal_year, target, username, at
from province_targets
where province_code = :province
order by fiscal_year, district_code
"""
OLD_TARGET = """
select target from province_targets
where province_code = :province and district_code = :district and fiscal_year = :year
"""
DROP_TARGET = """
delete from province_targets where province_code = :province and district_code = :district and fiscal_year = :year
"""
INSERT_TARGET = """
insert into province_targets (province_code, district_code, fiscal_year, target, username, at)
values (:province, :district, :year, :target, :username, :at)
"""
STAMP = """
select (select count(*) from club_followups where province_code = :province) as actions,
       (select count(*) from province_targets where province_code = :province) as targets,
       (select max(at) from province_targets where province_code = :province) as targets_at,
       (select count(*) from expansion_pairs p join expansion_plans x on x.id = p.plan_id
        where x.province_code = :province) as pairs
"""
WHOLE_PROVINCE = ""  # district_code of a province's own target
ACTION_COLUMNS = {
    "id": pl.Int64, "province_code": pl.String, "district_code": pl.String, "club_id": pl.String,
    "fiscal_year": pl.Int32, "kind": pl.String, "done_on": pl.String,
    "mentor_district": pl.String, "mentor_club": pl.String, "note": pl.String,
    "username": pl.String, "role": pl.String, "at": pl.Float64,
}  # fmt: skip
TARGET_COLUMNS = {
    "province_code": pl.String, "district_code": pl.String, "fiscal_year": pl.Int32,
    "target": pl.Float64, "username": pl.String, "at": pl.Float64,
}  # fmt: skip


class FollowupError(Refused):
    """An action or target that was not recorded; `code` says why."""


def stamp(store: Store, province: str | None) -> tuple[object, ...]:
    """A small value that changes whenever the province's actions, targets or plan pairs (the
    mentors offered) do; a page that shows them is kept under it."""
    if province is None:
        return ()
    row = store.execute(STAMP, {"province": province}).fetchone()
    assert row is not None
    return (row["actions"], row["targets"], row["targets_at"], row["pairs"])


def may_record(scope: Scope, district: str) -> bool:
    """Whether the user may record actions for the district's clubs (its officer, the director)."""
    if scope.role == "director":
        return scope.may_read_province(district[:2])
    return scope.role == "officer" and scope.district_code == district


def may_set_targets(scope: Scope, province: str) -> bool:
    """Whether the user may set the province's targets (its director only)."""
    return scope.role == "director" and scope.province_code == province


def mentors(store: Store, scope: Scope, province: str, fiscal_year: int) -> list[tuple[str, str]]:
    """The exemplars (district, club) of the province's latest expansion plan of the year."""
    plan = latest_plan(store, scope, province, fiscal_year)
    if plan is None:
        return []
    return sorted({pair.exemplar for pair in plan_pairs(store, scope, plan)})


def record(
    store: Store,
    home: Home,
    scope: Scope,
    district: str,
    club_id: str,
    fiscal_year: int,
    kind: str,
    done_on: date,
    note: str,
    mentor: tuple[str, str] | None = None,
    *,
    at: float,
    ip: str | None = None,
) -> int:
    """Record one support action for a club failing the standard in `fiscal_year`, and its audit
    entry; its id. Raises FollowupError when refused."""
    text = note.strip() if isinstance(note, str) else ""
    if kind not in KINDS:
        raise FollowupError("bad_kind")
    if not isinstance(done_on, date):
        raise FollowupError("bad_date")
    if len(text) > MAX_NOTE:
        raise FollowupError("note_too_long")
    if (
        not isinstance(district, str)
        or queries.readable_district(home, scope, district) is None
        or not may_record(scope, district)
    ):
        raise FollowupError("not_allowed")
    years = queries.club_years(home, scope, district, club_id)
    year = years.filter(pl.col("fiscal_year") == fiscal_year) if years.height else years
    if year.is_empty():
        raise FollowupError("unknown_club")
    if year["meets_standard"].item():
        raise FollowupError("meets_standard")
    if kind == "mentoring":
        if mentor is None or tuple(mentor) not in mentors(store, scope, district[:2], fiscal_year):
            raise FollowupError("not_a_mentor")
    else:
        mentor = None
    with store.transaction():
        action = int(
            store.execute(
                INSERT_ACTION,
                {
                    "province": district[:2],
                    "district": district,
                    "club": club_id,
                    "year": fiscal_year,
                    "kind": kind,
                    "done_on": done_on.isoformat(),
                    "mentor_district": mentor[0] if mentor else None,
                    "mentor_club": mentor[1] if mentor else None,
                    "note": text,
                    "username": scope.username,
                    "role": scope.role,
                    "at": at,
                },
            ).scalar()
        )
        audit.record(
            store,
            scope,
            "followup_record",
            f"{district}/{club_id} fy {fiscal_year} {kind} {done_on.isoformat()} action {action}",
            ip,
        )
    return action


def actions(
    store: Store,
    home: Home,
    scope: Scope,
    province: str | None,
    fiscal_year: int,
    district: str | None = None,
) -> pl.DataFrame:
    """The province's (or one district's) recorded actions of the year, oldest first per club;
    empty when the user may not read the province."""
    chosen = queries.chosen_province(home, scope, province)
    if chosen is None or not isinstance(fiscal_year, int):
        return pl.DataFrame(schema=ACTION_COLUMNS)
    rows = store.execute(ACTIONS, {"province": chosen, "year": fiscal_year}).fetchall()
    frame = pl.DataFrame([dict(r) for r in rows], schema=ACTION_COLUMNS, orient="row")
    return frame.filter(pl.col("district_code") == district) if district else frame


def without_action(
    store: Store,
    home: Home,
    scope: Scope,
    province: str | None,
    fiscal_year: int,
    district: str | None = None,
) -> pl.DataFrame:
    """The year's clubs failing the standard with no action recorded: district_code, club_id, name."""
    chosen = queries.chosen_province(home, scope, province)
    if chosen is None:
        return pl.DataFrame()
    scores = queries.club_scores(home, scope, chosen)
    if scores.is_empty():
        return scores
    failing = scores.filter((pl.col("fiscal_year") == fiscal_year) & ~pl.col("meets_standard"))
    if district:
        failing = failing.filter(pl.col("district_code") == district)
    done = actions(store, home, scope, chosen, fiscal_year, district).select(
        "district_code", "club_id"
    )
    return (
        failing.join(done.unique(), on=["district_code", "club_id"], how="anti")
        .select("district_code", "club_id", "name")
        .sort("district_code", "name", "club_id")
    )


def outcomes(
    store: Store,
    home: Home,
    scope: Scope,
    province: str | None,
    fiscal_year: int,
    district: str | None = None,
) -> pl.DataFrame:
    """Each club followed up in the year: district_code, club_id, name, actions (how many),
    kinds, met_next_year (its standard in y+1; null while y+1 has no result)."""
    done = actions(store, home, scope, province, fiscal_year, district)
    if done.is_empty():
        return pl.DataFrame()
    chosen = str(done["province_code"][0])
    scores = queries.club_scores(home, scope, chosen)
    named = scores.select("district_code", "club_id", "name").unique(["district_code", "club_id"])
    following = scores.filter(pl.col("fiscal_year") == fiscal_year + 1).select(
        "district_code", "club_id", pl.col("meets_standard").alias("met_next_year")
    )
    per_club = done.group_by("district_code", "club_id").agg(
        pl.len().alias("actions"), pl.col("kind").unique().sort().alias("kinds")
    )
    return (
        per_club.join(named, on=["district_code", "club_id"], how="left")
        .join(following, on=["district_code", "club_id"], how="left")
        .sort("district_code", "club_id")
    )


def set_target(
    store: Store,
    scope: Scope,
    province: str,
    fiscal_year: int,
    target: float,
    district: str | None = None,
    *,
    at: float,
    ip: str | None = None,
) -> None:
    """Set the share (0-1) of clubs meeting the standard the province (or one of its districts)
    aims at in a fiscal year, replacing any earlier one; audited with the old and new values."""
    if not isinstance(province, str) or not may_set_targets(scope, province):
        raise FollowupError("not_allowed")
    where = district or WHOLE_PROVINCE
    if where and (not isinstance(where, str) or len(where) != 4 or where[:2] != province):
        raise FollowupError("not_allowed")
    if not isinstance(target, int | float) or not 0 <= target <= 1:
        raise FollowupError("bad_target")
    if not isinstance(fiscal_year, int) or not 2400 <= fiscal_year <= 3000:
        raise FollowupError("bad_year")
    key = {"province": province, "district": where, "year": fiscal_year}
    with store.transaction():
        old = store.execute(OLD_TARGET, key).fetchone()
        store.execute(DROP_TARGET, key)
        store.execute(
            INSERT_TARGET, key | {"target": float(target), "username": scope.username, "at": at}
        )
        audit.record(
            store,
            scope,
            "target_set",
            f"{where or province} fy {fiscal_year} target {target:.3f}"
            + (f" (was {old['target']:.3f})" if old else ""),
            ip,
        )


def targets(store: Store, home: Home, scope: Scope, province: str | None) -> pl.DataFrame:
    """The province's targets: district_code ('' for the province), fiscal_year, target, by, at;
    empty when the user may not read the province."""
    chosen = queries.chosen_province(home, scope, province)
    if chosen is None:
        return pl.DataFrame(schema=TARGET_COLUMNS)
    rows = store.execute(TARGETS, {"province": chosen}).fetchall()
    return pl.DataFrame([dict(r) for r in rows], schema=TARGET_COLUMNS, orient="row")


def target_of(frame: pl.DataFrame, fiscal_year: int, district: str | None = None) -> float | None:
    """One target of a `targets` frame (the province's when `district` is None), or None."""
    if frame.is_empty():
        return None
    found = frame.filter(
        (pl.col("fiscal_year") == fiscal_year)
        & (pl.col("district_code") == (district or WHOLE_PROVINCE))
    )
    return float(found["target"][0]) if found.height else None
