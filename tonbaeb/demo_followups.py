"""The demo's targets and follow-ups, so the overview, the district page and the brief show them:
the director's targets for the last ended fiscal year and the one in progress (the province and
two districts), and support actions recorded for a few of the demo district's failing clubs.
Done once (a home that has any target keeps what it has)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.home import Home

TARGETS = (0.80, 0.85)  # the province's target of the last ended year, and of the year after
KINDS = ("visit", "training", "visit")  # the actions recorded, one per failing club
NOTES = (
    "ลงพื้นที่พบประธานชมรม ทบทวนการจัดประชุมให้ครบ 3 ครั้ง",
    "อบรมการทำบัญชีและการเขียนแผนกิจกรรมร่วมกับภาคี",
    "ติดตามการแต่งตั้งคณะกรรมการชุดใหม่",
)


def plant(
    home: Home, province: str, district: str, last_fy: int, director: str, today: date
) -> bool:
    """Set the demo's targets and record its follow-ups (once); False if done before."""
    import polars as pl

    from accounts.scope import Scope
    from accounts.store import open_store
    from exemplars import followups
    from warehouse import queries

    scope = Scope(director, "director", province)
    store = open_store(home)
    try:
        if not followups.targets(store, home, scope, province).is_empty():
            return False
        at = datetime.combine(today, time(9)).timestamp()
        for year, target in zip((last_fy, last_fy + 1), TARGETS, strict=True):
            followups.set_target(store, scope, province, year, target, at=at)
        districts = sorted(queries.district_year(home, scope, province, last_fy)["district_code"])
        for code in districts[:2]:
            followups.set_target(store, scope, province, last_fy + 1, 0.75, code, at=at)
        scores = queries.club_scores(home, scope, province)
        failing = scores.filter(
            (pl.col("district_code") == district)
            & (pl.col("fiscal_year") == last_fy)
            & ~pl.col("meets_standard")
        ).sort("club_id")
        for n, row in enumerate(failing.head(len(KINDS)).iter_rows(named=True)):
            followups.record(
                store, home, scope, district, row["club_id"], last_fy, KINDS[n],
                today - timedelta(days=7 * (n + 1)), NOTES[n], at=at,
            )  # fmt: skip
    finally:
        store.close()
    return True
