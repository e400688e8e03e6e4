"""When a district's fiscal year is due and when its period closes, and the lock exceptions that
open a closed one again (DHIS2's "expiry days" and "lock exceptions").

A fiscal year is due `due_days` (the rules file) + `[approval] grace_days` (HOME/settings.toml,
default 0) after it ends on 30 September. With `[approval] expiry_days` (default 0: periods never
close), a year that is not approved closes `expiry_days` after its due day: a load or upload that
would change it is not published (etl/year_locks.py) until the province's director grants a lock
exception for that district's year (warehouse/approvals.py `open_period`). An exception lasts
until the year is approved; the approval's lock holds then, and a year the director reopens after
its approval is open again (the reopen is itself the exception) until it is approved again.

Exceptions are rows of `period_exceptions` in the application-state store: this module is the
only one that reads or writes them (portable SQL).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from accounts.database import Store
from accounts.scope import Scope
from core import formats
from core.home import Home
from warehouse.rules import Rules

DEFAULT_DUE_DAYS = 60
MAX_GRACE_DAYS = 366
MAX_EXPIRY_DAYS = 3660


@dataclass(frozen=True)
class Closing:
    """When a province's fiscal years are due and close, seen on `today`."""

    due_days: int
    grace_days: int
    expiry_days: int  # 0: periods never close
    today: date
    opened: frozenset[tuple[str, int]] = frozenset()  # (district, year): exceptions, reopened

    def due_on(self, fiscal_year: int) -> date:
        """The year's due day: its end + due_days + grace_days."""
        return formats.fiscal_year_end(fiscal_year) + timedelta(
            days=self.due_days + self.grace_days
        )

    def closes_on(self, fiscal_year: int) -> date | None:
        """The last day data of the year may still change (None: it never closes)."""
        if self.expiry_days <= 0:
            return None
        return self.due_on(fiscal_year) + timedelta(days=self.expiry_days)

    def closed_on(self, district: str, fiscal_year: int) -> date | None:
        """The day the district's year closed, if it is closed today (an approved year is the
        approval's to lock: the caller leaves it out); None when it is open."""
        closes = self.closes_on(fiscal_year)
        if closes is None or self.today <= closes or (district, fiscal_year) in self.opened:
            return None
        return closes


def closing(
    home: Home, rules: Rules | None, today: date, opened: Iterable[tuple[str, int]] = ()
) -> Closing:
    """The home's closing rule (its settings and the rules' due_days) on `today`."""
    return Closing(due_days(rules), grace_days(home), expiry_days(home), today, frozenset(opened))


def due_days(rules: Rules | None) -> int:
    """Days after a fiscal year ends before it is due: the rules file's due_days."""
    return int((rules.exemplar_settings if rules else {}).get("due_days", DEFAULT_DUE_DAYS))


def grace_days(home: Home) -> int:
    """Days after the rules' due day before a draft year is overdue: [approval] grace_days."""
    return _days(home, "grace_days", MAX_GRACE_DAYS)


def expiry_days(home: Home) -> int:
    """Days after a year's due day before it closes: [approval] expiry_days (0: never)."""
    return _days(home, "expiry_days", MAX_EXPIRY_DAYS)


def record(
    store: Store, scope: Scope, district: str, fiscal_year: int, reason: str, at: float
) -> int:
    """Store one lock exception (the caller checked who may grant it, in its transaction)."""
    return int(
        store.execute(
            "insert into period_exceptions (province_code, district_code, fiscal_year, reason,"
            " username, role, at) values (:province, :district, :year, :reason, :username,"
            " :role, :at) returning id",
            {"province": district[:2], "district": district, "year": fiscal_year,
             "reason": reason, "username": scope.username, "role": scope.role, "at": at},
        ).scalar()
    )  # fmt: skip


def granted(store: Store, province: str) -> frozenset[tuple[str, int]]:
    """Every (district, fiscal year) of the province with a lock exception."""
    rows = store.execute(
        "select distinct district_code, fiscal_year from period_exceptions"
        " where province_code = :province",
        {"province": province},
    ).fetchall()
    return frozenset((r["district_code"], int(r["fiscal_year"])) for r in rows)


def _days(home: Home, name: str, most: int) -> int:
    value = home.settings("approval").get(name, 0)
    return value if isinstance(value, int) and 0 <= value <= most else 0
