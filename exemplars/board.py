"""What the exemplars page shows of the workflow: the year's candidates with their status, the
clubs a user may act on now (and how), and the history with each club's name."""

from __future__ import annotations

import polars as pl

from accounts.database import Store
from accounts.scope import Scope
from core.home import Home
from exemplars.decisions import (
    NEEDS_CANDIDATE,
    Status,
    allowed_actions,
    four_eyes,
    history,
    statuses,
)
from warehouse import queries


def candidates_with_status(
    store: Store,
    home: Home,
    scope: Scope,
    province: str | None,
    fiscal_year: int,
    district: str | None = None,
) -> pl.DataFrame:
    """The year's candidates ranked by exemplar score, each with its status (null: not proposed)."""
    ranked = queries.candidates(home, scope, province, fiscal_year, district)
    if ranked.is_empty():
        return ranked
    decided = statuses(store, home, scope, province, fiscal_year).select(
        "district_code", "club_id", "status"
    )
    return ranked.join(decided, on=["district_code", "club_id"], how="left")


def actionable(
    store: Store, home: Home, scope: Scope, province: str | None, fiscal_year: int
) -> pl.DataFrame:
    """Clubs of the year this user may act on now: district_code, club_id, name, status, actions."""
    schema: dict[str, pl.DataType | type[pl.DataType]] = {
        "district_code": pl.String,
        "club_id": pl.String,
        "name": pl.String,
        "status": pl.String,
        "actions": pl.List(pl.String),
    }
    if scope.role not in ("director", "officer"):
        return pl.DataFrame(schema=schema)
    year = queries.exemplar_year(home, scope, province, fiscal_year)
    if year.is_empty():
        return pl.DataFrame(schema=schema)
    decided = statuses(store, home, scope, province, fiscal_year)
    rows = []
    checked = four_eyes(home)
    joined = year.select("district_code", "club_id", "name", "candidate").join(
        decided, on=["district_code", "club_id"], how="left"
    )
    for row in joined.iter_rows(named=True):
        status = Status(row["status"], row["by"], row["proposer"])
        actions = [
            a
            for a in allowed_actions(scope, row["district_code"], status, checked)
            if row["candidate"] or a not in NEEDS_CANDIDATE
        ]
        if actions:
            rows.append(
                {k: row[k] for k in ("district_code", "club_id", "name", "status")}
                | {"actions": actions}
            )
    return pl.DataFrame(rows, schema=schema)


def history_with_names(
    store: Store, home: Home, scope: Scope, province: str | None, fiscal_year: int
) -> pl.DataFrame:
    """`history`, newest first, with each club's name."""
    found = history(store, home, scope, province, fiscal_year)
    if found.is_empty():
        return found
    names = queries.exemplar_year(home, scope, province, fiscal_year)
    if not names.is_empty():
        found = found.join(
            names.select("district_code", "club_id", "name"),
            on=["district_code", "club_id"],
            how="left",
        )
    return found.sort("id", descending=True)
