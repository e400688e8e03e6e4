"""`tonbaeb demo`: generated submissions for a real province, loaded and served.

Everything lives in the home folder: the generated inbox under demo/, the
warehouse, the national lake (`tonbaeb lake info`), the boundaries (with --geo), and two demo
accounts whose passwords are made once and printed.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import secrets
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.home import Home

PROVINCE = "62"  # Kamphaeng Phet, home of the founding Khlong Khlung club
DISTRICT = "6205"  # Khlong Khlung


def run(args: argparse.Namespace) -> int:
    """Generate (once), load, create the demo accounts, print how to log in, serve."""
    import geothai

    from etl.pipeline import run as run_etl
    from etl.report import print_outcomes, progress
    from etl.sources import read_sources
    from lake import follow
    from tonbaeb import demo_approvals, demo_history
    from warehouse.rules import load_rules

    home, today = args.home, date.today()
    inbox = home.root / "demo" / f"inbox-{args.province}"
    sources_file = inbox / "sources.toml"
    first, _, last = (args.years or demo_history.default_years(today)).partition("-")
    years = list(range(int(first), int(last or first) + 1))
    late, incomplete = demo_history.chosen([d.code for d in geothai.districts(args.province)])
    if not sources_file.exists():
        print(
            f"Generating submissions for province {args.province}, fiscal years "
            f"{years[0]}-{years[-1]}, into {inbox} ..."
        )
        generate_inbox(inbox, args.province, years, incomplete, today, late)
    sources = read_sources(sources_file)
    rules = load_rules(None)
    lake_on(home)
    with progress(len(sources)) as advance:
        outcomes = run_etl(home, sources, rules, on_done=advance, follower=False)
    print_outcomes(outcomes)
    if any(o.status == "loaded" for o in outcomes) and demo_history.backdate(
        home, args.province, years[-1], late, rules, today
    ):
        print(
            f"Demo load history: FY {years[-1]} sent late by {_english(late)}; "
            f"incomplete (too many rejected rows) from {_english(incomplete)}."
        )
    # Committed now, not by a follower: `lake info` lists the tables at once (the backdated
    # history is a publish too).
    caught = follow.catch_up(home, [args.province])
    for failed in (c for c in caught if c.state == "failed"):
        print(f"The national lake is behind on {failed.province}: {failed.failure}")
    signed = demo_approvals.sign_off(home, args.province, years[-1], datetime.now(), rules)
    if signed:
        counts = {
            state: list(signed.values()).count(state) for state in sorted(set(signed.values()))
        }
        print(
            f"Demo sign-off: FY {years[0]}-{years[-2]} approved as history (the overdue"
            f" district's draft year aside); FY {years[-1]}: "
            + ", ".join(f"{n} {state}" for state, n in counts.items())
            + " (see /approval)."
        )
    if args.geo:
        load_geo(home, Path(args.geo))
    district = DISTRICT if args.province == PROVINCE else sources[0].district
    accounts = demo_accounts(home, args.province, district)
    from tonbaeb import demo_followups

    if demo_followups.plant(home, args.province, district, years[-1], accounts[0][0], today):
        print(
            f"Demo targets for FY {years[-1]} and {years[-1] + 1} set; "
            f"follow-ups recorded for failing clubs of {_english(district)}."
        )
    print("\nDemo accounts (saved in", home.state / "demo-accounts.txt", "):")
    for username, role, password in accounts:
        print(f"  {role:<9} user: {username:<16} password: {password}")
    if args.no_serve:
        return 0
    print(f"\nOpen http://127.0.0.1:{args.port}/ and log in. Ctrl-C stops the server.", flush=True)
    # A fresh process serves: gunicorn forks its workers, and workers forked from this one
    # (polars has worked here) would hang on their first parallel query.
    command = [
        sys.executable,
        "-m",
        "tonbaeb.cli",
        "serve",
        "--home",
        str(home.root),
        "--port",
        str(args.port),
    ]
    os.execv(sys.executable, command)
    return 0  # not reached


def _english(district: str | None) -> str:
    """A district's English name, or '-' for none."""
    import geothai

    place = geothai.district(district) if district else None
    return place.name_en if place else "-"


def generate_inbox(
    inbox: Path,
    province: str,
    years: list[int],
    incomplete: str | None,
    today: date,
    late: str | None = None,
) -> None:
    """Every district's submission; the incomplete one with too many invalid rows (one sources.toml).
    The first third of the other districts (by code) have sent the fiscal year in progress so far
    too: the overview's "this fiscal year" has some districts that have sent and some not."""
    import geothai

    from tonbaeb import demo_history
    from tonbaeb.generate import generate

    others = [d.code for d in geothai.districts(province) if d.code not in (incomplete, late)]
    early = sorted(others)[: max(1, len(others) // 3)]
    rest = [d for d in geothai.districts(province) if d.code != incomplete]
    generate(
        inbox,
        [province],
        years,
        seed=62,
        fmt="mixed",
        today=today,
        districts=[d.code for d in rest if d.code not in early],
    )
    listed = (inbox / "sources.toml").read_text(encoding="utf-8")
    if early:
        current = [*years, years[-1] + 1]  # the year in progress, up to today
        generate(inbox, [province], current, seed=62, fmt="mixed", today=today, districts=early)
        listed += "\n" + (inbox / "sources.toml").read_text(encoding="utf-8")
    if incomplete:
        generate(
            inbox,
            [province],
            years,
            seed=62,
            fmt="mixed",
            today=today,
            districts=[incomplete],
            invalid_share=demo_history.INCOMPLETE_SHARE,
        )
        listed += "\n" + (inbox / "sources.toml").read_text(encoding="utf-8")
    (inbox / "sources.toml").write_text(listed, encoding="utf-8")


def lake_on(home: Home) -> None:
    """Turn the national lake on for the demo home, unless its settings say otherwise."""
    settings = home.root / "settings.toml"
    if home.settings("lake") or (settings.exists() and "[lake]" in settings.read_text("utf-8")):
        return
    home.secure()
    with settings.open("a", encoding="utf-8") as out:
        out.write(
            "\n[lake]\nenabled = true  # the demo commits each publish to the lake (docs/lake.md)\n"
        )


def load_geo(home: Home, folder: Path) -> None:
    """Load every GeoJSON file of the folder (provinces before districts), each only once."""
    from etl.geo import load_boundaries
    from etl.geo.report import describe
    from warehouse import geo

    loaded = {level["sha256"] for level in geo.manifest(home).get("levels", {}).values()}
    files = sorted(folder.glob("*.geojson"))  # tha_adm1_… sorts before tha_adm2_…
    if not files:
        print(f"No boundaries (*.geojson) in {folder}: the maps will say how to load them.")
    for path in files:
        if hashlib.sha256(path.read_bytes()).hexdigest() in loaded:
            print(f"Boundaries already loaded: {path.name}")
            continue
        print(f"Loading boundaries from {path} ...")
        print(describe(load_boundaries(home, str(path))))


def demo_accounts(home: Home, province: str, district: str) -> list[tuple[str, str, str]]:
    """A director of the province and an officer of one district; made once, then reused."""
    from accounts.store import open_store
    from accounts.users import add_user

    saved = home.state / "demo-accounts.txt"
    if saved.exists():
        rows = [line.split("\t") for line in saved.read_text(encoding="utf-8").splitlines()]
        return [(u, r, p) for u, r, p in rows]
    wanted = [
        (f"director{province}", "director", None),
        (f"officer{district}", "officer", district),
    ]
    store = open_store(home)
    made = []
    for username, role, scope_district in wanted:
        password = secrets.token_urlsafe(9)
        add_user(store, username, role, province, scope_district, password)
        made.append((username, role, password))
    saved.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(saved, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.writelines("\t".join(row) + "\n" for row in made)
    return made
