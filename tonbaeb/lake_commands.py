"""`tonbaeb lake info`, `catch-up` and `rebuild`: the national lake (docs/lake.md)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lake.follow import Caught


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Add `lake info`, `lake catch-up` and `lake rebuild`."""
    lake = sub.add_parser(
        "lake", parents=[common], help="the national lake (Apache Iceberg tables)"
    )
    actions = lake.add_subparsers(metavar="ACTION")
    info = actions.add_parser(
        "info", parents=[common], help="the catalog, each table's snapshot, each province's version"
    )
    info.add_argument("--format", choices=("text", "json"), default="text")
    info.set_defaults(handler=_info)
    catch_up = actions.add_parser(
        "catch-up",
        parents=[common],
        help="commit the published versions the lake lacks, now (what a run's follower does)",
    )
    catch_up.add_argument(
        "--province", action="append", default=None, help="2-digit DOPA code (default: all)"
    )
    catch_up.set_defaults(handler=_catch_up)
    rebuild = actions.add_parser(
        "rebuild", parents=[common], help="make the lake again from the published warehouses"
    )
    rebuild.set_defaults(handler=_rebuild)


def _info(args: argparse.Namespace) -> int:
    from lake.info import info, text

    try:
        found = info(args.home)
    except Exception as error:  # the catalog's database or a table's metadata cannot be read
        print(f"tonbaeb lake info: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    if args.format == "json":
        sys.stdout.write(json.dumps(found, ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(text(found))
    return 0


def _catch_up(args: argparse.Namespace) -> int:
    os.nice(10)  # background work: a run (or a page) that is waited for goes first
    from lake import status
    from lake.follow import catch_up

    if not status.enabled(args.home):
        print(
            f"tonbaeb lake catch-up: the lake is not enabled ({args.home.root / 'settings.toml'}: "
            "[lake] enabled = true)",
            file=sys.stderr,
        )
        return 1
    return _said(catch_up(args.home, args.province), "nothing is published: nothing to commit")


def _rebuild(args: argparse.Namespace) -> int:
    from lake.follow import rebuild

    try:
        caught = rebuild(args.home)
    except Exception as error:  # the catalog cannot be opened or a table not dropped
        print(f"tonbaeb lake rebuild: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    return _said(caught, "nothing is published: the lake is empty")


def _said(caught: list[Caught], nothing: str) -> int:
    """One line per province (committed, held or failed and why); 1 when any failed."""
    for each in caught:
        why = f": {each.failure}" if each.failure else ""
        print(f"province {each.province} {each.version}: {each.state}{why}", flush=True)
    if not caught:
        print(nothing)
    return 1 if any(c.state == "failed" for c in caught) else 0
