"""Sign-off of a district's fiscal year (รับรองข้อมูล): its state, who may move it, and its lock.

States per (province, district, fiscal year): draft (no event yet) -> submitted (ส่งรับรอง,
the district's officer) -> approved (รับรอง, the province's director). The director returns a
submitted year (ตีกลับ) or reopens an approved one (เปิดแก้ไข), each with a reason, back to draft.
`approve_history` lets the director approve draft years before the feature was turned on.
An approved year is locked: the ETL does not publish a change to it (etl/year_locks.py). So is
a year whose period closed (warehouse/periods.py) until the director opens it with a lock
exception (`open_period`).

Every transition is one row appended to `approval_events` in the application-state store and
one audit entry, in the same transaction, with the warehouse version and load batches it covers.
A year's state is its latest event's. Checks an approver marked "checked: correct" are rows of
`approval_reviews`. This is the only module that writes or reads those tables (portable SQL).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import polars as pl

from accounts import audit
from accounts.database import Record, Store
from accounts.scope import Scope
from core.home import Home
from core.texts import N_, _
from warehouse import periods, pointer, queries
from warehouse.connection import NotPublished, reading
from warehouse.publish import current
from warehouse.rules import Rules

STATES = ("draft", "submitted", "approved")
# action -> (state before, state after, role that may take it)
TRANSITIONS = {
    "submit": ("draft", "submitted", "officer"),
    "approve": ("submitted", "approved", "director"),
    "return": ("submitted", "draft", "director"),
    "reopen": ("approved", "draft", "director"),
    "approve_history": ("draft", "approved", "director"),
}
ACTIONS = tuple(TRANSITIONS)
NEEDS_REASON = frozenset({"return", "reopen"})
OPEN_PERIOD = "open_period"  # not a transition: a lock exception for a closed year (open_period)
MAX_REASON = 2000
STAMP = "approvals.stamp"
# Why a transition was refused: each reason its own words, never one vague "locked".
REFUSALS = {
    "bad_action": N_("There is no such action"),
    "bad_year": N_("That is not a fiscal year"),
    "no_reason": N_("Give a reason"),
    "reason_too_long": N_("The reason is too long (2,000 characters at most)"),
    "not_allowed": N_(
        "Your role may not do this: the district's officer submits;"
        " the province's director approves, returns and reopens"
    ),
    "not_your_district": N_("Not your district: an officer submits their own district only"),
    "not_your_province": N_("Not your province: a director signs off their own province only"),
    "wrong_state": N_("Not possible in the year's present state"),
    "not_history": N_("Only years before the one given are approved as history"),
    "no_data": N_("Nothing of the province is published yet"),
    "not_flagged": N_("The check does not flag that club in this fiscal year"),
    "not_closed": N_("The year's period is not closed: its data may still change"),
    "approved_year": N_(
        "The year is approved: its approval locks it; the province's director reopens it instead"
    ),
    "not_director": N_(
        "Only the province's director (or an administrator, on the command line)"
        " opens a closed period"
    ),
}
EVENT_COLUMNS = {
    "id": pl.Int64, "province_code": pl.String, "district_code": pl.String,
    "fiscal_year": pl.Int32, "action": pl.String, "state": pl.String, "reason": pl.String,
    "username": pl.String, "role": pl.String, "at": pl.Float64,
    "warehouse_version": pl.String, "batch_ids": pl.String,
}  # fmt: skip
STATUS_COLUMNS = {
    "district_code": pl.String, "fiscal_year": pl.Int32, "state": pl.String,
    "by": pl.String, "at": pl.Float64, "reason": pl.String, "warehouse_version": pl.String,
    "overdue": pl.Boolean, "due_on": pl.Date, "closed": pl.Boolean, "closes_on": pl.Date,
}  # fmt: skip
LATEST = """
select e.id, e.province_code, e.district_code, e.fiscal_year, e.action, e.state, e.reason,
       e.username, e.role, e.at, e.warehouse_version, e.batch_ids
from approval_events e
where e.province_code = :province {where}
  and e.id = (select max(l.id) from approval_events l
              where l.province_code = e.province_code and l.district_code = e.district_code
                and l.fiscal_year = e.fiscal_year)
order by e.district_code, e.fiscal_year
"""
COVERED_BATCHES = """
select distinct batch_id from (
    select batch_id from meetings where district_code = $district and fiscal_year = $year
    union all
    select batch_id from activities where district_code = $district and fiscal_year = $year
    union all
    select batch_id from clubs where district_code = $district
)
order by batch_id
"""
DISTRICT_YEARS = "select district_code, fiscal_year from district_year_summary order by all"


class ApprovalError(ValueError):
    """A transition that was not recorded; `code` (a key of REFUSALS) says why."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}{': ' + detail if detail else ''}")
        self.code = code
        self.detail = detail

    def text(self, lang: str) -> str:
        """Why, in words."""
        words = _(lang, REFUSALS.get(self.code, self.code))
        return f"{words} ({self.detail})" if self.detail else words


@dataclass(frozen=True)
class YearState:
    """Where a district's fiscal year stands, and the event that put it there."""

    state: str
    by: str | None = None
    at: float | None = None
    reason: str = ""
    warehouse_version: str | None = None
    batch_ids: str = ""


def refusal(scope: Scope, action: str, district: str, state: str) -> str | None:
    """Why this user may not take `action` on a district's year in `state`; None when allowed.

    The one place roles and scopes are enforced: the officer of the district submits; the
    director of its province approves, returns and reopens; nobody else moves anything.
    """
    if action not in TRANSITIONS:
        return "bad_action"
    before, _after, role = TRANSITIONS[action]
    if not isinstance(district, str) or len(district) != 4 or not district.isdigit():
        return "not_allowed"
    if scope.role not in ("officer", "director") or not scope.sees_warehouse:
        return "not_allowed"
    if scope.role != role:
        return "not_allowed"
    if role == "officer" and scope.district_code != district:
        return "not_your_district"
    if role == "director" and scope.province_code != district[:2]:
        return "not_your_province"
    if state != before:
        return "wrong_state"
    return None


def allowed_actions(scope: Scope, district: str, state: str) -> list[str]:
    """What this user may do now to a district's year (approve_history left out)."""
    return [
        a for a in ACTIONS if a != "approve_history" and refusal(scope, a, district, state) is None
    ]


def transition(
    store: Store,
    home: Home,
    scope: Scope,
    action: str,
    district: str,
    fiscal_year: int,
    reason: str = "",
    *,
    at: float,
    ip: str | None = None,
    history_before: int | None = None,
) -> int:
    """Record one transition and its audit entry; the event's id. Raises ApprovalError."""
    text = reason.strip() if isinstance(reason, str) else ""
    if not isinstance(fiscal_year, int) or not 2400 <= fiscal_year <= 2700:
        raise ApprovalError("bad_year")
    if action in NEEDS_REASON and not text:
        raise ApprovalError("no_reason")
    if len(text) > MAX_REASON:
        raise ApprovalError("reason_too_long")
    early = refusal(scope, action, district, TRANSITIONS.get(action, ("",))[0])
    if early is not None and early != "wrong_state":
        raise ApprovalError(early)
    if action == "approve_history" and (history_before is None or fiscal_year >= history_before):
        raise ApprovalError("not_history")
    province = district[:2]
    version, batches = covered(home, district, fiscal_year)
    if version is None:
        raise ApprovalError("no_data")
    with store.transaction():  # read the state, check, write: one at a time
        now = _latest(store, province, district, fiscal_year)
        why = refusal(scope, action, district, now.state)
        if why is not None:
            raise ApprovalError(why, now.state)
        after = TRANSITIONS[action][1]
        event = int(
            store.execute(
                "insert into approval_events (province_code, district_code, fiscal_year, action,"
                " state, reason, username, role, at, warehouse_version, batch_ids)"
                " values (:province, :district, :year, :action, :state, :reason, :username,"
                " :role, :at, :version, :batches) returning id",
                {"province": province, "district": district, "year": fiscal_year,
                 "action": action, "state": after, "reason": text, "username": scope.username,
                 "role": scope.role, "at": at, "version": version, "batches": batches},
            ).scalar()
        )  # fmt: skip
        audit.record(
            store,
            scope,
            f"approval_{action}",
            f"{district} fy {fiscal_year}: {now.state} -> {after}",
            ip,
            district=district,
            fiscal_year=fiscal_year,
            reason=text,
            warehouse_version=version,
            batch_ids=batches,
            event=event,
        )
    _stamp(home, event)
    return event


def approve_all(
    store: Store,
    home: Home,
    scope: Scope,
    province: str,
    fiscal_year: int,
    *,
    at: float,
    ip: str | None = None,
) -> list[str]:
    """Approve every submitted district of the province's year (each audited); those approved."""
    if scope.role != "director" or scope.province_code != province:
        raise ApprovalError("not_your_province" if scope.role == "director" else "not_allowed")
    done = []
    for row in statuses(store, home, province, fiscal_year).iter_rows(named=True):
        if row["state"] == "submitted":
            transition(
                store, home, scope, "approve", row["district_code"], fiscal_year, at=at, ip=ip
            )
            done.append(row["district_code"])
    return done


def approve_history(
    store: Store,
    home: Home,
    scope: Scope,
    province: str,
    before: int,
    *,
    at: float,
    ip: str | None = None,
) -> list[tuple[str, int]]:
    """Approve every draft year before `before` (years before sign-off was used) of the
    province's districts, each audited; the (district, year) approved."""
    if scope.role != "director" or scope.province_code != province:
        raise ApprovalError("not_your_province" if scope.role == "director" else "not_allowed")
    done = []
    for row in statuses(store, home, province).iter_rows(named=True):
        if row["state"] == "draft" and row["fiscal_year"] < before:
            district, year = row["district_code"], row["fiscal_year"]
            transition(
                store, home, scope, "approve_history", district, year, at=at, ip=ip,
                history_before=before,
            )  # fmt: skip
            done.append((district, year))
    return done


def statuses_for(
    store: Store,
    home: Home,
    scope: Scope,
    province: str | None,
    fiscal_year: int | None,
    rules: Rules,
    now: datetime,
) -> pl.DataFrame:
    """`statuses` of the province this user may read (empty otherwise)."""
    chosen = queries.chosen_province(home, scope, province)
    if chosen is None:
        return pl.DataFrame(schema=STATUS_COLUMNS)
    return statuses(store, home, chosen, fiscal_year, rules=rules, today=now.date())


def actionable_districts(home: Home, scope: Scope, province: str | None) -> list[str]:
    """The districts whose years this user may move: an officer's own, a director's province's."""
    chosen = queries.chosen_province(home, scope, province)
    if chosen is None or scope.role not in ("officer", "director"):
        return []
    districts = sorted({d for d, _y in _district_years(home, chosen)})
    if scope.role == "officer":
        return [d for d in districts if d == scope.district_code]
    return districts


def actions_for(
    store: Store,
    home: Home,
    scope: Scope,
    district: str,
    fiscal_year: int,
    rules: Rules | None = None,
    today: date | None = None,
) -> list[str]:
    """What this user may do now to a district's year (nothing when it is not readable): the
    transitions, and `open_period` for the province's director when the year's period closed."""
    if queries.readable_district(home, scope, district) is None:
        return []
    state = year_state(store, district, fiscal_year).state
    found = allowed_actions(scope, district, state)
    if scope.role == "director" and scope.province_code == district[:2] and state != "approved":
        rule = closing(store, home, district[:2], rules, today or date.today())
        if rule.closed_on(district, fiscal_year) is not None:
            found.append(OPEN_PERIOD)
    return found


def reviews_for(
    store: Store, scope: Scope, province: str | None, fiscal_year: int | None
) -> pl.DataFrame:
    """`reviews` of the user's province (national: the one asked for), else empty."""
    mine = scope.province_code if scope.role in ("director", "officer") else province
    if not scope.sees_warehouse or not isinstance(mine, str) or not isinstance(fiscal_year, int):
        return reviews(store, "", 0)
    if not scope.may_read_province(mine):
        return reviews(store, "", 0)
    return reviews(store, mine, fiscal_year)


def approved_version(store: Store, district: str, fiscal_year: int) -> str | None:
    """The warehouse version the district's year was last approved at (None: never approved)."""
    row = store.execute(
        "select warehouse_version from approval_events where province_code = :province"
        " and district_code = :district and fiscal_year = :year and state = 'approved'"
        " order by id desc limit 1",
        {"province": district[:2], "district": district, "year": fiscal_year},
    ).fetchone()
    return None if row is None else row["warehouse_version"]


def stamp(home: Home) -> tuple[int, int, int, int] | None:
    """What changes whenever a transition is recorded (the identity of HOME/state/approvals.stamp):
    part of the key of everything a page keeps that shows sign-off (dashboard/cache.py)."""
    return pointer.identity(home.state / STAMP)


def approved_pairs(store: Store, provinces: Iterable[str]) -> frozenset[tuple[str, int]]:
    """Every (district, fiscal year) approved now in these provinces: the one way pages tell
    approved figures from provisional ones."""
    return frozenset(
        (district, year)
        for province in provinces
        for district, years in approved_years(store, province).items()
        for year in years
    )


def with_approval(store: Store, frame: pl.DataFrame) -> pl.DataFrame:
    """A year's status per district (queries.year_status) with `approved` filled: whether each
    district's year is approved now."""
    if frame.is_empty():
        return frame
    pairs = approved_pairs(store, {str(d)[:2] for d in frame["district_code"]})
    approved = [
        (d, int(y)) in pairs
        for d, y in zip(frame["district_code"], frame["fiscal_year"], strict=True)
    ]
    return frame.with_columns(pl.Series("approved", approved, dtype=pl.Boolean))


def year_state(store: Store, district: str, fiscal_year: int) -> YearState:
    """The state of one district's year (draft when nothing was ever recorded)."""
    return _latest(store, district[:2], district, fiscal_year)


def approved_years(store: Store, province: str) -> dict[str, dict[int, YearState]]:
    """Per district of the province: its approved years and who approved them (the locks)."""
    found: dict[str, dict[int, YearState]] = {}
    for row in store.execute(LATEST.format(where=""), {"province": province}).fetchall():
        if row["state"] == "approved":
            found.setdefault(row["district_code"], {})[row["fiscal_year"]] = _state(row)
    return found


def events(store: Store, province: str, district: str | None = None) -> pl.DataFrame:
    """Every transition of the province (or of one district), oldest first."""
    where = "" if district is None else "and district_code = :district"
    rows = store.execute(
        f"select * from approval_events where province_code = :province {where} order by id",
        {"province": province, "district": district},
    ).fetchall()
    return pl.DataFrame([dict(r) for r in rows], schema=EVENT_COLUMNS, orient="row")


def statuses(
    store: Store,
    home: Home,
    province: str,
    fiscal_year: int | None = None,
    *,
    rules: Rules | None = None,
    today: date | None = None,
) -> pl.DataFrame:
    """Each (district, fiscal year) the warehouse holds, with its state, who moved it last,
    when, whether a still-draft year is past its due day (due_days + [approval] grace_days) and
    whether its period is closed (warehouse/periods.py)."""
    pairs = _district_years(home, province)
    if fiscal_year is not None:
        pairs = [(d, y) for d, y in pairs if y == fiscal_year]
    latest = {
        (r["district_code"], r["fiscal_year"]): _state(r)
        for r in store.execute(LATEST.format(where=""), {"province": province}).fetchall()
    }
    for key in latest:
        if key not in pairs and (fiscal_year is None or key[1] == fiscal_year):
            pairs.append(key)
    rule = closing(store, home, province, rules, today or date.today())
    rows = []
    for district, year in sorted(pairs):
        state = latest.get((district, year), YearState("draft"))
        due = rule.due_on(year)
        closed = state.state != "approved" and rule.closed_on(district, year) is not None
        rows.append(
            {
                "district_code": district,
                "fiscal_year": year,
                "state": state.state,
                "by": state.by,
                "at": state.at,
                "reason": state.reason,
                "warehouse_version": state.warehouse_version,
                "overdue": state.state == "draft" and rule.today > due and not closed,
                "due_on": due,
                "closed": closed,
                "closes_on": rule.closes_on(year),
            }
        )
    return pl.DataFrame(rows, schema=STATUS_COLUMNS, orient="row")


def approved_counts(store: Store, home: Home, province: str) -> dict[int, tuple[int, int]]:
    """Per fiscal year of the province: (districts approved, districts with data)."""
    counts: dict[int, tuple[int, int]] = {}
    for row in statuses(store, home, province).iter_rows(named=True):
        approved, total = counts.get(row["fiscal_year"], (0, 0))
        counts[row["fiscal_year"]] = (approved + (row["state"] == "approved"), total + 1)
    return counts


def closing(
    store: Store, home: Home, province: str, rules: Rules | None, today: date
) -> periods.Closing:
    """When the province's years close on `today`; those opened again: a lock exception, or
    approved once (a reopened year is open until approved again; an approved one is the
    approval's to lock)."""
    rows = store.execute(
        "select distinct district_code, fiscal_year from approval_events"
        " where province_code = :province and state = 'approved'",
        {"province": province},
    ).fetchall()
    approved_once = {(r["district_code"], int(r["fiscal_year"])) for r in rows}
    return periods.closing(home, rules, today, approved_once | periods.granted(store, province))


def open_period(
    store: Store,
    home: Home,
    scope: Scope,
    district: str,
    fiscal_year: int,
    reason: str,
    rules: Rules | None,
    *,
    at: float,
    ip: str | None = None,
    admin: bool = False,
) -> int:
    """Grant a lock exception: the district's closed year may change again until it is approved
    (the province's director; with `admin`, the command line, also an administrator of the
    province or of all). Audited, with its reason; the exception's id. Raises ApprovalError."""
    text = reason.strip() if isinstance(reason, str) else ""
    if not isinstance(fiscal_year, int) or not 2400 <= fiscal_year <= 2700:
        raise ApprovalError("bad_year")
    if not isinstance(district, str) or len(district) != 4 or not district.isdigit():
        raise ApprovalError("not_allowed")
    if scope.role == "director" and scope.province_code != district[:2]:
        raise ApprovalError("not_your_province")
    administrator = admin and scope.role == "admin" and scope.province_code in (None, district[:2])
    if not administrator and (scope.role != "director" or not scope.sees_warehouse):
        raise ApprovalError("not_director")
    if not text:
        raise ApprovalError("no_reason")
    if len(text) > MAX_REASON:
        raise ApprovalError("reason_too_long")
    province = district[:2]
    with store.transaction():
        if _latest(store, province, district, fiscal_year).state == "approved":
            raise ApprovalError("approved_year")
        closed = closing(store, home, province, rules, date.fromtimestamp(at))
        shut = closed.closed_on(district, fiscal_year)
        if shut is None:
            raise ApprovalError("not_closed")
        granted = periods.record(store, scope, district, fiscal_year, text, at)
        audit.record(
            store,
            scope,
            "approval_open_period",
            f"{district} fy {fiscal_year}: closed on {shut.isoformat()}, opened",
            ip,
            district=district,
            fiscal_year=fiscal_year,
            reason=text,
            closed_on=shut.isoformat(),
            exception=granted,
        )
    _stamp(home, granted)
    return granted


def review(
    store: Store,
    scope: Scope,
    district: str,
    fiscal_year: int,
    check_name: str,
    club_id: str,
    comment: str,
    *,
    at: float,
    ip: str | None = None,
) -> int:
    """Mark one flagged club of a check "checked: correct" with a comment (the province's
    director, or the district's officer); audited. Raises ApprovalError."""
    text = comment.strip() if isinstance(comment, str) else ""
    if not text:
        raise ApprovalError("no_reason")
    if len(text) > MAX_REASON:
        raise ApprovalError("reason_too_long")
    if not isinstance(district, str) or len(district) != 4 or not scope.sees_warehouse:
        raise ApprovalError("not_allowed")
    if scope.role == "director" and scope.province_code != district[:2]:
        raise ApprovalError("not_your_province")
    if scope.role == "officer" and scope.district_code != district:
        raise ApprovalError("not_your_district")
    if scope.role not in ("director", "officer"):
        raise ApprovalError("not_allowed")
    with store.transaction():
        entry = int(
            store.execute(
                "insert into approval_reviews (province_code, district_code, fiscal_year,"
                " check_name, club_id, comment, username, at) values (:province, :district,"
                " :year, :check, :club, :comment, :username, :at) returning id",
                {"province": district[:2], "district": district, "year": fiscal_year,
                 "check": check_name, "club": club_id, "comment": text,
                 "username": scope.username, "at": at},
            ).scalar()
        )  # fmt: skip
        audit.record(
            store,
            scope,
            "approval_check_reviewed",
            f"{district} fy {fiscal_year}: {check_name} {club_id}",
            ip,
            district=district,
            fiscal_year=fiscal_year,
            check=check_name,
            club_id=club_id,
            comment=text,
        )
    return entry


def reviews(store: Store, province: str, fiscal_year: int) -> pl.DataFrame:
    """The latest review of each (district, check, club) of the province's year."""
    rows = store.execute(
        "select district_code, check_name, club_id, comment, username, at from approval_reviews r"
        " where province_code = :province and fiscal_year = :year and id = (select max(id) from"
        " approval_reviews l where l.province_code = r.province_code and l.fiscal_year ="
        " r.fiscal_year and l.district_code = r.district_code and l.check_name = r.check_name"
        " and l.club_id = r.club_id) order by district_code, check_name, club_id",
        {"province": province, "year": fiscal_year},
    ).fetchall()
    schema = {
        "district_code": pl.String, "check_name": pl.String, "club_id": pl.String,
        "comment": pl.String, "username": pl.String, "at": pl.Float64,
    }  # fmt: skip
    return pl.DataFrame([dict(r) for r in rows], schema=schema, orient="row")


def covered(home: Home, district: str, fiscal_year: int) -> tuple[str | None, str]:
    """The published version of the district's province and the batches its year's rows came
    from (comma-separated); (None, "") when nothing is published."""
    published = current(home, district[:2])
    if published is None:
        return None, ""
    try:
        with reading(home, district[:2], published) as (con, version):
            rows = con.execute(COVERED_BATCHES, {"district": district, "year": fiscal_year})
            batches = ",".join(r[0] for r in rows.fetchall())
    except NotPublished:
        return None, ""
    return version, batches


def _stamp(home: Home, event: int) -> None:
    """Replace the stamp file (a new inode: its identity changes) after a transition."""
    path = home.state / STAMP
    path.parent.mkdir(parents=True, exist_ok=True)  # a home whose store is elsewhere (PostgreSQL)
    tmp = path.with_name(f".{STAMP}.{os.getpid()}")
    tmp.write_text(str(event), encoding="ascii")
    os.replace(tmp, path)


def _district_years(home: Home, province: str) -> list[tuple[str, int]]:
    try:
        with reading(home, province) as (con, _version):
            return [(d, int(y)) for d, y in con.execute(DISTRICT_YEARS).fetchall()]
    except NotPublished:
        return []


def _latest(store: Store, province: str, district: str, fiscal_year: int) -> YearState:
    row = store.execute(
        LATEST.format(where="and e.district_code = :district and e.fiscal_year = :year"),
        {"province": province, "district": district, "year": fiscal_year},
    ).fetchone()
    return _state(row) if row is not None else YearState("draft")


def _state(row: Record) -> YearState:
    return YearState(
        row["state"], row["username"], row["at"], row["reason"], row["warehouse_version"],
        row["batch_ids"],
    )  # fmt: skip
