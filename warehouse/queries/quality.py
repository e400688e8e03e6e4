"""Data quality of a province: batches, rows read / loaded / rejected, rejected rows, completeness.

Counts are province-level (any reader of the province); rejected rows carry raw
values that may be personal, so they are records (director, or the district's officer).
Whether a district's submission of a fiscal year is complete and on time is decided once,
at load time, in `district_year_submissions` (the same judgement exemplar candidacy uses).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import geothai
import polars as pl

from accounts.scope import Scope
from core import formats
from core.home import Home
from warehouse.publish import Published
from warehouse.queries.base import answer, chosen, district_of, read, readable
from warehouse.queries.exemplars import district_submissions
from warehouse.rules import load_rules

BATCHES = """
select district_code, batch_id, source, status, started_at, finished_at, rows_read, rows_loaded,
       rows_rejected, latest_fiscal_year, coalesce(channel, 'pulled') as channel, sent_by
from load_batches where province_code = ? order by started_at desc, district_code
"""
SHEETS = """
select b.district_code, s.sheet, s.rows_read, s.rows_loaded, s.rows_rejected
from load_sheets s join load_batches b on b.batch_id = s.batch_id
where b.province_code = ?
  and b.batch_id = (select arg_max(batch_id, started_at) from load_batches x
                    where x.district_code = b.district_code and x.status = 'loaded')
order by b.district_code, s.sheet
"""
BY_REASON = """
with per_district as (
    select district_code, reason_code, count(*) as rows from rejected_rows where province_code = ? group by all
)
select reason_code, sum(rows)::bigint as rows, count(*) as districts,
       first(district_code order by rows desc, district_code) as district_code
from per_district group by reason_code order by rows desc, reason_code
"""
REJECTED = """
select batch_id, district_code, source, sheet, row_number, column_name, raw_value, reason_code, message_th, message_en,
       root_sheet, root_row_number, root_column_name, root_reason_code
from rejected_rows where province_code = ? and district_code = ?
order by source, sheet, row_number, column_name
"""
# The load batches of a district that have rejected rows in the warehouse (its latest load, and any failures since).
REJECTED_BATCHES = """
select r.batch_id, count(*) as rows, any_value(b.started_at) as started_at, any_value(b.status) as status,
       any_value(b.source) as source, any_value(b.channel) as channel, any_value(b.sent_by) as sent_by
from rejected_rows r left join load_batches b on b.batch_id = r.batch_id
where r.province_code = ? and r.district_code = ?
group by r.batch_id order by started_at desc nulls last, r.batch_id
"""
BATCH_DISTRICT = (
    "select any_value(district_code) as district_code from load_batches "
    "where province_code = ? and batch_id = ?"
)
BATCH_REJECTED = """
select batch_id, district_code, source, sheet, row_number, column_name, raw_value, reason_code, message_th, message_en,
       root_sheet, root_row_number, root_column_name, root_reason_code
from rejected_rows where province_code = ? and district_code = ? and batch_id = ?
order by source, sheet, row_number, column_name
"""
# The district's latest batch sent through the app by this user (what the success message offers).
SENT_BATCH = """
select batch_id, status, rows_rejected from load_batches
where province_code = ? and district_code = ? and channel = 'uploaded' and sent_by = ?
order by started_at desc limit 1
"""
HELD = """
select district_code, started_at, source, status, message as cuts, rows_read
from load_batches b
where province_code = ? and status in ('held', 'locked')
  and started_at > coalesce((select max(started_at) from load_batches l
                             where l.district_code = b.district_code and l.status = 'loaded'),
                            timestamp '1900-01-01')
qualify row_number() over (partition by district_code order by started_at desc) = 1
order by started_at desc, district_code
"""
LAST_LOADS = """
select district_code,
       max(finished_at) filter (where status in ('loaded', 'unchanged')) as last_loaded,
       max(started_at) as last_attempt,
       arg_max(status, started_at) as last_status,
       count(*) as batches,
       (sum(rows_read) filter (where status = 'loaded'))::bigint as rows_read,
       (sum(rows_loaded) filter (where status = 'loaded'))::bigint as rows_loaded,
       (sum(rows_rejected) filter (where status = 'loaded'))::bigint as rows_rejected
from load_batches where province_code = ? group by district_code
"""


def _province_answer(
    home: Home,
    scope: Scope,
    found: Published | None,
    name: str,
    query: str,
    files: bool = False,
) -> pl.DataFrame:
    """One query about the province shown to the user (`chosen`), read from that version."""
    if found is None:
        return pl.DataFrame()

    def compute() -> pl.DataFrame:
        frame = read(home, found, query, [found.province])
        return file_names(frame) if files else frame

    return answer(home, scope, found, name, (), compute)


def batches(home: Home, scope: Scope, province: str | None) -> pl.DataFrame:
    """Every load batch of the province, newest first (counts, and how it came: pulled, or
    uploaded by whom)."""
    return _province_answer(
        home, scope, chosen(home, scope, province), "batches", BATCHES, files=True
    )


def sheets(home: Home, scope: Scope, province: str | None) -> pl.DataFrame:
    """Rows read, loaded and rejected per sheet in each district's latest loaded batch."""
    return _province_answer(home, scope, chosen(home, scope, province), "sheets", SHEETS)


def held(home: Home, scope: Scope, province: str | None) -> pl.DataFrame:
    """Each district's latest submission held by a guard, or locked because it would change an
    approved year, and not loaded since: when, its file, its status and why (the sheets it would
    cut, published → new; who approved the year and how to reopen it)."""
    return _province_answer(home, scope, chosen(home, scope, province), "held", HELD)


def rejected_by_reason(home: Home, scope: Scope, province: str | None) -> pl.DataFrame:
    """Rejected rows per reason: how many, in how many districts, and the district with the most."""
    return _province_answer(
        home, scope, chosen(home, scope, province), "rejected_by_reason", BY_REASON
    )


def rejected(home: Home, scope: Scope, district: str) -> pl.DataFrame:
    """A district's rejected rows with file, sheet, row, column, value and message (records)."""
    return _district_answer(home, scope, district, "rejected", REJECTED)


def rejected_batches(home: Home, scope: Scope, district: str) -> pl.DataFrame:
    """The district's load batches that have rejected rows: batch, rows, when, status, file (records)."""
    return _district_answer(home, scope, district, "rejected_batches", REJECTED_BATCHES)


def _district_answer(
    home: Home, scope: Scope, district: str, name: str, query: str
) -> pl.DataFrame:
    """One query about a district whose records the user may read, with its files' own names."""
    found = _records_district(home, scope, district)
    if found is None:
        return pl.DataFrame()
    code, published = found
    return answer(
        home,
        scope,
        published,
        name,
        (code,),
        lambda: file_names(read(home, published, query, [published.province, code])),
    )


def batch_rejected(home: Home, scope: Scope, batch_id: object) -> tuple[str | None, pl.DataFrame]:
    """One load batch's rejected rows and its district, if the batch is of a district whose
    records this user may read (the batch id is the browser's wish; the warehouse says whose it is)."""
    if not isinstance(batch_id, str) or not 0 < len(batch_id) <= 80 or not batch_id[:2].isdigit():
        return None, pl.DataFrame()
    published = readable(home, scope, batch_id[:2])
    if published is None:
        return None, pl.DataFrame()
    province = published.province
    owner = answer(
        home,
        scope,
        published,
        "batch_district",
        (batch_id,),
        lambda: read(home, published, BATCH_DISTRICT, [province, batch_id]),
    )
    district = owner["district_code"][0] if owner.height else None
    if district is None or not scope.may_read_records(district):
        return None, pl.DataFrame()
    frame = answer(
        home, scope, published, "batch_rejected", (batch_id,),
        lambda: file_names(read(home, published, BATCH_REJECTED, [province, district, batch_id])),
    )  # fmt: skip
    return district, frame


def sent_batch(home: Home, scope: Scope, district: str) -> dict[str, Any] | None:
    """The district's latest batch this user sent through the app (batch_id, status, rows_rejected), if any."""
    found = _records_district(home, scope, district)
    if found is None:
        return None
    code, published = found
    frame = answer(
        home,
        scope,
        published,
        "sent_batch",
        (code, scope.username),
        lambda: read(home, published, SENT_BATCH, [published.province, code, scope.username]),
    )
    return frame.row(0, named=True) if frame.height else None


def _records_district(home: Home, scope: Scope, district: object) -> tuple[str, Published] | None:
    """The district and its province's current version, if published and its records readable by this user."""
    found = district_of(home, scope, district)
    return found if found is not None and scope.may_read_records(found[0]) else None


def file_names(frame: pl.DataFrame) -> pl.DataFrame:
    """The `source` column as the file's own name: no server folder, no URL query (for pages and exports)."""
    if "source" not in frame.columns:
        return frame
    name = (
        pl.col("source")
        .str.replace(r"[?#].*$", "")
        .str.replace(r"[/\\]+$", "")
        .str.replace(r"^.*[/\\]", "")
    )
    return frame.with_columns(name.alias("source"))


def submissions(
    home: Home, scope: Scope, province: str | None, now: datetime, fiscal_year: int | None = None
) -> pl.DataFrame:
    """Every district of the province (DOPA list) in one fiscal year (default: the latest whose
    submission was due by `now`): received (sent after the year ended), complete, on time, days
    late and why, last loaded, rows."""
    found = chosen(home, scope, province)
    if found is None:
        return pl.DataFrame()
    loads = _province_answer(home, scope, found, "last_loads", LAST_LOADS)
    years = district_submissions(home, scope, found.province)
    expected = pl.DataFrame(
        {"district_code": [d.code for d in geothai.districts(found.province)]},
        schema={"district_code": pl.String},
    )
    year = fiscal_year if fiscal_year in due_years(years, now) else _year_due(years, now)
    if loads.is_empty() or year is None:
        return expected.with_columns(
            pl.lit(None, pl.Int32).alias("fiscal_year"),
            pl.lit(False).alias("received"),
            pl.lit(False).alias("complete"),
            pl.lit(False).alias("on_time"),
        )
    judged = years.filter(pl.col("fiscal_year") == year).select(
        "district_code",
        "complete",
        "on_time",
        "days_late",
        "reasons",
        "missing_sheets",
        "rejected_share",
        "due_on",
        "submitted_at",
        "history",
    )
    frame = expected.join(loads, on="district_code", how="full", coalesce=True)
    frame = frame.join(judged, on="district_code", how="left").sort("district_code")
    return frame.with_columns(
        pl.lit(year, pl.Int32).alias("fiscal_year"),
        # Received means this year's submission arrived (after the year ended), not any load ever.
        pl.col("submitted_at").is_not_null().alias("received"),
        pl.col("complete").fill_null(False),
        pl.col("on_time").fill_null(False),
    )


def due_years(years: pl.DataFrame, now: datetime) -> list[int]:
    """Fiscal years with submissions judged, up to the latest due by `now`, newest first."""
    latest = _year_due(years, now)
    if latest is None:
        return []
    return sorted({int(y) for y in years["fiscal_year"] if int(y) <= latest}, reverse=True)


def submission_years(home: Home, scope: Scope, province: str | None, now: datetime) -> pl.DataFrame:
    """Every district (DOPA list) × every fiscal year due by `now`: status, complete, on time, days
    late, rows rejected, due and sent dates. Status: complete (and on time), late, incomplete,
    not_received; history for a year due before the due rule existed (rules: due_from_fy)."""
    shown = chosen(home, scope, province)
    if shown is None:
        return pl.DataFrame()
    years = district_submissions(home, scope, shown.province)
    wanted = due_years(years, now)
    if not wanted:
        return pl.DataFrame()
    grid = pl.DataFrame(
        {"district_code": [d.code for d in geothai.districts(shown.province)]},
        schema={"district_code": pl.String},
    ).join(pl.DataFrame({"fiscal_year": wanted}, schema={"fiscal_year": pl.Int32}), how="cross")
    judged = years.select(
        "district_code",
        pl.col("fiscal_year").cast(pl.Int32),
        "complete",
        "on_time",
        "history",
        "days_late",
        "rows_rejected",
        "rows_read",
        "submitted_at",
        "due_on",
        "reasons",
        "missing_sheets",
        "rejected_share",
    )
    frame = grid.join(
        judged.drop("rows_rejected", "rows_read"), on=["district_code", "fiscal_year"], how="left"
    )
    frame = _rejected_by_submission(frame, batches(home, scope, shown.province))
    received = pl.col("submitted_at").is_not_null()
    status = (
        pl.when(~received)
        .then(pl.lit("not_received"))
        .when(~pl.col("complete"))
        .then(pl.lit("incomplete"))
        .when(~pl.col("on_time"))
        .then(pl.lit("late"))
        .when(pl.col("history"))
        .then(pl.lit("history"))
        .otherwise(pl.lit("complete"))
    )
    return frame.with_columns(received.alias("received"), status.alias("status")).sort(
        "district_code", "fiscal_year"
    )


def _rejected_by_submission(frame: pl.DataFrame, loads: pl.DataFrame) -> pl.DataFrame:
    """Each district-year's rows read and rejected are those of the load that submitted it, shown
    in the newest year that load submitted; an earlier year it brought too has `same_load_as`
    that year instead (one load's count is never repeated in every year)."""
    loaded = (
        loads.filter(pl.col("status") == "loaded").select(
            "district_code",
            pl.col("finished_at").alias("submitted_at"),
            pl.col("rows_read").alias("load_read"),
            pl.col("rows_rejected").alias("load_rejected"),
        )
        if loads.height
        else pl.DataFrame(
            schema={
                "district_code": pl.String,
                "submitted_at": pl.Datetime,
                "load_read": pl.Int64,
                "load_rejected": pl.Int64,
            }
        )
    )
    frame = frame.join(
        loaded.unique(["district_code", "submitted_at"]),
        on=["district_code", "submitted_at"],
        how="left",
    )
    newest = pl.col("fiscal_year").max().over("district_code", "submitted_at")
    mine = pl.col("submitted_at").is_not_null() & (pl.col("fiscal_year") == newest)
    earlier = pl.col("submitted_at").is_not_null() & (pl.col("fiscal_year") != newest)
    return frame.with_columns(
        pl.when(mine).then(pl.col("load_read")).alias("rows_read"),
        pl.when(mine).then(pl.col("load_rejected")).alias("rows_rejected"),
        pl.when(earlier).then(newest).cast(pl.Int32).alias("same_load_as"),
    ).drop("load_read", "load_rejected")


def _year_due(years: pl.DataFrame, now: datetime) -> int | None:
    """The latest fiscal year whose submission was due by `now` (due = 30 Sep + the rules' days)."""
    if years.is_empty():
        return None
    first = years.row(0, named=True)
    due_days = (first["due_on"] - first["year_ended_on"]).days
    year = formats.fiscal_year_of(now)  # the fiscal year `now` is in
    while formats.fiscal_year_end(year) + timedelta(days=due_days) > now.date():
        year -= 1
    return year


# The first loaded batch of each district carrying records of a fiscal year (or a later one).
FIRST_CARRYING = """
select district_code, min(finished_at) as sent_at
from load_batches
where province_code = ? and status = 'loaded' and coalesce(latest_fiscal_year, 0) >= ?
group by district_code
"""


def year_status(
    home: Home, scope: Scope, province: str | None, fiscal_year: int, now: datetime
) -> pl.DataFrame:
    """Every district (DOPA list) in one fiscal year, as it stands on `now`'s day: sent (its
    submission arrived: for an ended year, a load after it ended; for the year in progress, a load
    carrying any of it), sent_at, due_on (30 September + the rules' due_days), days_left (not
    sent, not yet due), days_late (sent after, or not sent by, the due date), history, and
    approved (None here: warehouse/approvals.with_approval fills it from the state store).
    Empty for a province the user is not shown."""
    found = chosen(home, scope, province)
    if found is None:
        return pl.DataFrame()
    today = now.date()
    judged = district_submissions(home, scope, found.province)
    ended = today > formats.fiscal_year_end(fiscal_year)
    due_days = _due_days(judged)
    due_on = formats.fiscal_year_end(fiscal_year) + timedelta(days=due_days)
    expected = pl.DataFrame(
        {"district_code": [d.code for d in geothai.districts(found.province)]},
        schema={"district_code": pl.String},
    )
    if ended:
        year = judged.filter(pl.col("fiscal_year") == fiscal_year) if judged.height else judged
        sent = (
            year.select("district_code", pl.col("submitted_at").alias("sent_at"), "history")
            if year.height
            else pl.DataFrame(
                schema={"district_code": pl.String, "sent_at": pl.Datetime, "history": pl.Boolean}
            )
        )
    else:
        carrying = answer(
            home,
            scope,
            found,
            "first_carrying",
            (fiscal_year,),
            lambda: read(home, found, FIRST_CARRYING, [found.province, fiscal_year]),
        )
        sent = (
            carrying.with_columns(pl.lit(False).alias("history"))
            if carrying.height
            else pl.DataFrame(
                schema={"district_code": pl.String, "sent_at": pl.Datetime, "history": pl.Boolean}
            )
        )
    frame = expected.join(sent, on="district_code", how="left")
    history = _history(judged, fiscal_year)  # due before the due rule existed: late for nobody
    rows = []
    for r in frame.iter_rows(named=True):
        sent_on = r["sent_at"].date() if r["sent_at"] else None
        late_by = ((sent_on or today) - due_on).days
        rows.append(
            {
                "district_code": r["district_code"],
                "fiscal_year": fiscal_year,
                "sent": sent_on is not None,
                "sent_at": r["sent_at"],
                "due_on": due_on,
                "days_left": (due_on - today).days if sent_on is None and today <= due_on else None,
                "days_late": late_by if late_by > 0 and not history else None,
                "history": history,
                "approved": None,  # from the state store: approvals.with_approval
            }
        )
    return pl.DataFrame(
        rows,
        schema={
            "district_code": pl.String,
            "fiscal_year": pl.Int32,
            "sent": pl.Boolean,
            "sent_at": pl.Datetime,
            "due_on": pl.Date,
            "days_left": pl.Int32,
            "days_late": pl.Int32,
            "history": pl.Boolean,
            "approved": pl.Boolean,
        },
    )


def _history(judged: pl.DataFrame, fiscal_year: int) -> bool:
    """Whether a year was due before the due rule existed: as the warehouse judged it, or (not
    judged yet) as the shipped rules file's due_from_fy says."""
    year = judged.filter(pl.col("fiscal_year") == fiscal_year) if judged.height else judged
    if year.height:
        return bool(year["history"].any())
    return fiscal_year < int(load_rules(None).exemplar_settings["due_from_fy"])


def _due_days(judged: pl.DataFrame) -> int:
    """Days after 30 September a year's submission is due: as the warehouse judged its years,
    or (nothing judged yet) as the shipped rules file says."""
    if judged.height:
        first = judged.row(0, named=True)
        return int((first["due_on"] - first["year_ended_on"]).days)
    return int(load_rules(None).exemplar_settings["due_days"])
