"""The demo shows every sign-off state at once: approved, submitted, returned, overdue, on any
day of the year (also in October, before the last year's due day)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from accounts.store import open_store
from core.home import Home
from etl.pipeline import run
from etl.sources import read_sources
from tonbaeb import demo_approvals
from tonbaeb.generate import generate
from warehouse import approvals
from warehouse.rules import load_rules


@pytest.mark.parametrize(
    ("today", "late_year"),
    [(date(2026, 12, 2), 2569), (date(2026, 10, 15), 2568)],
    ids=["after-the-due-day", "october"],
)
def test_the_demo_has_districts_in_every_state(tmp_path: Path, today: date, late_year: int) -> None:
    home = Home(tmp_path / "home")
    result = generate(
        tmp_path / "inbox", ["75"], [2568, 2569], fmt="csv", today=today, workers=1,
        clubs_per_district=(3, 4),
    )  # fmt: skip
    rules = load_rules(None)
    run(home, read_sources(result.sources), rules, today=today, workers=1)
    now = datetime(today.year, today.month, today.day, 12)
    states = demo_approvals.sign_off(home, "75", 2569, now, rules)
    assert states == {"7501": "submitted", "7502": "returned", "7503": "overdue"}
    assert demo_approvals.sign_off(home, "75", 2569, now, rules) == {}  # once
    store = open_store(home)
    table = approvals.statuses(store, home, "75", rules=rules, today=today)
    by = {(r["district_code"], r["fiscal_year"]): r for r in table.iter_rows(named=True)}
    assert {by[(d, 2568)]["state"] for d in ("7501", "7502")} == {"approved"}
    assert by[("7503", 2569)]["state"] == "draft"
    assert by[("7503", late_year)]["overdue"], (
        "the late district is overdue on the day the demo runs"
    )
    assert not by[("7501", 2569)]["overdue"]  # submitted
    assert by[("7502", 2569)]["reason"] == demo_approvals.RETURNED
    store.close()
