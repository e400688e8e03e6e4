"""Subcommands beyond ETL and SQL: accounts, serving, and the demo."""

from __future__ import annotations

import argparse

from tonbaeb import demo


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    """Add users, audit, serve and demo."""
    from accounts import commands as account_commands

    account_commands.register(sub, common)

    serve = sub.add_parser("serve", parents=[common], help="serve the dashboard with its accounts")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8050)
    serve.add_argument("--workers", type=int, default=2)
    serve.set_defaults(handler=_serve)

    run = sub.add_parser("demo", parents=[common], help="generate, load and serve a real province")
    run.add_argument("--province", default=demo.PROVINCE)
    run.add_argument("--years", default=demo.YEARS)
    run.add_argument("--port", type=int, default=8050)
    run.add_argument("--no-serve", action="store_true", help="prepare the data and accounts only")
    run.set_defaults(handler=demo.run)


def _serve(args: argparse.Namespace) -> int:
    from dashboard.serve import serve

    serve(args.home, args.host, args.port, args.workers)
    return 0
