"""`tonbaeb users ...` and `tonbaeb audit`."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime

from accounts import audit, users
from accounts.store import open_store

USAGE_ERROR = 2


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Add the users and audit subcommands."""
    accounts = sub.add_parser("users", parents=[common], help="manage accounts")
    actions = accounts.add_subparsers(metavar="ACTION")
    add = actions.add_parser("add", parents=[common], help="create an account")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=("national", "director", "officer", "admin"))
    add.add_argument("--province", help="2-digit DOPA code ('*' for an admin of all provinces)")
    add.add_argument("--district", help="4-digit DOPA code (officers)")
    add.add_argument(
        "--password-stdin", action="store_true", required=True, help="read the password from stdin"
    )
    add.set_defaults(handler=_add)
    listing = actions.add_parser("list", parents=[common], help="list accounts")
    listing.add_argument("--province")
    listing.set_defaults(handler=_list)
    disable = actions.add_parser(
        "disable", parents=[common], help="disable an account and end its sessions"
    )
    disable.add_argument("name")
    disable.set_defaults(handler=_disable)
    reset = actions.add_parser("reset-password", parents=[common], help="set a new password")
    reset.add_argument("name")
    reset.add_argument("--password-stdin", action="store_true", required=True)
    reset.set_defaults(handler=_reset)
    locks = actions.add_parser(
        "locks", parents=[common], help="accounts whose failed sign-ins are delaying them"
    )
    locks.add_argument("--province", help="2-digit code (default: every province)")
    locks.set_defaults(handler=_locks)
    unlock = actions.add_parser(
        "unlock", parents=[common], help="clear an account's failed sign-ins"
    )
    unlock.add_argument("name")
    unlock.set_defaults(handler=_unlock)

    log = sub.add_parser("audit", parents=[common], help="read the audit log")
    log.add_argument("--province", help="2-digit code, or '*' for all")
    log.add_argument("--limit", type=int, default=200)
    log.add_argument(
        "--verify",
        action="store_true",
        help="check the hash chain of the whole log (exit 1 if broken)",
    )
    log.set_defaults(handler=_audit)


def _password() -> str:
    return sys.stdin.readline().rstrip("\r\n")


def _add(args: argparse.Namespace) -> int:
    try:
        user = users.add_user(
            open_store(args.home),
            args.name,
            args.role,
            args.province,
            args.district,
            _password(),
            must_change=True,
        )
    except users.AccountError as error:
        print(f"tonbaeb users add: {error}", file=sys.stderr)
        return USAGE_ERROR
    print(
        f"added {user.username} ({user.role}, {user.province_code or '-'}, {user.district_code or '-'});"
        " the password must be changed at first sign-in"
    )
    return 0


def _list(args: argparse.Namespace) -> int:
    for user in users.list_users(open_store(args.home), args.province):
        state = "disabled" if user.disabled else "active"
        print(
            f"{user.username}\t{user.role}\t{user.province_code or '-'}\t{user.district_code or '-'}\t{state}"
        )
    return 0


def _disable(args: argparse.Namespace) -> int:
    try:
        users.disable_user(open_store(args.home), args.name)
    except users.AccountError as error:
        print(f"tonbaeb users disable: {error}", file=sys.stderr)
        return USAGE_ERROR
    return 0


def _reset(args: argparse.Namespace) -> int:
    try:
        users.reset_password(open_store(args.home), args.name, _password())
    except users.AccountError as error:
        print(f"tonbaeb users reset-password: {error}", file=sys.stderr)
        return USAGE_ERROR
    return 0


def _locks(args: argparse.Namespace) -> int:
    now = time.time()
    for lock in users.locks(open_store(args.home), args.province, now):
        wait = max(0, round(lock.retry_at - now))
        last = datetime.fromtimestamp(lock.last_failure_at).isoformat(timespec="seconds")
        print(f"{audit.shown(lock.key)}\tfailures={lock.failures}\tlast={last}\twait={wait}s")
    return 0


def _unlock(args: argparse.Namespace) -> int:
    try:
        cleared = users.unlock(open_store(args.home), args.name)
    except users.AccountError as error:
        print(f"tonbaeb users unlock: {error}", file=sys.stderr)
        return USAGE_ERROR
    print(f"{args.name}: {'failed sign-ins cleared' if cleared else 'no failed sign-ins'}")
    return 0


def _audit(args: argparse.Namespace) -> int:
    store = open_store(args.home)
    if args.verify:
        count, problem = audit.verify(store)
        if problem:
            print(f"tonbaeb audit: entry {problem.entry_id}: {problem.why}", file=sys.stderr)
            return 1
        print(f"audit log intact: {count} entries, head {audit.head_hash(store)}")
        return 0
    if not args.province:
        print("tonbaeb audit: --province CODE (or '*') is required", file=sys.stderr)
        return USAGE_ERROR
    province = None if args.province == "*" else args.province
    for row in audit.read(store, province, args.limit):
        when = datetime.fromtimestamp(row["at"]).isoformat(timespec="seconds")
        cells = [
            row["username"],
            row["role"],
            row["province_code"],
            row["action"],
            row["detail"],
            row["fields"],
            row["ip"],
        ]
        print("\t".join([when, *(audit.shown(c) for c in cells)]))
    return 0
