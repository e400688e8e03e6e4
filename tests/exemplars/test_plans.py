"""Expansion plans in the real application-state store: who may change them, capacity, audit."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from accounts import audit
from accounts.audit import read as audit_entries
from accounts.database import Store
from accounts.scope import Scope
from accounts.store import open_store
from core.home import Home
from exemplars.matching import Club, propose
from exemplars.plans import (
    NotAllowed,
    latest_plan,
    may_change,
    plan_pairs,
    remove_pair,
    save_plan,
    set_pair,
)

DIRECTOR = Scope("director62", "director", "62")
OFFICER = Scope("officer6205", "officer", "62", "6205")
OTHER_DIRECTOR = Scope("director10", "director", "10")
NATIONAL = Scope("national", "national", None)


@pytest.fixture
def store(home: Home) -> Iterator[Store]:
    con = open_store(home)
    yield con
    con.close()


def proposed() -> list:
    exemplar = Club("6205", "6205-001", "cdv_club", 99.70, 16.20, passed=frozenset({"meetings"}))
    networks = [
        Club(
            "6205",
            f"6205-00{n}",
            "cdv_club",
            99.70 + n / 100,
            16.20,
            failed=frozenset({"meetings"}),
        )
        for n in (2, 3, 4, 5)
    ]
    return propose([exemplar], networks, [], max_mentees=3)


def test_only_the_provinces_director_may_make_or_change_plans(store: Store) -> None:
    assert may_change(DIRECTOR, "62")
    for scope in (OFFICER, OTHER_DIRECTOR, NATIONAL):
        assert not may_change(scope, "62")
        with pytest.raises(NotAllowed):
            save_plan(store, scope, "62", 2568, 3, proposed(), now=1.0)
    assert store.execute("select count(*) from expansion_plans").fetchone()[0] == 0


def test_a_saved_plan_reads_back_for_those_who_may_read_the_province(
    store: Store,
) -> None:
    plan_id = save_plan(store, DIRECTOR, "62", 2568, 3, proposed(), now=10.0)
    plan = latest_plan(store, OFFICER, "62", 2568)
    assert plan is not None and plan.plan_id == plan_id and plan.max_mentees == 3
    pairs = plan_pairs(store, OFFICER, plan)
    assert [p.mentee[1] for p in pairs] == ["6205-002", "6205-003", "6205-004"]
    assert {p.origin for p in pairs} == {"proposed"} and pairs[0].distance_km == pytest.approx(
        2.14, abs=0.01
    )
    assert latest_plan(store, OTHER_DIRECTOR, "62", 2568) is None
    assert plan_pairs(store, OTHER_DIRECTOR, plan) == []
    assert latest_plan(store, DIRECTOR, "62", 2567) is None


def test_hand_changes_respect_capacity_and_are_audited(store: Store) -> None:
    save_plan(store, DIRECTOR, "62", 2568, 3, proposed(), now=10.0)
    plan = latest_plan(store, DIRECTOR, "62", 2568)
    assert plan is not None
    exemplar = ("6205", "6205-001")
    with pytest.raises(NotAllowed, match="already mentors 3"):
        set_pair(store, DIRECTOR, plan, exemplar, ("6205", "6205-005"), 4.3, now=11.0)
    assert remove_pair(store, DIRECTOR, plan, ("6205", "6205-002"))
    assert not remove_pair(store, DIRECTOR, plan, ("6205", "6205-002"))
    set_pair(store, DIRECTOR, plan, exemplar, ("6205", "6205-005"), 4.3, now=12.0)
    set_pair(
        store, DIRECTOR, plan, exemplar, ("6205", "6205-005"), 4.3, now=13.0
    )  # the same pair again: still 3
    pairs = plan_pairs(store, DIRECTOR, plan)
    assert [(p.mentee[1], p.origin) for p in pairs] == [
        ("6205-003", "proposed"),
        ("6205-004", "proposed"),
        ("6205-005", "manual"),
    ]
    with pytest.raises(NotAllowed):
        remove_pair(store, OFFICER, plan, ("6205", "6205-003"))
    actions = [row["action"] for row in audit_entries(store, "62")]
    assert (
        actions.count("plan_set_pair") == 2
        and actions.count("plan_remove_pair") == 1
        and "plan_create" in actions
    )


def test_the_newest_plan_of_a_year_is_the_one_shown(store: Store) -> None:
    first = save_plan(store, DIRECTOR, "62", 2568, 3, proposed(), now=10.0)
    second = save_plan(store, DIRECTOR, "62", 2568, 2, proposed()[:2], now=20.0)
    plan = latest_plan(store, DIRECTOR, "62", 2568)
    assert plan is not None and plan.plan_id == second != first
    assert len(plan_pairs(store, DIRECTOR, plan)) == 2


def test_a_pair_is_not_removed_unless_its_audit_entry_is_written(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan_id = save_plan(store, DIRECTOR, "62", 2568, 3, proposed(), now=10.0)
    plan = latest_plan(store, DIRECTOR, "62", 2568)
    assert plan is not None and plan.plan_id == plan_id
    real_insert = audit.insert_entry

    def audit_down(*args: object) -> None:
        real_insert(*args)  # type: ignore[arg-type]
        raise RuntimeError("audit down")  # after the entry's insert: all of it must roll back

    monkeypatch.setattr(audit, "insert_entry", audit_down)
    with pytest.raises(RuntimeError, match="audit down"):
        remove_pair(store, DIRECTOR, plan, ("6205", "6205-002"))
    monkeypatch.undo()
    assert audit.verify(store) == (1, None)  # the plan's creation only
    assert "6205-002" in [p.mentee[1] for p in plan_pairs(store, DIRECTOR, plan)]
