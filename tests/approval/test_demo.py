"""The demo shows every sign-off state at once: approved, submitted, returned, overdue."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from accounts.store import open_store
from core.home import Home
from etl.pipeline import run
from etl.sources import read_sources
from tonbaeb import demo_approvals
from tonbaeb.generate import generate
from warehouse import approvals
from warehouse.rules import load_rules


def test_the_demo_has_districts_in_every_state(tmp_path: Path) -> None:
    today = date(2026, 12, 2)
    home = Home(tmp_path / "home")
    result = generate(
        tmp_path / "inbox", ["75"], [2568, 2569], fmt="csv", today=today, workers=1,
        clubs_per_district=(3, 4),
    )  # fmt: skip
    run(home, read_sources(result.sources), load_rules(None), today=today, workers=1)
    now = datetime(2026, 12, 2, 12)
    states = demo_approvals.sign_off(home, "75", 2569, now)
    assert states == {"7501": "submitted", "7502": "returned", "7503": "draft"}
    assert demo_approvals.sign_off(home, "75", 2569, now) == {}  # once
    store = open_store(home)
    table = approvals.statuses(store, home, "75", rules=load_rules(None), today=today)
    by = {(r["district_code"], r["fiscal_year"]): r for r in table.iter_rows(named=True)}
    assert {by[(d, 2568)]["state"] for d in ("7501", "7502", "7503")} == {"approved"}
    assert by[("7503", 2569)]["overdue"] and not by[("7501", 2569)]["overdue"]
    assert by[("7502", 2569)]["reason"] == demo_approvals.RETURNED
    store.close()
