"""Known answers for the expansion plan on small hand-built provinces.

Districts A, B, C, D of a made-up province: A–B and B–C share a border; D borders nobody.
Longitude 0.01° near the equator is about 1.1 km.
"""

from __future__ import annotations

import pytest

from exemplars.matching import Club, distance_km, matches, neighbours, propose

BORDERS = [("A", "B"), ("C", "B")]
CORE = frozenset({"committee", "rules", "meetings", "capacity", "problem_partner"})
STEPS = frozenset({"forum", "evaluation", "knowledge", "publicity"})


def exemplar(district: str, club: str, lon: float, kind: str = "cdv_club") -> Club:
    return Club(district, club, kind, lon, 0.0, passed=CORE | STEPS)


def network(
    district: str,
    club: str,
    lon: float | None,
    kind: str = "cdv_club",
    failed: set[str] | None = None,
) -> Club:
    failing = frozenset(failed or {"meetings"})
    return Club(
        district,
        club,
        kind,
        lon,
        None if lon is None else 0.0,
        passed=(CORE | STEPS) - failing,
        failed=failing,
    )


def pairs(plan: list) -> set[tuple[str, str]]:
    return {(m.exemplar.club_id, m.mentee.club_id) for m in plan}


def test_distance_is_great_circle_kilometres() -> None:
    one_degree = distance_km(exemplar("A", "e", 100.0), network("A", "n", 101.0))
    assert one_degree == pytest.approx(111.195, abs=0.01)
    assert distance_km(exemplar("A", "e", 100.0), network("A", "n", None)) is None
    bangkok = Club("10", "b", "cdv_club", 100.5018, 13.7563)
    chiang_mai = Club("50", "c", "cdv_club", 98.9853, 18.7883)
    assert distance_km(bangkok, chiang_mai) == pytest.approx(583.0, rel=0.01)


def test_reach_is_own_and_adjacent_districts_across_the_border_only() -> None:
    found = matches(
        exemplar("A", "e", 0.0),
        [
            network("A", "a1", 0.01),
            network("B", "b1", 0.02),
            network("C", "c1", 0.03),
            network("D", "d1", 0.001),
        ],
        neighbours(BORDERS),
    )
    assert [m.mentee.club_id for m in found] == [
        "a1",
        "b1",
    ]  # C is two borders away; D borders nobody


def test_capacity_binds_and_the_best_three_are_kept() -> None:
    in_need = [
        network("A", "far-same", 0.09),
        network("A", "near-other", 0.01, kind="women"),
        network("A", "near-same", 0.02),
        network("A", "mid-same-helps-two", 0.05, failed={"meetings", "capacity"}),
        network("A", "mid-same", 0.04),
    ]
    plan = propose([exemplar("A", "e", 0.0)], in_need, BORDERS, max_mentees=3)
    # Same type first (the nearest, of another type, waits); then more criteria helped; then nearer.
    assert [m.mentee.club_id for m in plan] == ["mid-same-helps-two", "near-same", "mid-same"]
    assert [len(m.helped) for m in plan] == [2, 1, 1]


def test_coverage_beats_the_greedy_choice() -> None:
    # e1 (A) and e2 (B) mentor one network each. n1 in A is nearest to e2, but only e2
    # reaches n3 in C: a greedy nearest-first plan leaves n3 out; the best plan covers both.
    e1, e2 = exemplar("A", "e1", 0.0), exemplar("B", "e2", 0.10)
    n1, n3 = network("A", "n1", 0.09), network("C", "n3", 0.50)
    plan = propose([e1, e2], [n1, n3], BORDERS, max_mentees=1)
    assert pairs(plan) == {("e1", "n1"), ("e2", "n3")}


def test_shortest_total_distance_among_plans_that_cover_as_many() -> None:
    e1, e2 = exemplar("A", "e1", 0.00), exemplar("A", "e2", 0.10)
    n1, n2 = network("A", "n1", 0.02), network("A", "n2", 0.08)
    plan = propose([e1, e2], [n1, n2], [], max_mentees=1)
    assert pairs(plan) == {("e1", "n1"), ("e2", "n2")}
    assert sum(m.distance_km for m in plan) == pytest.approx(
        distance_km(e1, n1) + distance_km(e2, n2)
    )


def test_same_type_is_preferred_over_distance_when_coverage_is_equal() -> None:
    e_women, e_otop = exemplar("A", "e-women", 0.0, "women"), exemplar("A", "e-otop", 0.5, "otop")
    n_women_near_otop = network("A", "n-women", 0.49, kind="women")
    n_otop_near_women = network("A", "n-otop", 0.01, kind="otop")
    plan = propose([e_women, e_otop], [n_women_near_otop, n_otop_near_women], [], max_mentees=1)
    assert pairs(plan) == {("e-women", "n-women"), ("e-otop", "n-otop")}
    assert all(m.same_type for m in plan)


def test_without_boundaries_only_the_same_district_is_reached() -> None:
    plan = propose(
        [exemplar("A", "e", 0.0)],
        [network("B", "b1", 0.01), network("A", "a1", 0.3)],
        [],
        max_mentees=3,
    )
    assert pairs(plan) == {("e", "a1")}


def test_unknown_locations_still_plan_but_rank_after_known_ones() -> None:
    plan = propose(
        [exemplar("A", "e", 0.0)],
        [network("A", "nowhere", None), network("A", "known", 0.2)],
        [],
        max_mentees=1,
    )
    assert pairs(plan) == {("e", "known")}
    plan = propose([exemplar("A", "e", 0.0)], [network("A", "nowhere", None)], [], max_mentees=1)
    assert pairs(plan) == {("e", "nowhere")} and plan[0].distance_km is None


def test_an_exemplar_is_never_its_own_or_anothers_mentee() -> None:
    e1, e2 = exemplar("A", "e1", 0.0), exemplar("A", "e2", 0.01)
    plan = propose([e1, e2], [e2, network("A", "n", 0.02)], [], max_mentees=2)
    assert pairs(plan) == {("e1", "n")} or pairs(plan) == {("e2", "n")}
    assert len(plan) == 1


def test_nothing_to_plan() -> None:
    assert propose([], [network("A", "n", 0.0)], BORDERS, 3) == []
    assert propose([exemplar("A", "e", 0.0)], [], BORDERS, 3) == []
    assert propose([exemplar("A", "e", 0.0)], [network("D", "n", 0.0)], BORDERS, 3) == []
    assert propose([exemplar("A", "e", 0.0)], [network("A", "n", 0.0)], BORDERS, 0) == []


def test_the_plan_is_the_same_whatever_the_input_order() -> None:
    exemplars = [exemplar("A", "e1", 0.0), exemplar("B", "e2", 0.2), exemplar("C", "e3", 0.4)]
    in_need = [
        network(d, f"{d}{n}", 0.05 * n + (0.2 if d == "B" else 0.4 if d == "C" else 0.0))
        for d in "ABC"
        for n in range(5)
    ]
    first = propose(exemplars, in_need, BORDERS, 2)
    again = propose(list(reversed(exemplars)), list(reversed(in_need)), list(reversed(BORDERS)), 2)
    assert [(m.exemplar.key, m.mentee.key) for m in first] == [
        (m.exemplar.key, m.mentee.key) for m in again
    ]
    assert len(first) == 6
