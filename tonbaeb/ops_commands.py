"""Subcommands for running a home for years: the nightly schedule, backups, restores, rebuilds."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

USAGE_ERROR = 2


def register(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    etl_sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    common: argparse.ArgumentParser,
) -> None:
    """Add `etl schedule`, `backup`, `restore` and `rebuild`."""
    schedule = etl_sub.add_parser(
        "schedule", parents=[common], help="systemd units for the nightly pull"
    )
    schedule.add_argument(
        "--sources", required=True, type=Path, help="TOML file of [[source]] tables"
    )
    schedule.add_argument("--at", default="02:00", help="time of day, HH:MM (default 02:00)")
    schedule.add_argument("--user", help="account the service runs as (default: root's choice)")
    schedule.set_defaults(handler=_schedule)

    keep = sub.add_parser(
        "backup", parents=[common], help="archive, state, rules, boundaries, secrets"
    )
    keep.add_argument(
        "dest", type=Path, metavar="DEST", help="a .tar file to write, or a folder for it"
    )
    keep.set_defaults(handler=_backup)

    back = sub.add_parser("restore", parents=[common], help="unpack a backup into an empty --home")
    back.add_argument("src", type=Path, metavar="SRC", help="a backup tar")
    back.set_defaults(handler=_restore)

    again = sub.add_parser(
        "rebuild", parents=[common], help="load every archived submission again, in order"
    )
    again.set_defaults(handler=_rebuild)


def _schedule(args: argparse.Namespace) -> int:
    from etl.schedule import BadTime, units

    if not args.sources.is_file():
        print(f"tonbaeb etl schedule: {args.sources}: no such sources file", file=sys.stderr)
        return USAGE_ERROR
    executable = Path(
        shutil.which("tonbaeb") or Path(sys.executable).with_name("tonbaeb")
    ).resolve()
    try:
        text = units(executable, args.home.root, args.sources.resolve(), args.at, args.user)
    except BadTime as error:
        print(f"tonbaeb etl schedule: {error}", file=sys.stderr)
        return USAGE_ERROR
    sys.stdout.write(text)
    return 0


def _backup(args: argparse.Namespace) -> int:
    from tonbaeb.backup import SECRETS_WARNING, BackupError, backup

    try:
        path, count = backup(args.home, args.dest)
    except BackupError as error:
        print(f"tonbaeb backup: {error}", file=sys.stderr)
        return USAGE_ERROR
    print(f"{path}: {count} files")
    print(SECRETS_WARNING, file=sys.stderr)
    return 0


def _restore(args: argparse.Namespace) -> int:
    from tonbaeb.backup import SECRETS_WARNING, BackupError, restore

    try:
        count = restore(args.src, args.home)
    except BackupError as error:
        print(f"tonbaeb restore: {error}", file=sys.stderr)
        return USAGE_ERROR
    print(
        f"{args.home.root}: {count} files restored; now run: tonbaeb rebuild --home {args.home.root}"
    )
    print(SECRETS_WARNING, file=sys.stderr)
    return 0


def _rebuild(args: argparse.Namespace) -> int:
    from tonbaeb.rebuild import RebuildError, rebuild

    def shown(step, outcomes) -> None:  # type: ignore[no-untyped-def]
        states = ", ".join(f"{o.source.district} {o.status}" for o in outcomes)
        print(f"{step.province} ({step.rules_version}): {states}")

    try:
        failed = rebuild(args.home, shown)
    except RebuildError as error:
        print(f"tonbaeb rebuild: {error}", file=sys.stderr)
        return USAGE_ERROR
    return 1 if failed else 0
