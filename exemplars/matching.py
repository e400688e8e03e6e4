"""Which neighbouring networks each selected exemplar should mentor: a pure computation.

A network in need (a club that does not meet the standard in the plan's fiscal year) can be
mentored by an exemplar of its own district or of an adjacent one. Each exemplar mentors at
most `max_mentees` networks. Among the plans that respect those limits, the chosen one is,
in this order of importance:

1. the one that covers the most networks in need;
2. then pairs the most networks with an exemplar of their own network type;
3. then covers the most failed criteria (a mentee's failed criteria that its exemplar passes);
4. then has the shortest total distance.

That is an assignment problem (exemplar slots × networks); it is solved exactly with one
integer cost per pair whose tiers cannot trade against each other.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

EARTH_RADIUS_KM = 6371.0088
MAX_EXACT = 2**53  # integers a float64 cost matrix holds exactly


@dataclass(frozen=True)
class Club:
    """A club as the plan sees it: where it is, its type and the criteria it passes or fails."""

    district: str
    club_id: str
    network_type: str
    lon: float | None
    lat: float | None
    passed: frozenset[str] = frozenset()
    failed: frozenset[str] = frozenset()

    @property
    def key(self) -> tuple[str, str]:
        """(district, club id): a club's identity within its province."""
        return (self.district, self.club_id)


@dataclass(frozen=True)
class Match:
    """One possible exemplar → network pair and why it ranks where it does."""

    exemplar: Club
    mentee: Club
    same_type: bool
    helped: tuple[str, ...]  # the mentee's failed criteria that the exemplar passes
    distance_km: float | None

    @property
    def rank_key(self) -> tuple[int, int, float, str, str]:
        """Sort key: same network type first, then more criteria helped, then nearer."""
        far = math.inf if self.distance_km is None else self.distance_km
        return (not self.same_type, -len(self.helped), far, *self.mentee.key)


def distance_km(a: Club, b: Club) -> float | None:
    """Great-circle distance between two clubs, or None when either has no location."""
    if None in (a.lon, a.lat, b.lon, b.lat):
        return None
    lon1, lat1, lon2, lat2 = map(math.radians, (a.lon, a.lat, b.lon, b.lat))  # type: ignore[arg-type]
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def neighbours(adjacency: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    """Each district's adjacent districts, from pairs in either order."""
    found: dict[str, set[str]] = {}
    for a, b in adjacency:
        found.setdefault(a, set()).add(b)
        found.setdefault(b, set()).add(a)
    return found


def matches(exemplar: Club, networks: Iterable[Club], near: dict[str, set[str]]) -> list[Match]:
    """The networks this exemplar may mentor (same or adjacent district), best first."""
    reach = {exemplar.district} | near.get(exemplar.district, set())
    found = [
        Match(
            exemplar=exemplar,
            mentee=network,
            same_type=network.network_type == exemplar.network_type,
            helped=tuple(sorted(network.failed & exemplar.passed)),
            distance_km=distance_km(exemplar, network),
        )
        for network in networks
        if network.district in reach and network.key != exemplar.key
    ]
    return sorted(found, key=lambda m: m.rank_key)


def propose(
    exemplars: Sequence[Club],
    networks: Sequence[Club],
    adjacency: Iterable[tuple[str, str]],
    max_mentees: int,
) -> list[Match]:
    """The best plan (see the module docstring), as pairs sorted by exemplar then rank."""
    near = neighbours(adjacency)
    chosen_exemplars = sorted({e.key: e for e in exemplars}.values(), key=lambda e: e.key)
    exemplar_keys = {e.key for e in chosen_exemplars}
    in_need = sorted(
        {n.key: n for n in networks if n.key not in exemplar_keys}.values(), key=lambda n: n.key
    )
    options = {e.key: matches(e, in_need, near) for e in chosen_exemplars}
    if max_mentees < 1 or not any(options.values()):
        return []
    column = {n.key: j for j, n in enumerate(in_need)}
    slots = [e for e in chosen_exemplars for _ in range(max_mentees)]
    cost = _costs(slots, options, column, len(in_need))
    rows, cols = linear_sum_assignment(cost)
    by_pair = {(m.exemplar.key, m.mentee.key): m for found in options.values() for m in found}
    plan = [
        by_pair[(slots[r].key, in_need[c].key)]
        for r, c in zip(rows, cols, strict=True)
        if cost[r, c] < 0
    ]
    return sorted(plan, key=lambda m: (m.exemplar.key, m.rank_key))


def _costs(
    slots: list[Club],
    options: dict[tuple[str, str], list[Match]],
    column: dict[tuple[str, str], int],
    width: int,
) -> np.ndarray:
    """Integer costs per (slot, network): negative for a possible pair, 0 where impossible.

    Tiers, each unit worth more than any total of the tiers below it over a whole plan:
    a covered network; a same-type pair; a criterion helped; a kilometre saved.
    """
    pairs = min(len(slots), width)
    kms = [
        round(m.distance_km)
        for found in options.values()
        for m in found
        if m.distance_km is not None
    ]
    far = max(kms, default=0) + 1  # an unknown distance counts as the farthest
    criteria = 1 + max((len(m.helped) for found in options.values() for m in found), default=0)
    km_unit = 1
    criterion_unit = pairs * far * km_unit + 1
    type_unit = pairs * criteria * criterion_unit + 1
    cover_unit = pairs * (type_unit + criteria * criterion_unit + far) + 1
    if pairs * cover_unit >= MAX_EXACT:
        raise ValueError("too many pairs to plan exactly at once")
    cost = np.zeros((len(slots), width))
    for r, slot in enumerate(slots):
        for m in options[slot.key]:
            km = far if m.distance_km is None else round(m.distance_km)
            cost[r, column[m.mentee.key]] = (
                -cover_unit
                + (0 if m.same_type else type_unit)
                + (criteria - 1 - len(m.helped)) * criterion_unit
                + km * km_unit
            )
    return cost
