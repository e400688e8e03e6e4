"""`tonbaeb approval ...`: sign-off of districts' fiscal years from the command line.

The user named by --user acts with their own role and scope, as in the app
(warehouse/approvals.py enforces both); reasons are required where the app requires them.
Exit status: 0 done, 1 refused, 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
import time
from contextlib import closing
from datetime import datetime

from accounts import audit
from accounts.database import Store
from accounts.scope import Scope
from accounts.store import open_store
from accounts.users import scope_for
from warehouse import approvals
from warehouse.rules import load_rules

USAGE_ERROR = 2


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Add `approval status|submit|approve|return|reopen|open-period`."""
    approval = sub.add_parser(
        "approval", parents=[common], help="sign-off of districts' fiscal years (รับรองข้อมูล)"
    )
    actions = approval.add_subparsers(metavar="ACTION")
    status = actions.add_parser(
        "status",
        parents=[common],
        help="each district's fiscal years: state, who, when, overdue or closed",
    )
    status.add_argument("--province", required=True, help="2-digit DOPA code")
    status.add_argument("--fiscal-year", type=int, help="one fiscal year (B.E.)")
    status.set_defaults(handler=_status)
    for action, words in (
        ("submit", "send a district's year for sign-off (its officer)"),
        ("approve", "approve a submitted year (the province's director); --all: every one"),
        ("return", "return a submitted year to draft, with --reason (the director)"),
        ("reopen", "reopen an approved year, with --reason (the director)"),
    ):
        one = actions.add_parser(action, parents=[common], help=words)
        one.add_argument("--province", required=True, help="2-digit DOPA code")
        one.add_argument("--district", help="4-digit DOPA code")
        one.add_argument("--fiscal-year", type=int, required=True, help="fiscal year (B.E.)")
        one.add_argument("--user", required=True, help="the account that acts")
        one.add_argument("--reason", default="", help="why (required to return or reopen)")
        if action == "approve":
            one.add_argument(
                "--all", action="store_true", help="every submitted district of the fiscal year"
            )
            one.add_argument(
                "--history",
                action="store_true",
                help="with --all: every draft year before --fiscal-year, as history",
            )
        one.set_defaults(handler=_transition, action=action)
    opening = actions.add_parser(
        "open-period",
        parents=[common],
        help="grant a lock exception: a district's closed year may change again until approved"
        " (the province's director, or an administrator)",
    )
    opening.add_argument("--province", required=True, help="2-digit DOPA code")
    opening.add_argument("--district", required=True, help="4-digit DOPA code")
    opening.add_argument("--fiscal-year", type=int, required=True, help="fiscal year (B.E.)")
    opening.add_argument("--user", required=True, help="the account that grants it")
    opening.add_argument("--reason", required=True, help="why the period is opened again")
    opening.set_defaults(handler=_open_period)


def _status(args: argparse.Namespace) -> int:
    with closing(open_store(args.home)) as store:
        table = approvals.statuses(
            store, args.home, args.province, args.fiscal_year, rules=load_rules(None)
        )
    print("district\tfiscal_year\tstate\tby\tat\tdeadline\treason")
    for row in table.iter_rows(named=True):
        at = datetime.fromtimestamp(row["at"]).isoformat(timespec="minutes") if row["at"] else "-"
        cells = [row["district_code"], row["fiscal_year"], row["state"], row["by"], at]
        deadline = "closed" if row["closed"] else "overdue" if row["overdue"] else "-"
        cells += [deadline, row["reason"] or "-"]
        print("\t".join(audit.shown(c) for c in cells))
    return 0


def _transition(args: argparse.Namespace) -> int:
    name = f"tonbaeb approval {args.action}"
    bulk = getattr(args, "all", False)
    if bulk == bool(args.district):
        print(f"{name}: give --district, or --all to approve every one", file=sys.stderr)
        return USAGE_ERROR
    if getattr(args, "history", False) and not bulk:
        print(f"{name}: --history goes with --all", file=sys.stderr)
        return USAGE_ERROR
    if _outside(name, args):
        return USAGE_ERROR
    with closing(open_store(args.home)) as store:
        scope = _acting(name, store, args.user)
        if scope is None:
            return 1
        now = time.time()
        try:
            if bulk and args.history:
                done = [
                    f"{d} {y}"
                    for d, y in approvals.approve_history(
                        store, args.home, scope, args.province, args.fiscal_year, at=now, ip="cli"
                    )
                ]
            elif bulk:
                done = approvals.approve_all(
                    store, args.home, scope, args.province, args.fiscal_year, at=now, ip="cli"
                )
            else:
                approvals.transition(
                    store, args.home, scope, args.action, args.district, args.fiscal_year,
                    args.reason, at=now, ip="cli",
                )  # fmt: skip
                done = [args.district]
        except approvals.ApprovalError as error:
            print(f"{name}: refused: {error.text('en')}", file=sys.stderr)
            return 1
    print(f"{args.action}: {', '.join(done) if done else 'nothing to do'}")
    return 0


def _open_period(args: argparse.Namespace) -> int:
    name = "tonbaeb approval open-period"
    if _outside(name, args):
        return USAGE_ERROR
    with closing(open_store(args.home)) as store:
        scope = _acting(name, store, args.user)
        if scope is None:
            return 1
        try:
            approvals.open_period(
                store, args.home, scope, args.district, args.fiscal_year, args.reason,
                load_rules(None), at=time.time(), ip="cli", admin=True,
            )  # fmt: skip
        except approvals.ApprovalError as error:
            print(f"{name}: refused: {error.text('en')}", file=sys.stderr)
            return 1
    print(f"open-period: {args.district} {args.fiscal_year} may change again until it is approved")
    return 0


def _outside(name: str, args: argparse.Namespace) -> bool:
    """Whether the command names a district outside its province (said on standard error)."""
    if args.district and args.district[:2] != args.province:
        print(
            f"{name}: district {args.district} is not in province {args.province}", file=sys.stderr
        )
        return True
    return False


def _acting(name: str, store: Store, user: str) -> Scope | None:
    """The scope of the account that acts; None (said on standard error) when it is not enabled."""
    scope = scope_for(store, user)
    if scope is None:
        print(f"{name}: no enabled account {user!r}", file=sys.stderr)
    return scope
