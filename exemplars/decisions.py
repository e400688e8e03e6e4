"""Choosing exemplars: who may propose, shortlist, select, reject, withdraw or reopen, and what
has been decided.

Every decision is one row appended to `exemplar_decisions` in the application-state store
(never the warehouse, so no data reload touches it) and one entry in the audit log, in the
same transaction. Nothing is edited or deleted: a club's status is what its history adds up
to, read as a stack. `propose`, `shortlist`, `select` and `reject` put a state on top;
`withdraw` and `reopen` take the top one off, back to the state before it.

- propose: the officer of the club's district, or the province's director; a candidate only.
- shortlist, select (candidates only), reject: the province's director, once proposed; with four
  eyes (HOME/settings.toml `[exemplars] four_eyes`, on unless set to false) never the person who
  proposed the club: they may not select it alone (the refusal is audited).
- withdraw: whoever proposed, before the director has decided.
- reopen: the province's director, to undo a shortlist, selection or rejection.
Everyone who may read the province sees statuses and history (national: read-only); admin: nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl
from sqlalchemy import Select, insert, select

from accounts import audit, tables
from accounts.database import Store
from accounts.scope import Scope
from core.home import Home
from exemplars import Refused
from warehouse import queries

ACTIONS = ("propose", "shortlist", "select", "reject", "withdraw", "reopen")
STATE_AFTER = {
    "propose": "proposed",
    "shortlist": "shortlisted",
    "select": "selected",
    "reject": "rejected",
}
NEEDS_CANDIDATE = frozenset({"propose", "shortlist", "select"})
DIRECTOR_ACTIONS = frozenset(ACTIONS)
OFFICER_ACTIONS = frozenset({"propose", "withdraw"})
MAX_REASON = 2000
FOUR_EYES = True  # the default of settings.toml's [exemplars] four_eyes
HISTORY_COLUMNS = {
    "id": pl.Int64, "province_code": pl.String, "district_code": pl.String, "club_id": pl.String,
    "fiscal_year": pl.Int32, "action": pl.String, "reason": pl.String, "username": pl.String,
    "role": pl.String, "at": pl.Float64,
}  # fmt: skip


class DecisionError(Refused):
    """A decision that was not recorded; `code` says why (not_allowed, not_candidate, ...)."""


@dataclass(frozen=True)
class Status:
    """Where one club stands in one year, and who put it there."""

    state: str | None  # None (never proposed, or withdrawn) or one of STATE_AFTER's values
    by: str | None = None
    proposer: str | None = None


def status_of(actions: list[tuple[str, str]]) -> Status:
    """The status a club's history of (action, username) adds up to, oldest first."""
    stack: list[tuple[str, str]] = []
    for action, username in actions:
        if action in STATE_AFTER:
            stack.append((STATE_AFTER[action], username))
        elif stack:  # withdraw or reopen
            stack.pop()
    if not stack:
        return Status(None)
    proposer = next((user for state, user in reversed(stack) if state == "proposed"), None)
    return Status(stack[-1][0], stack[-1][1], proposer)


def four_eyes(home: Home) -> bool:
    """Whether whoever proposed a club is kept from selecting it (settings.toml, default on)."""
    return home.settings("exemplars").get("four_eyes", FOUR_EYES) is not False


def allowed_actions(
    scope: Scope, district: str, status: Status, four_eyes: bool = FOUR_EYES
) -> list[str]:
    """What this user may do now to a club of the district with this status (in ACTIONS order)."""
    director = scope.role == "director" and scope.province_code == district[:2]
    officer = scope.role == "officer" and scope.district_code == district
    state = status.state
    allowed: set[str] = set()
    if state is None and (director or officer):
        allowed.add("propose")
    if state == "proposed" and director:
        allowed |= {"shortlist", "select", "reject"}
    if state == "proposed" and (director or officer) and status.proposer == scope.username:
        allowed.add("withdraw")
    if state == "shortlisted" and director:
        allowed |= {"select", "reject", "reopen"}
    if state in ("selected", "rejected") and director:
        allowed.add("reopen")
    if four_eyes and status.proposer == scope.username:
        allowed.discard("select")  # another person selects what this one proposed
    return [a for a in ACTIONS if a in allowed]


def decide(
    store: Store,
    home: Home,
    scope: Scope,
    action: str,
    district: str,
    club_id: str,
    fiscal_year: int,
    reason: str,
    *,
    at: float,
    ip: str | None = None,
) -> int:
    """Record one decision and its audit entry; its id. Raises DecisionError when refused."""
    text = reason.strip() if isinstance(reason, str) else ""
    if action not in ACTIONS:
        raise DecisionError("bad_action")
    if not text:
        raise DecisionError("no_reason")
    if len(text) > MAX_REASON:
        raise DecisionError("reason_too_long")
    if (
        scope.role not in ("director", "officer")
        or queries.readable_district(home, scope, district) is None
    ):
        raise DecisionError("not_allowed")
    club = queries.exemplar_club(home, scope, district, club_id, fiscal_year)
    if club.is_empty():
        raise DecisionError("unknown_club")
    checked = four_eyes(home)
    try:
        with store.transaction():  # one decision at a time per club: read, check, write
            status = _status(store, district[:2], district, club_id, fiscal_year)
            if action not in allowed_actions(scope, district, status, checked):
                raise DecisionError(_refusal(scope, district, action, status, checked))
            if action in NEEDS_CANDIDATE and not club["candidate"].item():
                raise DecisionError("not_candidate")
            decision = int(
                store.execute(
                    insert(tables.exemplar_decisions)
                    .values(
                        province_code=district[:2],
                        district_code=district,
                        club_id=club_id,
                        fiscal_year=fiscal_year,
                        action=action,
                        reason=text,
                        username=scope.username,
                        role=scope.role,
                        at=at,
                    )
                    .returning(tables.exemplar_decisions.c.id)
                ).scalar()
            )
            audit.record(
                store,
                scope,
                f"exemplar_{action}",
                f"{district}/{club_id} fy {fiscal_year} decision {decision}",
                ip,
            )
    except DecisionError as error:  # rolled back; a refusal by four eyes is written down
        if error.code == "four_eyes":
            audit.record(
                store,
                scope,
                f"exemplar_{action}_refused",
                f"{district}/{club_id} fy {fiscal_year}: proposed by the same person (four eyes)",
                ip,
            )
        raise
    return decision


def history(
    store: Store, home: Home, scope: Scope, province: str | None, fiscal_year: int
) -> pl.DataFrame:
    """Every decision of the province's year, oldest first (empty when the user may not read it)."""
    chosen = queries.chosen_province(home, scope, province)
    if chosen is None or not isinstance(fiscal_year, int):
        return pl.DataFrame(schema=HISTORY_COLUMNS)
    found = store.execute(_history(chosen, fiscal_year)).fetchall()
    return pl.DataFrame([dict(r) for r in found], schema=HISTORY_COLUMNS, orient="row")


def statuses(
    store: Store, home: Home, scope: Scope, province: str | None, fiscal_year: int
) -> pl.DataFrame:
    """Each decided club of the province's year: district_code, club_id, status, by, proposer."""
    decided = history(store, home, scope, province, fiscal_year)
    rows = []
    for (district, club), group in decided.group_by(
        ["district_code", "club_id"], maintain_order=True
    ):
        status = status_of(list(zip(group["action"], group["username"], strict=True)))
        rows.append(
            {
                "district_code": district,
                "club_id": club,
                "status": status.state,
                "by": status.by,
                "proposer": status.proposer,
            }
        )
    schema = {
        "district_code": pl.String,
        "club_id": pl.String,
        "status": pl.String,
        "by": pl.String,
        "proposer": pl.String,
    }
    return pl.DataFrame(rows, schema=schema)


def club_status(
    store: Store,
    home: Home,
    scope: Scope,
    district: str,
    club_id: str,
    fiscal_year: int,
) -> Status:
    """One club's status (no status when the user may not read its province)."""
    found = queries.readable_district(home, scope, district)
    if (
        found is None
        or queries.chosen_province(home, scope, found[:2]) is None
        or not isinstance(fiscal_year, int)
    ):
        return Status(None)
    return _status(store, found[:2], found, club_id, fiscal_year)


def selected_exemplars(
    store: Store, home: Home, scope: Scope, province: str | None, fiscal_year: int
) -> pl.DataFrame:
    """The province's selected exemplars of one year: district_code, club_id, by (the director)."""
    found = statuses(store, home, scope, province, fiscal_year)
    return found.filter(pl.col("status") == "selected").select("district_code", "club_id", "by")


def actions_for(
    store: Store,
    home: Home,
    scope: Scope,
    district: str,
    club_id: str,
    fiscal_year: int,
) -> list[str]:
    """What this user may do now to one club in one year (nothing when it is not readable)."""
    club = queries.exemplar_club(home, scope, district, club_id, fiscal_year)
    if club.is_empty() or scope.role not in ("director", "officer"):
        return []
    status = club_status(store, home, scope, district, club_id, fiscal_year)
    candidate = bool(club["candidate"].item())
    return [
        a
        for a in allowed_actions(scope, district, status, four_eyes(home))
        if candidate or a not in NEEDS_CANDIDATE
    ]


def _status(store: Store, province: str, district: str, club_id: str, fiscal_year: int) -> Status:
    decided = tables.exemplar_decisions.c
    rows = store.execute(
        _history(province, fiscal_year).where(
            decided.district_code == district, decided.club_id == club_id
        )
    ).fetchall()
    return status_of([(r["action"], r["username"]) for r in rows])


def _history(province: str, fiscal_year: int) -> Select[Any]:
    """The decisions of a province's year, oldest first."""
    decided = tables.exemplar_decisions
    return (
        select(*(decided.c[name] for name in HISTORY_COLUMNS))
        .where(decided.c.province_code == province, decided.c.fiscal_year == fiscal_year)
        .order_by(decided.c.id)
    )


def _refusal(
    scope: Scope, district: str, action: str, status: Status, four_eyes: bool = FOUR_EYES
) -> str:
    """Why an action is not allowed: not this user's to take, not the proposer's, the proposer's
    own selection (four eyes), or not now."""
    own = (
        scope.province_code == district[:2]
        if scope.role == "director"
        else scope.district_code == district
    )
    may = DIRECTOR_ACTIONS if scope.role == "director" else OFFICER_ACTIONS
    if not own or action not in may:
        return "not_allowed"
    if action == "withdraw" and status.state == "proposed" and status.proposer != scope.username:
        return "not_proposer"
    if (
        action == "select"
        and four_eyes
        and status.state in ("proposed", "shortlisted")
        and status.proposer == scope.username
    ):
        return "four_eyes"
    return "wrong_state"
