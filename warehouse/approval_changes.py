"""What changed in a district's fiscal year since it was approved: rows added, removed and changed
per sheet, and the clubs whose criteria or meets_standard changed.

The approved figures are the warehouse version recorded with the approval (warehouse/approvals.py);
published versions never change, so that file holds them for as long as retention keeps it
(warehouse/publish.py). When retention has removed it, `Changes.pruned` says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import duckdb
import polars as pl

from accounts.database import Store
from accounts.scope import Scope
from core.home import Home
from warehouse import approvals, sql
from warehouse.connection import READ_ONLY_CONFIG, hold
from warehouse.publish import current
from warehouse.queries.base import CRITERIA
from warehouse.rules import load_rules

# sheet -> (its key columns, whether it has a fiscal_year of its own)
SHEETS = {
    "clubs": (["club_id"], False),
    "members": (["club_id", "member_id"], False),
    "meetings": (["club_id", "meeting_id"], True),
    "attendance": (["club_id", "meeting_id", "member_id"], True),
    "activities": (["club_id", "activity_id"], True),
    "governance": (["club_id", "record_number"], False),
}
IGNORED = ("province_code", "district_code", "batch_id", "person_key")
ROWS = "select * from {table} where district_code = $district"
ATTENDANCE = """
select a.*, m.fiscal_year from attendance a
join meetings m using (district_code, club_id, meeting_id)
where a.district_code = $district
"""
STANDING = """
select club_id, {criteria}, meets_standard from club_year_compliance
where district_code = $district and fiscal_year = $year
"""


@dataclass(frozen=True)
class Changes:
    """Rows per sheet (added, removed, changed) and clubs whose standing changed."""

    approved_version: str
    current_version: str | None
    pruned: bool = False  # the approved version was removed by retention: nothing to compare
    sheets: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    clubs: list[tuple[str, list[str]]] = field(default_factory=list)  # club_id, what changed

    @property
    def any(self) -> bool:
        """Whether anything changed."""
        return bool(self.clubs) or any(sum(counts) for counts in self.sheets.values())


def since(home: Home, district: str, fiscal_year: int, approved_version: str) -> Changes:
    """The district's year now against the version it was approved at."""
    province = district[:2]
    now = current(home, province)
    path = home.tenant(province) / "versions" / f"{approved_version}.duckdb"
    if now is None:
        return Changes(approved_version, None)
    try:
        before = _read(path, district, fiscal_year)
    except FileNotFoundError:
        return Changes(approved_version, now.version, pruned=True)
    after = _read(now.path, district, fiscal_year)
    sheets = {
        sheet: _compare(before[sheet], after[sheet], keys) for sheet, (keys, _y) in SHEETS.items()
    }
    return Changes(
        approved_version, now.version, sheets=sheets, clubs=_standing(before["_"], after["_"])
    )


def reopened(
    store: Store, home: Home, scope: Scope, province: str | None, fiscal_year: int
) -> dict[str, Changes]:
    """Per district of the province approved once in the year and not approved now: what
    changed since (empty when the user may not read the province)."""
    table = approvals.statuses_for(
        store, home, scope, province, fiscal_year, load_rules(None), datetime.now()
    )
    found = {}
    for row in table.filter(pl.col("state") != "approved").iter_rows(named=True):
        version = approvals.approved_version(store, row["district_code"], fiscal_year)
        if version is not None:
            found[row["district_code"]] = since(home, row["district_code"], fiscal_year, version)
    return found


def _read(path: object, district: str, fiscal_year: int) -> dict[str, pl.DataFrame]:
    """The district's rows of the year (sheets with a year) or all of them, and its standing."""
    handle = hold(path)  # type: ignore[arg-type]
    try:
        con = duckdb.connect(str(path), read_only=True, config=READ_ONLY_CONFIG)
        try:
            found = {}
            for sheet, (_keys, yearly) in SHEETS.items():
                query = ATTENDANCE if sheet == "attendance" else ROWS.format(table=sheet)
                frame = sql.frame(con, query, {"district": district})
                if yearly:
                    frame = frame.filter(pl.col("fiscal_year") == fiscal_year)
                found[sheet] = frame
            standing = STANDING.format(criteria=", ".join(CRITERIA))
            found["_"] = sql.frame(con, standing, {"district": district, "year": fiscal_year})
            return found
        finally:
            con.close()
    finally:
        handle.close()


def _compare(before: pl.DataFrame, after: pl.DataFrame, keys: list[str]) -> tuple[int, int, int]:
    """(added, removed, changed) rows by key."""
    columns = [c for c in after.columns if c not in IGNORED and c in before.columns]
    old = before.select(columns)
    new = after.select([pl.col(c).cast(old.schema[c]) for c in columns])
    added = new.join(old, on=keys, how="anti").height
    removed = old.join(new, on=keys, how="anti").height
    kept_old = old.join(new.select(keys), on=keys, how="semi")
    kept_new = new.join(old.select(keys), on=keys, how="semi")
    changed = kept_new.join(kept_old, on=columns, how="anti", nulls_equal=True).height
    return added, removed, changed


def _standing(before: pl.DataFrame, after: pl.DataFrame) -> list[tuple[str, list[str]]]:
    """Clubs whose criteria or meets_standard differ (a club only in one of them: all of it)."""
    fields = [*CRITERIA, "meets_standard"]
    old = {r["club_id"]: r for r in before.iter_rows(named=True)}
    new = {r["club_id"]: r for r in after.iter_rows(named=True)}
    changed = []
    for club in sorted(set(old) | set(new)):
        a, b = old.get(club), new.get(club)
        if a is None or b is None:
            changed.append((club, ["meets_standard"]))
            continue
        differ = [f for f in fields if a[f] != b[f]]
        if differ:
            changed.append((club, differ))
    return changed
