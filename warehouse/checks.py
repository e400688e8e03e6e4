"""Checks before sign-off: cross-row and cross-year patterns a director looks at before approving.

Each check is one SQL model under `warehouse/models/checks/` returning the clubs it flags in a
fiscal year (district_code, club_id, fiscal_year, detail: the numbers behind it), with settings
from the rules file's `[checks]` table (versioned). They never block approval: the approval page
shows them, and an approver may mark a flagged club "checked: correct" (warehouse/approvals.py).
"""

from __future__ import annotations

import re

import duckdb
import polars as pl

from accounts.database import Store
from accounts.scope import Scope
from core.home import Home
from core.texts import N_
from warehouse import approvals, sql
from warehouse.queries.base import answer, chosen, read
from warehouse.rules import Rules, load_rules

# name (its model's file) -> what it flags, in words; the order they are shown in
CHECKS = {
    "members_changed": N_("Members changed by more than the set share from last year"),
    "identical_attendance": N_("The same attendance at every meeting"),
    "full_attendance": N_("Every member at every meeting (100 %)"),
    "same_day_meetings": N_("Two meetings on the same day"),
    "activities_over_members": N_("An activity with far more participants than members"),
    "meetings_without_members": N_("Meetings but no members"),
    "club_in_two_districts": N_("The same club in two districts"),
}
COLUMNS = {
    "check_name": pl.String,
    "district_code": pl.String,
    "club_id": pl.String,
    "fiscal_year": pl.Int32,
    "detail": pl.String,
}
PARAMETER = re.compile(r"\$([a-z_]+)")


def queries(rules: Rules, fiscal_year: int) -> list[tuple[str, str, dict[str, object]]]:
    """(name, SQL, its parameters) of every check for one fiscal year."""
    values: dict[str, object] = {"year": fiscal_year} | {
        k: v for k, v in rules.checks.items() if k != "version"
    }
    found = []
    for name in CHECKS:
        text = sql.text(f"checks/{name}")
        found.append((name, text, {p: values[p] for p in set(PARAMETER.findall(text))}))
    return found


def run(con: duckdb.DuckDBPyConnection, rules: Rules, fiscal_year: int) -> pl.DataFrame:
    """Every club the checks flag in the year, on an open warehouse version."""
    return _together(
        [sql.frame(con, text, params) for _n, text, params in queries(rules, fiscal_year)]
    )


def flagged(
    home: Home, scope: Scope, province: str | None, fiscal_year: int | None
) -> pl.DataFrame:
    """The clubs the checks flag in the province's year (empty when the user may not read it)."""
    found = chosen(home, scope, province)
    if found is None or not isinstance(fiscal_year, int):
        return pl.DataFrame(schema=COLUMNS)
    rules = load_rules(None)

    def compute() -> pl.DataFrame:
        return _together(
            [read(home, found, text, params) for _n, text, params in queries(rules, fiscal_year)]
        )

    version = str(rules.checks["version"])
    return answer(home, scope, found, "checks.flagged", (fiscal_year, version), compute)


def flagged_counts(
    home: Home, scope: Scope, province: str | None, fiscal_year: int | None
) -> dict[str, int]:
    """Per district: how many clubs the checks flag in the year."""
    frame = flagged(home, scope, province, fiscal_year)
    if frame.is_empty():
        return {}
    counted = frame.unique(["district_code", "club_id"]).group_by("district_code").len()
    return dict(counted.iter_rows())


def _together(frames: list[pl.DataFrame]) -> pl.DataFrame:
    parts = [
        frame.select(
            pl.lit(name).alias("check_name"),
            pl.col("district_code").cast(pl.String),
            pl.col("club_id").cast(pl.String),
            pl.col("fiscal_year").cast(pl.Int32),
            pl.col("detail").cast(pl.String),
        )
        for name, frame in zip(CHECKS, frames, strict=True)
        if not frame.is_empty()
    ]
    if not parts:
        return pl.DataFrame(schema=COLUMNS)
    return pl.concat(parts).sort("district_code", "club_id", "check_name", "detail")


def review(
    store: Store,
    home: Home,
    scope: Scope,
    district: str,
    fiscal_year: int,
    check_name: str,
    club_id: str,
    comment: str,
    *,
    at: float,
    ip: str | None = None,
) -> int:
    """Mark a club the check flags now "checked: correct" (approvals.review: who may, audited);
    raises approvals.ApprovalError("not_flagged") for a club the check does not flag."""
    found = flagged(home, scope, district[:2] if isinstance(district, str) else None, fiscal_year)
    match = found.filter(
        (pl.col("district_code") == district)
        & (pl.col("check_name") == check_name)
        & (pl.col("club_id") == club_id)
    )
    if match.is_empty():
        raise approvals.ApprovalError("not_flagged")
    return approvals.review(
        store, scope, district, fiscal_year, check_name, club_id, comment, at=at, ip=ip
    )
