"""`tonbaeb lake info` and `tonbaeb lake rebuild`: the national lake (docs/lake.md)."""

from __future__ import annotations

import argparse
import json
import sys


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Add `lake info` and `lake rebuild`."""
    lake = sub.add_parser(
        "lake", parents=[common], help="the national lake (Apache Iceberg tables)"
    )
    actions = lake.add_subparsers(metavar="ACTION")
    info = actions.add_parser(
        "info", parents=[common], help="the catalog, each table's snapshot, each province's version"
    )
    info.add_argument("--format", choices=("text", "json"), default="text")
    info.set_defaults(handler=_info)
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


def _rebuild(args: argparse.Namespace) -> int:
    from lake.follow import rebuild

    try:
        caught = rebuild(args.home)
    except Exception as error:  # the catalog cannot be opened or a table not dropped
        print(f"tonbaeb lake rebuild: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    for each in caught:
        print(f"province {each.province} {each.version}: {each.failure or each.state}")
    if not caught:
        print("nothing is published: the lake is empty")
    return 1 if any(c.state == "failed" for c in caught) else 0
