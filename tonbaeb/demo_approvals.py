"""The demo's sign-off, so the approval page shows every state at once.

Every fiscal year before the last ended one is approved as history by the province's director.
Of the last ended year, every district is submitted by its officer and approved, except the last
three of the province's list: one submitted and waiting, one returned with a reason (the demo's
incomplete district), and one still draft, overdue once its due day has passed (the late one).
Done once: a province with any sign-off recorded is left as it is.
"""

from __future__ import annotations

from contextlib import closing
from datetime import datetime, timedelta

from accounts.scope import Scope
from accounts.store import open_store
from core.home import Home
from warehouse import approvals

RETURNED = "ข้อมูลกิจกรรมไม่ครบ โปรดตรวจสอบแถวที่ถูกปฏิเสธแล้วส่งใหม่"


def sign_off(home: Home, province: str, last_fy: int, now: datetime) -> dict[str, str]:
    """Record the demo's sign-off; each district's state in the last year ({} if done before)."""
    director = Scope(f"director{province}", "director", province)
    with closing(open_store(home)) as store:
        if not approvals.events(store, province).is_empty():
            return {}
        at = (now - timedelta(days=3)).timestamp()
        approvals.approve_history(store, home, director, province, last_fy, at=at)
        districts = sorted(
            row["district_code"]
            for row in approvals.statuses(store, home, province, last_fy).iter_rows(named=True)
        )
        waiting = districts[-3:-2]
        returned = districts[-2:-1]
        draft = districts[-1:]
        states = {}
        for district in districts:
            if district in draft:
                states[district] = "draft"
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
