"""Expansion plans kept in the application-state store: who mentors whom, and every change.

A plan belongs to one province and fiscal year. Its pairs are either proposed by the
matching (`exemplars.matching.propose`) or set by hand by the province's director; each
change is written to the audit log. Anyone who may read the province's club scores may
read its plans; only its director may make or change them. Data reloads never touch plans.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from accounts import audit
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
    store: sqlite3.Connection,
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
    store.execute("begin immediate")
    try:
        plan_id = store.execute(
            "insert into expansion_plans (province_code, fiscal_year, max_mentees, created_by, created_at)"
            " values (?, ?, ?, ?, ?)",
            [province, fiscal_year, max_mentees, scope.username, now],
        ).lastrowid
        store.executemany(
            "insert into expansion_pairs (plan_id, exemplar_district, exemplar_club, mentee_district,"
            " mentee_club, distance_km, origin, added_by, added_at) values (?, ?, ?, ?, ?, ?, 'proposed', ?, ?)",
            [
                (plan_id, *m.exemplar.key, *m.mentee.key, m.distance_km, scope.username, now)
                for m in chosen
            ],
        )
        audit.record(
            store, scope, "plan_create", f"plan={plan_id} fy={fiscal_year} pairs={len(chosen)}", ip
        )
        store.execute("commit")
    except BaseException:
        store.execute("rollback")
        raise
    return int(plan_id)  # type: ignore[arg-type]


def latest_plan(
    store: sqlite3.Connection, scope: Scope, province: str, fiscal_year: int
) -> Plan | None:
    """The province's newest plan for the fiscal year, if the user may read it."""
    if not may_read(scope, province):
        return None
    row = store.execute(
        "select * from expansion_plans where province_code = ? and fiscal_year = ? order by id desc limit 1",
        [province, fiscal_year],
    ).fetchone()
    return _plan(row) if row else None


def plan_pairs(store: sqlite3.Connection, scope: Scope, plan: Plan) -> list[Pair]:
    """The plan's pairs, by exemplar then mentee (none if the user may not read the plan)."""
    if not may_read(scope, plan.province):
        return []
    rows = store.execute(
        "select * from expansion_pairs where plan_id = ?"
        " order by exemplar_district, exemplar_club, mentee_district, mentee_club",
        [plan.plan_id],
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
    store: sqlite3.Connection,
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
    store.execute("begin immediate")
    try:
        mentees = store.execute(
            "select count(*) from expansion_pairs where plan_id = ? and exemplar_district = ?"
            " and exemplar_club = ? and not (mentee_district = ? and mentee_club = ?)",
            [plan.plan_id, *exemplar, *mentee],
        ).fetchone()[0]
        if mentees >= plan.max_mentees:
            raise Full(f"exemplar {exemplar[1]} already mentors {plan.max_mentees} networks")
        store.execute(
            "insert or replace into expansion_pairs (plan_id, exemplar_district, exemplar_club,"
            " mentee_district, mentee_club, distance_km, origin, added_by, added_at)"
            " values (?, ?, ?, ?, ?, ?, 'manual', ?, ?)",
            [plan.plan_id, *exemplar, *mentee, distance_km, scope.username, now],
        )
        audit.record(
            store,
            scope,
            "plan_set_pair",
            f"plan={plan.plan_id} {'/'.join(exemplar)} -> {'/'.join(mentee)}",
            ip,
        )
        store.execute("commit")
    except BaseException:
        store.execute("rollback")
        raise


def remove_pair(
    store: sqlite3.Connection, scope: Scope, plan: Plan, mentee: Key, ip: str | None = None
) -> bool:
    """Take a mentee out of the plan; whether it was in it."""
    _check_change(scope, plan.province)
    store.execute("begin immediate")  # the pair goes with its audit entry, or neither does
    try:
        removed = store.execute(
            "delete from expansion_pairs where plan_id = ? and mentee_district = ? and mentee_club = ?",
            [plan.plan_id, *mentee],
        ).rowcount
        if removed:
            audit.record(
                store,
                scope,
                "plan_remove_pair",
                f"plan={plan.plan_id} mentee={'/'.join(mentee)}",
                ip,
            )
        store.execute("commit")
    except BaseException:
        store.execute("rollback")
        raise
    return bool(removed)


def _check_change(scope: Scope, province: str) -> None:
    if not may_change(scope, province):
        raise NotAllowed("only the province's director may make or change its expansion plans")


def _plan(row: sqlite3.Row) -> Plan:
    return Plan(
        row["id"],
        row["province_code"],
        row["fiscal_year"],
        row["max_mentees"],
        row["created_by"],
        row["created_at"],
    )
