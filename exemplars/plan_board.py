"""What the plan page shows of a province's year: the newest plan's pairs with both clubs, why
each pair helps and how far apart they are, each mentee's outcome in the fiscal years after the
plan's, and the networks in need left uncovered with why."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from accounts.database import Store
from accounts.scope import Scope
from core.home import Home
from exemplars import plans
from exemplars.expansion import CRITERIA, KEY, Key, ProvinceYear, default_limit, province_year
from warehouse import queries

# Why a network in need has no exemplar in the plan.
OUT_OF_REACH = "out_of_reach"  # no selected exemplar in its district or a neighbouring one
FULL = "full"  # every exemplar within reach already mentors as many as the plan allows
ROOM = "room"  # an exemplar within reach has room (a pair was removed, or chosen since)
# Why a pair of a saved plan no longer holds in the data (shown beside it).
EXEMPLAR_NOT_SELECTED = "exemplar_not_selected"
MENTEE_NOT_IN_NEED = "mentee_not_in_need"
PAIR_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "exemplar_district": pl.String,
    "exemplar_club": pl.String,
    "exemplar_name": pl.String,
    "exemplar_type": pl.String,
    "exemplar_lon": pl.Float64,
    "exemplar_lat": pl.Float64,
    "mentee_district": pl.String,
    "mentee_club": pl.String,
    "mentee_name": pl.String,
    "mentee_type": pl.String,
    "mentee_lon": pl.Float64,
    "mentee_lat": pl.Float64,
    "mentee_located_by": pl.String,
    "same_type": pl.Boolean,
    "helped": pl.List(pl.String),
    "distance_km": pl.Float64,
    "origin": pl.String,
    "added_by": pl.String,
    "notes": pl.List(pl.String),
}
EXEMPLAR_SCHEMA = {
    "district_code": pl.String,
    "club_id": pl.String,
    "name": pl.String,
    "network_type": pl.String,
    "lon": pl.Float64,
    "lat": pl.Float64,
    "located_by": pl.String,
    "mentees": pl.Int64,
}
UNCOVERED_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "district_code": pl.String,
    "club_id": pl.String,
    "name": pl.String,
    "network_type": pl.String,
    "failed": pl.List(pl.String),
    "why": pl.String,
    "lon": pl.Float64,
    "lat": pl.Float64,
    "located_by": pl.String,
}


@dataclass(frozen=True)
class Board:
    """A province's year of expansion planning as one user sees it."""

    province: str
    fiscal_year: int
    plan: plans.Plan | None  # the newest plan of the year, if any
    limit: int  # the plan's mentees per exemplar (or the default, with no plan yet)
    may_change: bool  # the province's director
    boundaries: bool  # the province's districts are loaded (else only own districts in reach)
    exemplars: pl.DataFrame  # EXEMPLAR_SCHEMA: each selected exemplar and how many it mentors
    pairs: pl.DataFrame  # PAIR_SCHEMA, then meets_{year} per later year
    uncovered: pl.DataFrame  # UNCOVERED_SCHEMA (every network in need, with no plan)
    later_years: tuple[int, ...]  # fiscal years after the plan's with data
    in_need: int
    within_reach: int  # networks in need some exemplar has within reach

    @property
    def now_meeting(self) -> int:
        """Mentees meeting the standard in the latest later year (0 without one)."""
        if not self.later_years:
            return 0
        return int(self.pairs[f"meets_{self.later_years[-1]}"].fill_null(False).sum())


def board(
    store: Store, home: Home, scope: Scope, province: str | None, fiscal_year: object
) -> Board | None:
    """The year's plan as the page shows it (None when the user may read nothing of it)."""
    year = province_year(store, home, scope, province, fiscal_year)
    if year is None:
        return None
    plan = plans.latest_plan(store, scope, year.province, year.fiscal_year)
    stored = plans.plan_pairs(store, scope, plan) if plan else []
    limit = plan.max_mentees if plan else default_limit()
    later = _later(home, scope, year)
    pairs = _pairs(year, stored, later)
    mentees = {p.mentee for p in stored}
    load: dict[Key, int] = {}
    for pair in stored:
        load[pair.exemplar] = load.get(pair.exemplar, 0) + 1
    exemplars = pl.DataFrame(
        [
            {k: year.rows[e.key][k] for k in EXEMPLAR_SCHEMA if k != "mentees"}
            | {"mentees": load.get(e.key, 0)}
            for e in year.exemplars
        ],
        schema=EXEMPLAR_SCHEMA,
    )
    return Board(
        province=year.province,
        fiscal_year=year.fiscal_year,
        plan=plan,
        limit=limit,
        may_change=plans.may_change(scope, year.province),
        boundaries=year.boundaries,
        exemplars=exemplars,
        pairs=pairs,
        uncovered=_uncovered(year, mentees, load, limit),
        later_years=tuple(sorted(later)),
        in_need=len(year.networks),
        within_reach=sum(1 for n in year.networks if year.reaching(n)),
    )


def _later(home: Home, scope: Scope, year: ProvinceYear) -> dict[int, dict[Key, bool]]:
    """Per fiscal year after the plan's with data: each club's meets_standard."""
    scores = queries.club_scores(home, scope, year.province)
    after = scores.filter(pl.col("fiscal_year") > year.fiscal_year)
    found: dict[int, dict[Key, bool]] = {}
    for row in after.select("fiscal_year", *KEY, "meets_standard").iter_rows(named=True):
        key = (row["district_code"], row["club_id"])
        found.setdefault(row["fiscal_year"], {})[key] = row["meets_standard"]
    return found


def _pairs(
    year: ProvinceYear, stored: list[plans.Pair], later: dict[int, dict[Key, bool]]
) -> pl.DataFrame:
    """The stored pairs with both clubs as the year's data knows them, and the later outcomes."""
    clubs = year.rows
    selected = {e.key for e in year.exemplars}
    in_need = {n.key for n in year.networks}
    years = sorted(later)
    rows = []
    for pair in stored:
        exemplar, mentee = clubs.get(pair.exemplar, {}), clubs.get(pair.mentee, {})
        notes = [EXEMPLAR_NOT_SELECTED] if pair.exemplar not in selected else []
        notes += [MENTEE_NOT_IN_NEED] if pair.mentee not in in_need else []
        row = {
            "exemplar_district": pair.exemplar[0],
            "exemplar_club": pair.exemplar[1],
            "exemplar_name": exemplar.get("name"),
            "exemplar_type": exemplar.get("network_type"),
            "exemplar_lon": exemplar.get("lon"),
            "exemplar_lat": exemplar.get("lat"),
            "mentee_district": pair.mentee[0],
            "mentee_club": pair.mentee[1],
            "mentee_name": mentee.get("name"),
            "mentee_type": mentee.get("network_type"),
            "mentee_lon": mentee.get("lon"),
            "mentee_lat": mentee.get("lat"),
            "mentee_located_by": mentee.get("located_by"),
            "same_type": bool(exemplar and mentee)
            and exemplar["network_type"] == mentee["network_type"],
            "helped": [c for c in CRITERIA if exemplar.get(c) and mentee.get(c) is False],
            "distance_km": pair.distance_km,
            "origin": pair.origin,
            "added_by": pair.added_by,
            "notes": notes,
        }
        rows.append(row | {f"meets_{y}": later[y].get(pair.mentee) for y in years})
    schema = PAIR_SCHEMA | {f"meets_{y}": pl.Boolean for y in years}
    return pl.DataFrame(rows, schema=schema)


def _uncovered(
    year: ProvinceYear, mentees: set[Key], load: dict[Key, int], limit: int
) -> pl.DataFrame:
    """Networks in need without an exemplar in the plan, and why."""
    rows = []
    for network in year.networks:
        if network.key in mentees:
            continue
        reaching = year.reaching(network)
        if not reaching:
            why = OUT_OF_REACH
        elif all(load.get(e.key, 0) >= limit for e in reaching):
            why = FULL
        else:
            why = ROOM
        row = year.rows[network.key]
        rows.append(
            {
                "district_code": network.district,
                "club_id": network.club_id,
                "name": row["name"],
                "network_type": network.network_type,
                "failed": [c for c in CRITERIA if c in network.failed],
                "why": why,
                "lon": row["lon"],
                "lat": row["lat"],
                "located_by": row["located_by"],
            }
        )
    return pl.DataFrame(rows, schema=UNCOVERED_SCHEMA)
