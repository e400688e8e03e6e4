"""Expansion plans of a province's fiscal year: who could mentor whom, proposing and saving a plan,
and pairs changed by hand under the same rules.

- Exemplars: the clubs the director selected for the year (`exemplars.decisions`).
- Networks in need: the province's other clubs that do not meet the standard that year.
- Within reach: an exemplar reaches the networks of its own district and of the districts that
  share a border with it (`warehouse.geo`). Without loaded boundaries no border is known, so
  only its own district is within reach.
- Only the province's director proposes plans and changes pairs. A pair set by hand must keep
  the rules a proposed pair keeps: an exemplar selected for the plan's year, a network in need
  that year, within reach, and no more mentees than the plan allows. The director chooses among
  valid pairs (and the page offers only those), so every pair of a plan can be defended by the
  same rule; a pair across non-adjacent districts is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

import polars as pl

from accounts.database import Store
from accounts.scope import Scope
from core.home import Home
from exemplars import Refused, decisions, plans
from exemplars.matching import Club, Match, matches, neighbours, propose
from warehouse import geo, queries
from warehouse.rules import load_rules

Key = tuple[str, str]  # (district code, club id)
KEY = ("district_code", "club_id")
CRITERIA = queries.CRITERIA
MAX_LIMIT = 10  # the most mentees per exemplar a plan may allow
YEAR_COLUMNS = ("district_code", "club_id", "name", "network_type", "meets_standard", *CRITERIA)
LOCATION_COLUMNS = ("lon", "lat", "located_by")
CHOICE_SCHEMA = {
    "exemplar_district": pl.String,
    "exemplar_club": pl.String,
    "exemplar_name": pl.String,
    "mentee_district": pl.String,
    "mentee_club": pl.String,
    "mentee_name": pl.String,
    "same_type": pl.Boolean,
    "helped": pl.Int64,
    "distance_km": pl.Float64,
    "mentor_club": pl.String,
}


class PlanError(Refused):
    """A plan or pair that was not made; `code` says why (not_allowed, no_plan, full, ...)."""


class Proposal(NamedTuple):
    """A plan just proposed and saved."""

    plan_id: int
    pairs: tuple[Match, ...]


@dataclass(frozen=True)
class ProvinceYear:
    """A province's fiscal year as a plan sees it."""

    province: str
    fiscal_year: int
    clubs: pl.DataFrame  # every club of the year: YEAR_COLUMNS, lon, lat, located_by
    exemplars: tuple[Club, ...]  # selected for the year, by key
    networks: tuple[Club, ...]  # in need, by key
    adjacency: tuple[tuple[str, str], ...]  # districts of the province sharing a border
    boundaries: bool  # whether the province's districts are loaded (else no border is known)

    @cached_property
    def rows(self) -> dict[Key, dict[str, object]]:
        """Each club's row of `clubs`, by key."""
        return {_key(r): r for r in self.clubs.iter_rows(named=True)}

    @cached_property
    def near(self) -> dict[str, set[str]]:
        """Each district's neighbours within the province."""
        return neighbours(self.adjacency)

    def options(self, exemplar: Club) -> list[Match]:
        """The networks in need this exemplar may mentor, best first."""
        return matches(exemplar, self.networks, self.near)

    def reaching(self, network: Club) -> list[Club]:
        """The exemplars that have this network within reach."""
        return [
            e
            for e in self.exemplars
            if e.district == network.district or network.district in self.near.get(e.district, ())
        ]


def default_limit() -> int:
    """How many networks an exemplar mentors at most, by default (the rules file's setting)."""
    return int(load_rules().expansion["max_mentees"])


def province_year(
    store: Store, home: Home, scope: Scope, province: str | None, fiscal_year: object
) -> ProvinceYear | None:
    """The year's exemplars and networks in need, located (None: nothing the user may read)."""
    chosen = queries.chosen_province(home, scope, province)
    if chosen is None or not is_year(fiscal_year):
        return None
    scores = queries.club_scores(home, scope, chosen)
    year = scores.filter(pl.col("fiscal_year") == fiscal_year) if not scores.is_empty() else scores
    if year.is_empty():
        return None
    places = queries.club_locations(home, scope, chosen).select(*KEY, *LOCATION_COLUMNS)
    clubs = year.select(YEAR_COLUMNS).join(places, on=KEY, how="left").sort(KEY)
    selected = decisions.selected_exemplars(store, home, scope, chosen, fiscal_year)  # type: ignore[arg-type]
    chosen_keys = set(zip(selected["district_code"], selected["club_id"], strict=True))
    rows = list(clubs.iter_rows(named=True))
    adjacency, boundaries = borders(home, chosen)
    return ProvinceYear(
        province=chosen,
        fiscal_year=fiscal_year,  # type: ignore[arg-type]
        clubs=clubs,
        exemplars=tuple(club_of(r) for r in rows if _key(r) in chosen_keys),
        networks=tuple(
            club_of(r) for r in rows if not r["meets_standard"] and _key(r) not in chosen_keys
        ),
        adjacency=adjacency,
        boundaries=boundaries,
    )


def borders(home: Home, province: str) -> tuple[tuple[tuple[str, str], ...], bool]:
    """Pairs of the province's districts sharing a border, and whether its districts are loaded."""
    inside = pl.col("code_a").str.starts_with(province) & pl.col("code_b").str.starts_with(province)
    pairs = geo.district_adjacency(home).filter(inside)
    loaded = geo.district_points(home)["code"].str.starts_with(province).any()
    return tuple(pairs.select("code_a", "code_b").iter_rows()), bool(loaded)


def club_of(row: dict[str, object]) -> Club:
    """A club of the year's frame as the matching sees it."""
    return Club(
        district=str(row["district_code"]),
        club_id=str(row["club_id"]),
        network_type=str(row["network_type"]),
        lon=row.get("lon"),  # type: ignore[arg-type]
        lat=row.get("lat"),  # type: ignore[arg-type]
        passed=frozenset(c for c in CRITERIA if row[c]),
        failed=frozenset(c for c in CRITERIA if row[c] is False),
    )


def propose_plan(
    store: Store,
    home: Home,
    scope: Scope,
    province: str | None,
    fiscal_year: object,
    max_mentees: object,
    *,
    now: float,
    ip: str | None = None,
) -> Proposal:
    """Propose the best plan for the year and save it as the province's newest.

    Earlier plans of the year stay in the store; the newest is the one shown.
    """
    year = _changeable(store, home, scope, province, fiscal_year)
    if not isinstance(max_mentees, int) or isinstance(max_mentees, bool):
        raise PlanError("bad_limit")
    if not 1 <= max_mentees <= MAX_LIMIT:
        raise PlanError("bad_limit")
    if not year.exemplars:
        raise PlanError("no_exemplars")
    try:
        chosen = propose(year.exemplars, year.networks, year.adjacency, max_mentees)
    except ValueError as error:  # more pairs than one exact assignment can weigh
        raise PlanError("too_large") from error
    plan_id = plans.save_plan(
        store, scope, year.province, year.fiscal_year, max_mentees, chosen, now, ip
    )
    return Proposal(plan_id, tuple(chosen))


def pair_by_hand(
    store: Store,
    home: Home,
    scope: Scope,
    province: str | None,
    fiscal_year: object,
    exemplar: Key,
    mentee: Key,
    *,
    now: float,
    ip: str | None = None,
) -> Match:
    """Pair a network in need with an exemplar in the newest plan (moving it from another)."""
    year = _changeable(store, home, scope, province, fiscal_year)
    plan = plans.latest_plan(store, scope, year.province, year.fiscal_year)
    if plan is None:
        raise PlanError("no_plan")
    found = {e.key: e for e in year.exemplars}.get(exemplar)
    if found is None:
        raise PlanError("not_exemplar")
    network = {n.key: n for n in year.networks}.get(mentee)
    if network is None:
        raise PlanError("not_in_need")
    options = matches(found, [network], year.near)
    if not options:
        raise PlanError("out_of_reach")
    try:
        plans.set_pair(store, scope, plan, exemplar, mentee, options[0].distance_km, now, ip)
    except plans.Full as error:
        raise PlanError("full") from error
    return options[0]


def remove_pair(
    store: Store,
    home: Home,
    scope: Scope,
    province: str | None,
    fiscal_year: object,
    mentee: Key,
    *,
    ip: str | None = None,
) -> None:
    """Take a network out of the newest plan of the year."""
    chosen = queries.chosen_province(home, scope, province)
    if chosen is None or not plans.may_change(scope, chosen) or not is_year(fiscal_year):
        raise PlanError("not_allowed")
    plan = plans.latest_plan(store, scope, chosen, fiscal_year)  # type: ignore[arg-type]
    if plan is None:
        raise PlanError("no_plan")
    if not plans.remove_pair(store, scope, plan, mentee, ip):
        raise PlanError("not_in_plan")


def choices(
    store: Store, home: Home, scope: Scope, province: str | None, fiscal_year: object
) -> pl.DataFrame:
    """What the director may pair by hand in the newest plan now, best first per exemplar.

    One row per (exemplar with room, network in need within its reach that it does not mentor
    yet): exemplar_district, exemplar_club, exemplar_name, mentee_district, mentee_club,
    mentee_name, same_type, helped (how many failed criteria the exemplar passes), distance_km,
    and mentor_club (the network's exemplar in the plan now, if any).
    """
    empty = pl.DataFrame(schema=CHOICE_SCHEMA)
    chosen = queries.chosen_province(home, scope, province)
    if chosen is None or not plans.may_change(scope, chosen):
        return empty
    year = province_year(store, home, scope, chosen, fiscal_year)
    plan = plans.latest_plan(store, scope, chosen, fiscal_year) if year else None  # type: ignore[arg-type]
    if year is None or plan is None:
        return empty
    mentor = {p.mentee: p.exemplar for p in plans.plan_pairs(store, scope, plan)}
    load: dict[Key, int] = {}
    for exemplar in mentor.values():
        load[exemplar] = load.get(exemplar, 0) + 1
    rows = [
        {
            "exemplar_district": m.exemplar.district,
            "exemplar_club": m.exemplar.club_id,
            "exemplar_name": year.rows[m.exemplar.key]["name"],
            "mentee_district": m.mentee.district,
            "mentee_club": m.mentee.club_id,
            "mentee_name": year.rows[m.mentee.key]["name"],
            "same_type": m.same_type,
            "helped": len(m.helped),
            "distance_km": m.distance_km,
            "mentor_club": mentor[m.mentee.key][1] if m.mentee.key in mentor else None,
        }
        for exemplar in year.exemplars
        if load.get(exemplar.key, 0) < plan.max_mentees
        for m in year.options(exemplar)
        if mentor.get(m.mentee.key) != exemplar.key
    ]
    return pl.DataFrame(rows, schema=CHOICE_SCHEMA)


def is_year(value: object) -> bool:
    """Whether a value can be a fiscal year at all."""
    return isinstance(value, int) and not isinstance(value, bool)


def _changeable(
    store: Store, home: Home, scope: Scope, province: str | None, fiscal_year: object
) -> ProvinceYear:
    """The year, if this user may change its plans (else PlanError)."""
    chosen = queries.chosen_province(home, scope, province)
    if chosen is None or not plans.may_change(scope, chosen):
        raise PlanError("not_allowed")
    year = province_year(store, home, scope, chosen, fiscal_year)
    if year is None:
        raise PlanError("no_data")
    return year


def _key(row: dict[str, object]) -> Key:
    return (str(row["district_code"]), str(row["club_id"]))
