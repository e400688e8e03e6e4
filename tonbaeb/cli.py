"""The `tonbaeb` command: parses arguments, resolves --home, calls plain functions.

Exit status: 0 success, 1 when some district's batch (or a query) failed,
2 for a usage error. This is the only module that reads the environment.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from core.home import home_from

if TYPE_CHECKING:
    from etl.limits import Limits

USAGE_ERROR = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    os.umask(
        0o077
    )  # whatever tonbaeb writes (archive, warehouse, state, keys) is its owner's alone: PDPA
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return USAGE_ERROR
    args.home = home_from(getattr(args, "home", None), os.environ.get("TONBAEB_STATE_URL"))
    if args.handler is not _generate:
        args.home.secure()
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        schema = sys.modules.get("accounts.schema")  # loaded by whatever opened the state store
        if schema is not None and isinstance(error, schema.Outdated):
            print(f"tonbaeb: {error}", file=sys.stderr)  # names the command that upgrades it
            return 1
        raise


def build_parser() -> argparse.ArgumentParser:
    """Every subcommand, each taking --home (before or after the subcommand's name)."""
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: a subcommand's parser would otherwise set home=None over the value given
    # before its name (`tonbaeb --home DIR etl run`).
    common.add_argument(
        "--home",
        default=argparse.SUPPRESS,
        help="folder for archives, warehouses and state (default $TONBAEB_HOME or ./data)",
    )
    parser = argparse.ArgumentParser(prog="tonbaeb", parents=[common], description=__doc__)
    sub = parser.add_subparsers(metavar="COMMAND")

    etl = sub.add_parser(
        "etl", parents=[common], help="pull district submissions into the warehouse"
    )
    etl_sub = etl.add_subparsers(metavar="ACTION")
    run = etl_sub.add_parser("run", parents=[common], help="pull, check and load every source")
    run.add_argument("--sources", required=True, type=Path, help="TOML file of [[source]] tables")
    run.add_argument("--province", help="only this province (2-digit DOPA code)")
    run.add_argument("--district", help="only this district (4-digit DOPA code)")
    run.add_argument("--rules", type=Path, help="rules file (default: the shipped standard)")
    run.add_argument("--workers", type=int, default=2, help="parallel parsing processes")
    _add_limits(run)
    run.set_defaults(handler=_etl_run)

    query = sub.add_parser("sql", parents=[common], help="read-only SQL on one tenant's warehouse")
    query.add_argument("--province", required=True)
    query.add_argument("--format", choices=("table", "csv", "json"), default="table")
    query.add_argument("query")
    query.set_defaults(handler=_sql)

    generate = sub.add_parser("generate", parents=[common], help="write realistic demo submissions")
    generate.add_argument("--province", action="append", required=True, help="code, or 'all'")
    generate.add_argument(
        "--years", default="2564-2568", help="fiscal years (B.E.), e.g. 2564-2568"
    )
    generate.add_argument("--out", type=Path, required=True)
    generate.add_argument("--seed", type=int, default=1)
    generate.add_argument("--format", choices=("xlsx", "csv", "mixed"), default="mixed")
    generate.add_argument("--messy-share", type=float, default=0.1)
    generate.add_argument("--invalid-share", type=float, default=0.01)
    generate.add_argument("--workers", type=int, default=2)
    generate.set_defaults(handler=_generate)

    template = sub.add_parser(
        "template", parents=[common], help="write a district's entry workbook (.xlsx)"
    )
    template.add_argument("--province", required=True, help="2-digit DOPA code")
    template.add_argument(
        "--district", required=True, help="4-digit DOPA code of a district of the province"
    )
    template.add_argument("--out", type=Path, required=True)
    template.add_argument(
        "--prefill", action="store_true", help="with the district's last published records"
    )
    template.set_defaults(handler=_template)

    from tonbaeb import commands, lake_commands, ops_commands, state_commands

    commands.register(sub, common)
    ops_commands.register(sub, etl_sub, common)
    state_commands.register(sub, common)
    lake_commands.register(sub, common)
    return parser


def _add_limits(run: argparse.ArgumentParser) -> None:
    """The limits of a run: bytes per source, time per download, the shrink guard."""
    from etl.limits import MB, Limits

    default = Limits()
    run.add_argument(
        "--max-source-mb",
        type=float,
        default=default.max_bytes / MB,
        help="largest source (a file, a folder's files, a download) in MB",
    )
    run.add_argument(
        "--download-timeout",
        type=float,
        default=default.download_seconds,
        help="seconds a whole download may take",
    )
    run.add_argument(
        "--max-shrink",
        type=float,
        default=default.max_shrink,
        help="share of a sheet's published rows a submission may drop (else held)",
    )
    run.add_argument(
        "--accept-shrink",
        action="append",
        default=[],
        metavar="DISTRICT",
        help="publish this district's submission even if it cuts a sheet (repeatable)",
    )
    run.add_argument(
        "--max-club-loss",
        type=float,
        default=default.max_club_loss,
        help="share of a staying club's members, or of a year's meetings, a submission "
        "may drop (else held)",
    )
    run.add_argument(
        "--accept-removal",
        action="append",
        default=[],
        metavar="DISTRICT",
        help="publish this district's submission even if it removes published clubs, "
        "members or meetings (repeatable; needs --reason; audited)",
    )
    run.add_argument(
        "--reason",
        default="",
        help="why the removals of --accept-removal are meant (kept in the audit log)",
    )
    run.add_argument(
        "--accept-replace",
        action="append",
        default=[],
        metavar="DISTRICT",
        help="publish this district's source even over a newer upload (repeatable)",
    )


def _limits(args: argparse.Namespace) -> Limits:
    """The run's Limits from the options; raises ValueError naming a bad one."""
    from etl.limits import MB, Limits

    for option, share in (
        ("--max-shrink", args.max_shrink),
        ("--max-club-loss", args.max_club_loss),
    ):
        if not 0 <= share < 1:
            raise ValueError(f"{option} must be a share from 0 to below 1, not {share}")
    if args.max_source_mb <= 0 or args.download_timeout <= 0:
        raise ValueError("--max-source-mb and --download-timeout must be above 0")
    return Limits(
        max_bytes=int(args.max_source_mb * MB),
        download_seconds=args.download_timeout,
        max_shrink=args.max_shrink,
        accept_shrink=frozenset(args.accept_shrink),
        accept_replace=frozenset(args.accept_replace),
        max_club_loss=args.max_club_loss,
        accept_removal=frozenset(args.accept_removal),
    )


def _etl_run(args: argparse.Namespace) -> int:
    from accounts import locks
    from etl import runs
    from etl.errors import SourcesError
    from etl.pipeline import run
    from etl.report import print_outcomes, progress
    from etl.sources import read_sources, select
    from lake import follow
    from tonbaeb import removal_audit
    from warehouse.rules import RulesError, load_rules

    try:
        sources = select(read_sources(args.sources), args.province, args.district)
        rules = load_rules(args.rules)
        limits = _limits(args)
    except (SourcesError, RulesError, ValueError) as error:
        print(f"tonbaeb etl run: {error}", file=sys.stderr)
        return USAGE_ERROR
    if not sources:
        print("tonbaeb etl run: no source matches --province/--district", file=sys.stderr)
        return USAGE_ERROR
    reason = " ".join(args.reason.split())
    if args.accept_removal and not reason:
        print(
            "tonbaeb etl run: --accept-removal needs --reason TEXT (why the removal is meant; "
            "it is audited)",
            file=sys.stderr,
        )
        return USAGE_ERROR
    for option, named in (
        ("--accept-shrink", args.accept_shrink),
        ("--accept-removal", args.accept_removal),
        ("--accept-replace", args.accept_replace),
    ):
        unknown = sorted(set(named) - {s.district for s in sources})
        if unknown:
            print(
                f"tonbaeb etl run: {option} {unknown[0]} names no district of this run",
                file=sys.stderr,
            )
            return USAGE_ERROR
    try:
        with locks.exclusive(args.home, "etl run", args.home.state / "etl-run.lock", wait=False):
            started = time.time()
            with progress(len(sources)) as advance:
                outcomes = run(
                    args.home,
                    sources,
                    rules,
                    workers=args.workers,
                    on_done=runs.logging_each(advance, started),
                    limits=limits,
                )
            follower = next((p.pid for p in follow.started()), None)  # the lake's, if started
            runs.record(args.home, outcomes, started, time.time(), args.rules, follower)
            removal_audit.record(args.home, outcomes, set(args.accept_removal), reason)
    except locks.Held as error:
        print(
            f"tonbaeb etl run: another run is loading: {error}; this one loads nothing",
            file=sys.stderr,
        )
        return 1
    print_outcomes(outcomes)
    for line in runs.lake_behind(args.home, {o.source.province for o in outcomes}, follower):
        print(f"tonbaeb etl run: {line}", file=sys.stderr)  # published all the same
    return 1 if any(o.refused for o in outcomes) else 0


def _template(args: argparse.Namespace) -> int:
    from accounts.scope import Scope
    from etl.template import workbook
    from warehouse.queries.submission import district_records

    records = None
    if args.prefill:
        # A shell user reads the warehouse as a director would (`tonbaeb sql` reads all of it).
        records = district_records(
            args.home, Scope("shell", "director", args.province), args.district
        )
        if records is None:
            print(
                f"tonbaeb template: nothing published for district {args.district}", file=sys.stderr
            )
            return 1
    try:
        data = workbook(args.province, args.district, records)
        args.out.write_bytes(data)
    except ValueError as error:
        print(f"tonbaeb template: {error}", file=sys.stderr)
        return USAGE_ERROR
    except OSError as error:
        print(f"tonbaeb template: {args.out}: cannot be written: {error.strerror}", file=sys.stderr)
        return 1
    print(
        f"{args.out}: entry workbook of district {args.district}"
        + (" (pre-filled)" if records else "")
    )
    return 0


def _sql(args: argparse.Namespace) -> int:
    from core.home import UnknownProvince
    from warehouse.connection import NotPublished
    from warehouse.query import QueryFailed, run_query

    try:
        text = run_query(args.home, args.province, args.query, args.format)
    except (UnknownProvince, NotPublished) as error:
        print(f"tonbaeb sql: nothing published for province {error}", file=sys.stderr)
        return USAGE_ERROR
    except QueryFailed as error:
        print(f"tonbaeb sql: {error}", file=sys.stderr)
        return 1
    sys.stdout.write(text)
    return 0


def _generate(args: argparse.Namespace) -> int:
    import geothai

    from tonbaeb.generate import generate

    provinces: list[str] = []
    for value in args.province:
        provinces += [p.code for p in geothai.provinces()] if value == "all" else [value]
    unknown = [p for p in provinces if geothai.province(p) is None]
    if unknown:
        print(f"tonbaeb generate: unknown province code(s): {', '.join(unknown)}", file=sys.stderr)
        return USAGE_ERROR
    try:
        first, _, last = args.years.partition("-")
        years = list(range(int(first), int(last or first) + 1))
    except ValueError:
        print(
            f"tonbaeb generate: --years must look like 2564-2568, not {args.years!r}",
            file=sys.stderr,
        )
        return USAGE_ERROR
    result = generate(
        args.out,
        provinces,
        years,
        seed=args.seed,
        messy_share=args.messy_share,
        invalid_share=args.invalid_share,
        fmt=args.format,
        workers=args.workers,
        today=date.today(),
    )
    print(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
