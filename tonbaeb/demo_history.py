"""The demo's year of submissions, so the data-quality page shows what it is for.

A fresh demo loads every fiscal year at once, today: every year would then be history (it
ended before the district's first load) and on time. The demo instead tells the story of
the last two years: each district sent the year before the last one soon after it ended (a
first load), then the last ended year; one district sent the last year two days after it
was due (late), and one sent a submission with too many rejected rows (incomplete).
The load history (load_batches) is re-dated accordingly, in a new published version, and
each district is judged again. Only the demo does this; real loads keep their real times.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from core import formats

if TYPE_CHECKING:
    import duckdb

    from core.home import Home
    from warehouse.rules import Rules

MARK = "demo-history-"  # batch ids of the earlier loads the demo adds
SENT_AFTER = 40  # days after a year ended that the districts sent it
LATE_BY = 2  # days after the due date that the late district sent the last year
INCOMPLETE_SHARE = (
    0.03  # share of invalid rows in the incomplete district (above max_rejected_share)
)
EARLIER = "select count(*) from load_batches where batch_id like 'demo-history-%'"


def last_ended_fy(today: date) -> int:
    """The last fiscal year (B.E.) that ended by `today` (a year ends on 30 September)."""
    return formats.fiscal_year_of(today) - 1


def default_years(today: date, count: int = 6) -> str:
    """The demo's fiscal years: `count` years up to the last ended one ('2564-2569')."""
    last = last_ended_fy(today)
    return f"{last - count + 1}-{last}"


def chosen(districts: list[str]) -> tuple[str | None, str | None]:
    """(late district, incomplete district): the last two of the province's list."""
    ordered = sorted(districts)
    if len(ordered) < 3:
        return (ordered[-1] if ordered else None), None
    return ordered[-1], ordered[-2]


def backdate(
    home: Home, province: str, last_fy: int, late: str | None, rules: Rules, today: date
) -> bool:
    """Re-date the province's load history as the demo's story (once); False if done before."""
    from etl.loading import side_files  # what a load publishes beside a version
    from warehouse import metrics
    from warehouse.connection import reading
    from warehouse.publish import new_version, province_lock

    with reading(home, province) as (con, _version):
        if con.execute(EARLIER).fetchone()[0]:  # type: ignore[index]
            return False
    due_days = int(rules.exemplar_settings["due_days"])
    ended = formats.fiscal_year_end(last_fy)
    on_time = min(ended + timedelta(days=SENT_AFTER), today)
    late_on = min(ended + timedelta(days=due_days + LATE_BY), today)
    before = formats.fiscal_year_end(last_fy - 1) + timedelta(days=SENT_AFTER)
    with province_lock(home, province), new_version(home, province, side_files(province)) as con:
        latest = con.execute(
            "select batch_id, district_code from load_batches where province_code = ? and status = 'loaded' "
            "qualify row_number() over (partition by district_code order by started_at desc) = 1",
            [province],
        ).fetchall()
        for batch, district in latest:
            sent = datetime.combine(late_on if district == late else on_time, time(10, 0))
            con.execute(
                "update load_batches set started_at = ?, finished_at = ? where batch_id = ?",
                [sent, sent + timedelta(minutes=1), batch],
            )
            _copy_batch(
                con, batch, f"{MARK}{district}", datetime.combine(before, time(10, 0)), last_fy - 1
            )
        districts = [district for _batch, district in latest]
        if districts:
            metrics.refresh_districts(con, province, districts, rules)
    return True


def _copy_batch(
    con: duckdb.DuckDBPyConnection, batch: str, earlier: str, at: datetime, latest_fy: int
) -> None:
    """An earlier loaded batch like `batch` (same file and counts) that carried years up to latest_fy."""
    con.execute(
        "insert into load_batches by name select * replace (? as batch_id, ?::timestamp as started_at, "
        "?::timestamp as finished_at, ?::integer as latest_fiscal_year) from load_batches where batch_id = ?",
        [earlier, at, at + timedelta(minutes=1), latest_fy, batch],
    )
    con.execute(
        "insert into load_sheets by name select * replace (? as batch_id) from load_sheets where batch_id = ?",
        [earlier, batch],
    )
