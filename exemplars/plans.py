"""Expansion plans kept in the application-state store: who mentors whom, and every change.

A plan belongs to one province and fiscal year. Its pairs are either proposed by the
matching (`exemplars.matching.propose`) or set by hand by the province's director; each
change is written to the audit log. Anyone who may read the province's club scores may
read its plans; only its director may make or change them. Data reloads never touch plans.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import insert

from accounts import audit, tables
from accounts.database import Record, Store
from accounts.scope import Scope
from exemplars.matching import Match

Key = tuple[str, str]  # (district code, club id)


class NotAllowed(PermissionError):
    """The user may not do this to this plan; the message says why."""


class Full(NotAllowed):
    """The exemplar already mentors as many networks as the plan allows."""


@dataclass(frozen=True)
class Plan:
    """A plan's header."""

    plan_id: int
    province: str
    fiscal_year: int
    max_mentees: int
    created_by: str
    created_at: float


@dataclass(frozen=True)
class Pair:
    """One exemplar → mentee pair of a plan, and where it came from."""

    exemplar: Key
    mentee: Key
    distance_km: float | None
    origin: str  # proposed | manual
    added_by: str
    added_at: float


def may_read(scope: Scope, province: str) -> bool:
    """Whether the user may see the province's plans."""
    return scope.may_read_province(province)


def may_change(scope: Scope, province: str) -> bool:
    """Whether the user may make or change the province's plans (its director only)."""
    return scope.role == "director" and scope.may_read_province(province)


def save_plan(
    store: Store,
    scope: Scope,
    province: str,
    fiscal_year: int,
    max_mentees: int,
    pairs: Iterable[Match],
    now: float,
    ip: str | None = None,
) -> int:
    """A new plan holding the proposed pairs; returns its id."""
    _check_change(scope, province)
    chosen = list(pairs)
    with store.transaction():
        plan_id = int(
            store.execute(
                insert(tables.expansion_plans)
                .values(
                    province_code=province,
                    fiscal_year=fiscal_year,
                    max_mentees=max_mentees,
                    created_by=scope.username,
                    created_at=now,
                )
                .returning(tables.expansion_plans.c.id)
            ).scalar()
        )
        if chosen:
            store.execute(
                insert(tables.expansion_pairs),
                [
                    {
                        "plan_id": plan_id,
                        "exemplar_district": m.exemplar.key[0],
                        "exemplar_club": m.exemplar.key[1],
                        "mentee_district": m.mentee.key[0],
                        "mentee_club": m.mentee.key[1],
                        "distance_km": m.distance_km,
                        "origin": "proposed",
                        "added_by": scope.username,
                        "added_at": now,
                    }
                    for m in chosen
                ],
            )
        audit.record(
            store, scope, "plan_create", f"plan={plan_id} fy={fiscal_year} pairs={len(chosen)}", ip
        )
    return plan_id


def latest_plan(store: Store, scope: Scope, province: str, fiscal_year: int) -> Plan | None:
    """The province's newest plan for the fiscal year, if the user may read it."""
    if not may_read(scope, province):
        return None
    row = store.execute(
        "select * from expansion_plans where province_code = :province and fiscal_year = :year"
        " order by id desc limit 1",
        {"province": province, "year": fiscal_year},
    ).fetchone()
    return _plan(row) if row else None


def plan_pairs(store: Store, scope: Scope, plan: Plan) -> list[Pair]:
    """The plan's pairs, by exemplar then mentee (none if the user may not read the plan)."""
    if not may_read(scope, plan.province):
        return []
    rows = store.execute(
        "select * from expansion_pairs where plan_id = :plan"
        " order by exemplar_district, exemplar_club, mentee_district, mentee_club",
        {"plan": plan.plan_id},
    ).fetchall()
    return [
        Pair(
            (r["exemplar_district"], r["exemplar_club"]),
            (r["mentee_district"], r["mentee_club"]),
            r["distance_km"],
            r["origin"],
            r["added_by"],
            r["added_at"],
        )
        for r in rows
    ]


def set_pair(
    store: Store,
    scope: Scope,
    plan: Plan,
    exemplar: Key,
    mentee: Key,
    distance_km: float | None,
    now: float,
    ip: str | None = None,
) -> None:
    """Pair a mentee with an exemplar by hand (replacing the mentee's earlier exemplar).

    The caller checks that the exemplar is selected and the mentee in need; this checks the
    user and the exemplar's capacity.
    """
    _check_change(scope, plan.province)
    keys = {
        "plan": plan.plan_id,
        "exemplar_district": exemplar[0],
        "exemplar_club": exemplar[1],
        "mentee_district": mentee[0],
        "mentee_club": mentee[1],
    }
    with store.transaction():
        mentees = store.execute(
            "select count(*) from expansion_pairs where plan_id = :plan"
            " and exemplar_district = :exemplar_district and exemplar_club = :exemplar_club"
            " and not (mentee_district = :mentee_district and mentee_club = :mentee_club)",
            keys,
        ).scalar()
        if mentees >= plan.max_mentees:
            raise Full(f"exemplar {exemplar[1]} already mentors {plan.max_mentees} networks")
        store.execute(
            "insert into expansion_pairs (plan_id, exemplar_district, exemplar_club,"
            " mentee_district, mentee_club, distance_km, origin, added_by, added_at)"
            " values (:plan, :exemplar_district, :exemplar_club, :mentee_district, :mentee_club,"
            " :distance_km, 'manual', :by, :at)"
            " on conflict (plan_id, mentee_district, mentee_club) do update set"
            " exemplar_district = excluded.exemplar_district,"
            " exemplar_club = excluded.exemplar_club, distance_km = excluded.distance_km,"
            " origin = excluded.origin, added_by = excluded.added_by, added_at = excluded.added_at",
            keys | {"distance_km": distance_km, "by": scope.username, "at": now},
        )
        audit.record(
            store,
            scope,
            "plan_set_pair",
            f"plan={plan.plan_id} {'/'.join(exemplar)} -> {'/'.join(mentee)}",
            ip,
        )


def remove_pair(store: Store, scope: Scope, plan: Plan, mentee: Key, ip: str | None = None) -> bool:
    """Take a mentee out of the plan; whether it was in it."""
    _check_change(scope, plan.province)
    with store.transaction():  # the pair goes with its audit entry, or neither does
        removed = store.execute(
            "delete from expansion_pairs where plan_id = :plan and mentee_district = :district"
            " and mentee_club = :club",
            {"plan": plan.plan_id, "district": mentee[0], "club": mentee[1]},
        ).rowcount
        if removed:
            audit.record(
                store,
                scope,
                "plan_remove_pair",
                f"plan={plan.plan_id} mentee={'/'.join(mentee)}",
                ip,
            )
    return bool(removed)


def _check_change(scope: Scope, province: str) -> None:
    if not may_change(scope, province):
        raise NotAllowed("only the province's director may make or change its expansion plans")


def _plan(row: Record) -> Plan:
    return Plan(
        row["id"],
        row["province_code"],
        row["fiscal_year"],
        row["max_mentees"],
        row["created_by"],
        row["created_at"],
    )
