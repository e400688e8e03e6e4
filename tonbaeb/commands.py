"""Subcommands beyond ETL and SQL: accounts, boundaries, serving, and the demo."""

from __future__ import annotations

import argparse
import sys
import time
from contextlib import closing

from core.home import Home
from tonbaeb import approval_commands, demo

USAGE_ERROR = 2


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Add users, audit, geo, serve and demo."""
    from accounts import commands as account_commands

    account_commands.register(sub, common)
    approval_commands.register(sub, common)

    boundaries = sub.add_parser("geo", parents=[common], help="boundaries for the maps")
    geo_actions = boundaries.add_subparsers(metavar="ACTION")
    load = geo_actions.add_parser("load", parents=[common], help="load provinces or districts")
    load.add_argument(
        "source", metavar="FILE|URL", help="GeoJSON (COD-AB, geoBoundaries or DOPA codes)"
    )
    load.add_argument("--attribution", help="text shown with the maps (default: COD-AB's)")
    load.add_argument("--credit", help="short attribution for a map's corner")
    load.set_defaults(handler=_geo_load)

    archive = sub.add_parser("archive", parents=[common], help="the sealed archive of source files")
    archive_actions = archive.add_subparsers(metavar="ACTION")
    rotate = archive_actions.add_parser(
        "rotate-key", parents=[common], help="new archive key for a province, files re-sealed"
    )
    rotate.add_argument("--province", required=True)
    rotate.set_defaults(handler=_rotate_key)

    serve = sub.add_parser("serve", parents=[common], help="serve the dashboard with its accounts")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8050)
    serve.add_argument("--workers", type=int, default=2)
    serve.add_argument(
        "--trusted-proxy",
        action="append",
        default=[],
        metavar="ADDR",
        help="address or network of a reverse proxy whose X-Forwarded-For names the client (repeatable)",
    )
    serve.add_argument(
        "--server-id",
        metavar="NAME",
        help="this server's name in every response's X-Tonbaeb-Server header"
        " (default: HOSTNAME:PORT; the worker's process id follows it)",
    )
    serve.set_defaults(handler=_serve)

    run = sub.add_parser("demo", parents=[common], help="generate, load and serve a real province")
    run.add_argument("--province", default=demo.PROVINCE)
    run.add_argument(
        "--years", default=None, help="fiscal years (B.E.); default: six up to the last ended one"
    )
    run.add_argument("--port", type=int, default=8050)
    run.add_argument("--no-serve", action="store_true", help="prepare the data and accounts only")
    run.add_argument("--geo", help="folder of boundaries (*.geojson) to load once")
    run.set_defaults(handler=demo.run)


def _geo_load(args: argparse.Namespace) -> int:
    from etl.geo import ATTRIBUTION, CREDIT, GeoUnreadable, load_boundaries
    from etl.geo.report import describe

    try:
        result = load_boundaries(
            args.home,
            args.source,
            attribution=args.attribution or ATTRIBUTION,
            credit=args.credit or CREDIT,
        )
    except GeoUnreadable as error:
        print(f"tonbaeb geo load: {error}", file=sys.stderr)
        return USAGE_ERROR
    print(describe(result))
    return result.exit_status


def _rotate_key(args: argparse.Namespace) -> int:
    from etl.archive import rotate_key
    from etl.sealed import SealError

    try:
        count = rotate_key(args.home.archive, args.province)
    except SealError as error:
        print(f"tonbaeb archive rotate-key: {error}", file=sys.stderr)
        return USAGE_ERROR
    print(
        f"province {args.province}: {count} archived files sealed with a new key; older keys removed"
    )
    return 0


def _serve(args: argparse.Namespace) -> int:
    from accounts.guard import trusted_networks
    from dashboard.identity import check_name
    from dashboard.serve import serve

    try:
        trusted_networks(args.trusted_proxy)
    except ValueError as error:
        print(f"tonbaeb serve: --trusted-proxy: {error}", file=sys.stderr)
        return USAGE_ERROR
    try:
        if args.server_id is not None:
            check_name(args.server_id)
    except ValueError as error:
        print(f"tonbaeb serve: --server-id: {error}", file=sys.stderr)
        return USAGE_ERROR
    from accounts.schema import Outdated

    try:
        warning = _proxy_warning(args.home, tuple(args.trusted_proxy))
    except Outdated as error:  # the store is opened here first: refuse before any worker starts
        print(f"tonbaeb serve: {error}", file=sys.stderr)
        return 1
    if warning:
        print(f"tonbaeb serve: {warning}", file=sys.stderr)
    serve(args.home, args.host, args.port, args.workers, tuple(args.trusted_proxy), args.server_id)
    return 0


def _proxy_warning(home: Home, trusted_proxies: tuple[str, ...]) -> str | None:
    """accounts.throttle.proxy_warning from the state store, closed again before the workers fork."""
    from accounts.store import open_store
    from accounts.throttle import proxy_warning

    with closing(open_store(home)) as store:
        return proxy_warning(store, trusted_proxies, time.time())
