"""`tonbaeb state upgrade` and `tonbaeb state copy --to URL`: the state store's schema and moves."""

from __future__ import annotations

import argparse
import sys

USAGE_ERROR = 2


def register(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    common: argparse.ArgumentParser,
) -> None:
    """Add `state upgrade` and `state copy`."""
    state = sub.add_parser(
        "state", parents=[common], help="the state store: upgrade its schema, copy it elsewhere"
    )
    state_sub = state.add_subparsers(metavar="COMMAND")
    upgrade = state_sub.add_parser(
        "upgrade", parents=[common], help="apply the store's migrations (TONBAEB_STATE_URL)"
    )
    upgrade.set_defaults(handler=_upgrade)
    copy = state_sub.add_parser(
        "copy", parents=[common], help="copy the store into an empty one at URL, then verify it"
    )
    copy.add_argument(
        "--to", required=True, metavar="URL", help="e.g. postgresql+psycopg://user@host/db"
    )
    copy.set_defaults(handler=_copy)


def _upgrade(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from accounts import schema
    from accounts.legacy import NameClash
    from accounts.store import connect

    store = connect(args.home)
    try:
        before, now = schema.upgrade(store)
    except (schema.Outdated, NameClash, SQLAlchemyError) as error:
        print(f"tonbaeb state upgrade: {error}", file=sys.stderr)
        return 1
    finally:
        store.close()
    print(f"state store at revision {now}" + ("" if before == now else f" (was {before or 'new'})"))
    return 0


def _copy(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from sqlalchemy.exc import SQLAlchemyError

    from accounts import schema, transfer
    from accounts.store import open_store

    try:
        source = open_store(args.home)
    except (schema.Outdated, SQLAlchemyError) as error:
        print(f"tonbaeb state copy: the store to copy: {error}", file=sys.stderr)
        return 1
    try:
        target = open_store(replace(args.home, state_url=args.to))
    except (schema.Outdated, SQLAlchemyError) as error:  # a bad address, or none answers
        source.close()
        print(f"tonbaeb state copy: {args.to}: {error}", file=sys.stderr)
        return 1
    try:
        counts = transfer.copy(source, target)
    except transfer.CopyError as error:
        print(f"tonbaeb state copy: {error}", file=sys.stderr)
        return 1
    finally:
        source.close()
        target.close()
    for table, count in counts.items():
        print(f"{table}\t{count}")
    print("copied: the row counts match and the audit log of the copy is intact")
    return 0
