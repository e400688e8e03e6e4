"""The demo's sign-off, so the approval page shows every state at once, whatever the day it runs.

Every fiscal year before the last ended one is approved as history by the province's director.
Of the last ended year, every district is submitted by its officer and approved, except the last
three of the province's list: one submitted and waiting, one returned with a reason (the demo's
incomplete district), and one still draft (the late one). The late district is overdue on any
day: until the last year's due day has passed (October and most of November), its year before is
left draft too, and that one is past its due day.
Done once: a province with any sign-off recorded is left as it is.
"""

from __future__ import annotations

from contextlib import closing
from datetime import datetime, timedelta

from accounts.database import Store
from accounts.scope import Scope
from accounts.store import open_store
from core.home import Home
from warehouse import approvals
from warehouse.rules import Rules

RETURNED = "ข้อมูลกิจกรรมไม่ครบ โปรดตรวจสอบแถวที่ถูกปฏิเสธแล้วส่งใหม่"


def sign_off(
    home: Home, province: str, last_fy: int, now: datetime, rules: Rules
) -> dict[str, str]:
    """Record the demo's sign-off; each district's state in the last year ({} if done before):
    the late district's is "overdue" (its overdue draft year is `overdue_year`'s)."""
    director = Scope(f"director{province}", "director", province)
    with closing(open_store(home)) as store:
        if not approvals.events(store, province).is_empty():
            return {}
        at = (now - timedelta(days=3)).timestamp()
        districts = sorted(
            row["district_code"]
            for row in approvals.statuses(store, home, province, last_fy).iter_rows(named=True)
        )
        waiting = districts[-3:-2]
        returned = districts[-2:-1]
        draft = districts[-1:]
        late_year = overdue_year(store, home, province, last_fy, now, rules)
        _approve_history(store, home, director, province, last_fy, draft, late_year, at)
        states = {}
        for district in districts:
            if district in draft:
                states[district] = "overdue"
                continue
            officer = Scope(f"officer{district}", "officer", province, district)
            approvals.transition(store, home, officer, "submit", district, last_fy, at=at + 60)
            if district in returned:
                approvals.transition(
                    store, home, director, "return", district, last_fy, RETURNED, at=at + 120
                )
                states[district] = "returned"
            elif district in waiting:
                states[district] = "submitted"
            else:
                approvals.transition(
                    store, home, director, "approve", district, last_fy, at=at + 180
                )
                states[district] = "approved"
    return states


def overdue_year(
    store: Store, home: Home, province: str, last_fy: int, now: datetime, rules: Rules
) -> int:
    """The late district's year left draft and overdue: the last one once its due day has passed
    on `now`, else the year before (when the province has one)."""
    years = approvals.statuses(store, home, province, rules=rules, today=now.date())
    last = years.filter(years["fiscal_year"] == last_fy)
    if last.is_empty() or bool(last["overdue"].all()):
        return last_fy
    return last_fy - 1 if (years["fiscal_year"] == last_fy - 1).any() else last_fy


def _approve_history(
    store: Store,
    home: Home,
    director: Scope,
    province: str,
    last_fy: int,
    late: list[str],
    late_year: int,
    at: float,
) -> None:
    """Approve every draft year before the last as history, but the late district's late year."""
    for row in approvals.statuses(store, home, province).iter_rows(named=True):
        district, year = row["district_code"], row["fiscal_year"]
        if year >= last_fy or (district in late and year == late_year):
            continue
        approvals.transition(
            store, home, director, "approve_history", district, year, at=at,
            history_before=last_fy,
        )  # fmt: skip
