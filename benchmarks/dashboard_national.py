"""National-scale dashboard benchmark: `tonbaeb serve` on loopback, every callback, every role.

    .venv/bin/python benchmarks/dashboard_national.py [--source HOME] [--rounds 20] [--workers 2]

1. Copies the warehouse of a home with national data (default benchmarks/out/home, the one
   benchmarks/etl_national.py loads) into benchmarks/out/dashboard-home, loads the boundaries
   of ../shared/geo (--geo) for the maps, and loads a second
   fiscal year for a few provinces there (generated, seed 1), so trends and year-on-year
   change have something to show.
2. Makes accounts of every role with `tonbaeb users add --password-stdin` and starts
   `tonbaeb serve --workers N` on a free loopback port.
3. Logs in through the login form (CSRF token) with a real HTTP client, and visits every page
   each user can open as the browser does (benchmarks/dash_driver.py): every page in the
   navbar the server draws for the user (the national user also for one province), a
   district, the top club, a comparison of two clubs; for each, the page, the layout, the
   dependencies, the router, then every callback the page's own layout fires, the
   leaderboard's row blocks (first, sorted, filtered, deep) and the Excel downloads.
4. Replays every request: once on the fresh server, once right after a new version of a
   province is published, then ROUNDS more times; p50 / p95 / max of the client-measured
   time per request (one keep-alive connection, so one worker), and the server's own time
   from its Server-Timing header.
5. Runs the query-layer functions behind each callback in this process, with the query
   cache cleared (benchmarks/query_timing.py), and reports callback time / query time.
6. Counts what headless Chromium transfers on the first load of each page (CDP Network
   events, empty cache), with whatever compression the server applies.
Writes the report, without its table of every request, to docs/benchmarks/dashboard_national.md
(with date, commit, machine and command), and the whole report to OUT/dashboard_national.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from dash_driver import Call, Driver, Reply, Visit, components, downloads, grids  # noqa: E402
from dashboard_report import Measured, render  # noqa: E402
from query_timing import query_times  # noqa: E402

from benchmarks import report  # noqa: E402
from dashboard.serve import THREADS  # noqa: E402

PASSWORD = "benchmark-password-2568"
FIRST_PASSWORD = (
    "benchmark-first-password-2568"  # given by `users add`; changed at the first sign-in
)
PROVINCE = "30"  # Nakhon Ratchasima: the director's province
SECOND_YEAR = ("30", "62", "40")  # provinces loaded with FY 2567 too
ABOUT = """The dashboard at national scale: a home of all 77 provinces (from
`benchmarks/etl_national.py`) with the shared boundaries and a second fiscal year for three
provinces, served by `tonbaeb serve --workers 2` on loopback. A real HTTP client signs in as a
national user, a director and an officer and drives every page each can open as the browser
does (the page, its layout and dependencies, the pages router's answer, the leaderboard's row
blocks, the Excel downloads), once fresh, once right after a publish, then ROUNDS warm rounds.
Each callback's server time is set against the query-layer calls behind it (cache cleared), and
headless Chromium counts what the first load of each page transfers. Targets: warm p95 of every
callback < 150 ms, server time ≤ 2× the query behind it, first page load < 2 MB. See
[Benchmarks](../benchmarks.md#dashboard-national)."""


@dataclass
class User:
    """A benchmark account and the pages it opens."""

    name: str
    role: str
    province: str | None = None
    district: str | None = None
    visits: list[Visit] = field(default_factory=list)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--source", type=Path, default=ROOT / "benchmarks" / "out" / "home")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument(
        "--fresh", action="store_true", help="copy and load the benchmark home again"
    )
    parser.add_argument(
        "--no-browser", action="store_true", help="skip the Chromium transfer count"
    )
    parser.add_argument(
        "--geo",
        type=Path,
        default=ROOT.parent / "shared" / "geo",
        help="folder of boundary GeoJSON files loaded into the home for the maps",
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    home_root = args.out / "dashboard-home"
    prepare_home(args.source, home_root, args.out / "dashboard-inbox", args.geo, args.fresh)
    data = describe(home_root)
    print(data)
    users = make_accounts(home_root)

    log = args.out / "dashboard_serve.log"
    with Served(home_root, args.workers, log) as base:
        for user in users:
            first_sign_in(base, user.name)
        sessions = {u.name: http_login(base, u.name) for u in users}
        for user in users:
            plan_visits(user, sessions[user.name], home_root)
            print(
                f"{user.name}: {len(user.visits)} pages, {sum(len(v.calls) for v in user.visits)} requests"
            )
        fresh = {key: call.reply for key, call in requests_of(users) if call.reply}
        publish(home_root, PROVINCE)
        after_publish = replay_all(users, sessions)
        warm = [replay_all(users, sessions) for _ in range(args.rounds)]
        print(f"replayed {args.rounds + 1} rounds")
        failed = sorted(
            {
                key
                for replies in (fresh, after_publish, *warm)
                for key, r in replies.items()
                if r.status >= 400
            }
        )
        if failed:
            print(
                f"{len(failed)} requests were refused or failed (listed above): no report",
                file=sys.stderr,
            )
            return 1
        pages, first_page = ({}, {}) if args.no_browser else page_transfers(base, users)
    errors = [
        line
        for line in log.read_text(encoding="utf-8", errors="replace").splitlines()
        if " failed" in line or "Traceback" in line
    ]
    behind = query_times(home_root, PASSWORD, [(key[0], call) for key, call in requests_of(users)])
    rows = [
        Measured(
            *key,
            fresh[key].seconds,
            after_publish[key].seconds,
            [w[key].seconds for w in warm],
            [w[key].server_seconds or 0.0 for w in warm],
            behind.get(id(call)),
        )
        for key, call in requests_of(users)
    ]
    setup = (
        f"Data: {data}. Server: `tonbaeb serve --workers {args.workers}` (gunicorn, gthread, "
        f"{THREADS} threads a worker) on "
        f"loopback. Users: {', '.join(f'{u.name} ({u.role})' for u in users)}. Times are measured by the HTTP client "
        "(requests, one keep-alive connection per user): fresh = first call on the new server, after publish = first "
        f"call after a new version of province {PROVINCE} was published, p50 / p95 over {args.rounds} warm rounds, max "
        "over all; server p95 = the same rounds as the server reported them (`Server-Timing`: from the request to the "
        "headers, so the callback, its JSON and its compression, without the HTTP client). "
        "Query = the query-layer calls "
        "behind the callback run in the benchmark process with the cache cleared (median of 5). "
        f"Server errors logged: {len(errors)}. Callbacks not driven (pattern-matching ids): "
        f"{', '.join(sorted({n for u in users for v in u.visits for n in v.skipped})) or 'none'}."
    )
    table = render(rows, pages, first_page, setup)
    (args.out / "dashboard_national.md").write_text(table + "\n", encoding="utf-8")
    print("\n" + table)
    summary = table.split("\n## Every request", 1)[0].split("\n", 1)[1]  # without its title
    report.write(
        "dashboard_national",
        "Dashboard at national scale",
        ABOUT,
        report.demoted(summary)
        + f"\n\nEvery request, one by one: `{args.out / 'dashboard_national.md'}` on the machine that ran it.",
    )
    return 0


# --- the home -------------------------------------------------------------------------------


def prepare_home(source: Path, root: Path, inbox: Path, geo: Path, fresh: bool) -> None:
    """A writable copy of the national warehouse, the boundaries in GEO (when there), and a
    second fiscal year for a few provinces."""
    done = root / ".prepared"
    if done.exists() and not fresh:
        return
    if not (source / "warehouse").is_dir():
        raise SystemExit(
            f"no national home at {source}: run benchmarks/etl_national.py first, or pass --source"
        )
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    for part in ("warehouse", "secrets"):
        shutil.copytree(source / part, root / part, symlinks=True)
    shutil.rmtree(inbox, ignore_errors=True)
    tonbaeb = str(Path(sys.executable).with_name("tonbaeb"))
    for boundaries in sorted(geo.glob("*.geojson")):  # provinces (adm1) before districts (adm2)
        subprocess.run(
            [tonbaeb, "geo", "load", str(boundaries), "--home", str(root)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    for province in SECOND_YEAR:
        subprocess.run(
            [
                tonbaeb,
                "generate",
                "--province",
                province,
                "--years",
                "2567-2568",
                "--out",
                str(inbox / province),
                "--format",
                "csv",
                "--seed",
                "1",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        subprocess.run(
            [
                tonbaeb,
                "etl",
                "run",
                "--home",
                str(root),
                "--sources",
                str(inbox / province / "sources.toml"),
                "--workers",
                "2",
                *replacing(inbox / province / "sources.toml"),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    done.write_text("ok\n")


def replacing(sources: Path) -> list[str]:
    """The second year is generated afresh (other clubs, other members): each of its districts
    replaces what the national run published on purpose, past the shrink and removal guards."""
    districts = [s["district"] for s in tomllib.loads(sources.read_text("utf-8"))["source"]]
    return [f"--accept-{guard}={d}" for d in districts for guard in ("shrink", "removal")]


def describe(root: Path) -> str:
    """Provinces, clubs and members per fiscal year, from the published roll-ups."""
    from core.home import Home
    from warehouse.publish import current

    home = Home(root)
    frames = []
    for province in home.provinces():
        published = current(home, province)
        if published and (published.folder / "province_year_summary.parquet").is_file():
            frames.append(pl.read_parquet(published.folder / "province_year_summary.parquet"))
    years = (
        pl.concat(frames, how="diagonal_relaxed")
        .group_by("fiscal_year")
        .agg(pl.len().alias("provinces"), pl.col("clubs").sum(), pl.col("members").sum())
        .sort("fiscal_year")
    )
    parts = [
        f"FY {r['fiscal_year']}: {r['provinces']} provinces, {r['clubs']:,} clubs, {r['members']:,} members"
        for r in years.iter_rows(named=True)
    ]
    return "; ".join(parts)


def make_accounts(root: Path) -> list[User]:
    """One account of every role, made with the command line (passwords on stdin)."""
    shutil.rmtree(root / "state", ignore_errors=True)
    district = largest_district(root, PROVINCE)
    users = [
        User("bench-national", "national"),
        User(f"bench-director{PROVINCE}", "director", PROVINCE),
        User(f"bench-officer{district}", "officer", PROVINCE, district),
    ]
    tonbaeb = str(Path(sys.executable).with_name("tonbaeb"))
    for user in users:
        command = [
            tonbaeb,
            "users",
            "add",
            user.name,
            "--role",
            user.role,
            "--home",
            str(root),
            "--password-stdin",
        ]
        command += ["--province", user.province] if user.province else []
        command += ["--district", user.district] if user.district else []
        subprocess.run(
            command, input=FIRST_PASSWORD + "\n", text=True, check=True, stdout=subprocess.DEVNULL
        )
    return users


def largest_district(root: Path, province: str) -> str:
    from core.home import Home
    from warehouse.publish import current

    published = current(Home(root), province)
    assert published is not None, f"province {province} is not published"
    frame = pl.read_parquet(published.folder / "district_year_summary.parquet")
    latest = frame.filter(pl.col("fiscal_year") == frame["fiscal_year"].max())
    return str(latest.sort("clubs", "district_code", descending=[True, False])["district_code"][0])


def publish(root: Path, province: str) -> None:
    """A new published version of one province (summaries rebuilt, same roll-up files)."""
    from core.home import Home
    from warehouse import metrics
    from warehouse.publish import current, new_version, province_lock

    home = Home(root)
    before = current(home, province)
    assert before is not None
    kept = {p.name: p.read_bytes() for p in before.folder.iterdir() if p.suffix != ".parquet"}
    with (
        province_lock(home, province),
        new_version(home, province, lambda con: metrics.rollup_files(con, province) | kept) as con,
    ):
        metrics.refresh_summaries(con, province)
    print(f"published {current(home, province)}")


# --- the server and HTTP -------------------------------------------------------------------


class Served:
    """`tonbaeb serve` on a free loopback port for the duration of a with-block."""

    def __init__(self, root: Path, workers: int, log: Path) -> None:
        self.root, self.workers, self.log = root, workers, log

    def __enter__(self) -> str:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        tonbaeb = str(Path(sys.executable).with_name("tonbaeb"))
        self.output = open(self.log, "w", encoding="utf-8")
        self.process = subprocess.Popen(
            [
                tonbaeb,
                "serve",
                "--home",
                str(self.root),
                "--port",
                str(port),
                "--workers",
                str(self.workers),
            ],
            stdout=self.output,
            stderr=subprocess.STDOUT,
            env=os.environ | {"PYTHONUNBUFFERED": "1"},
        )
        base = f"http://127.0.0.1:{port}"
        import requests

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{base}/login", timeout=5).status_code == 200:
                    return base
            except requests.ConnectionError:
                if self.process.poll() is not None:
                    raise SystemExit(f"tonbaeb serve exited: see {self.log}") from None
                time.sleep(0.2)  # the server is still starting
        raise SystemExit("tonbaeb serve did not answer within 60 s")

    def __exit__(self, *_exc: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.output.close()


class Http:
    """A real HTTP session (keep-alive) behind the driver's client calls."""

    def __init__(self, base: str) -> None:
        import requests

        self.base = base
        self.session = requests.Session()

    def get(self, path: str) -> Reply:
        start = time.perf_counter()
        response = self.session.get(self.base + path, allow_redirects=False, timeout=120)
        content = response.content
        return Reply(
            response.status_code,
            content,
            time.perf_counter() - start,
            server_seconds(response.headers),
        )

    def post(self, path: str, body: dict[str, Any]) -> Reply:
        start = time.perf_counter()
        response = self.session.post(self.base + path, json=body, timeout=120)
        content = response.content
        return Reply(
            response.status_code,
            content,
            time.perf_counter() - start,
            server_seconds(response.headers),
        )


def server_seconds(headers: Any) -> float | None:
    """The server's own time from its `Server-Timing: app;dur=MS` header."""
    found = re.search(r"app;dur=([0-9.]+)", headers.get("Server-Timing", ""))
    return float(found.group(1)) / 1000 if found else None


def http_login(base: str, username: str, password: str = PASSWORD) -> Http:
    """Sign in through the login form with its CSRF token."""
    client = Http(base)
    answer = client.session.post(
        f"{base}/login",
        data={
            "username": username,
            "password": password,
            "csrf_token": form_token(client, "/login"),
        },
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302, (username, answer.status_code)
    return client


def first_sign_in(base: str, username: str) -> None:
    """As a new user does: sign in with the password `users add` gave, and choose one's own."""
    client = http_login(base, username, FIRST_PASSWORD)
    fields = {
        "current": FIRST_PASSWORD,
        "new": PASSWORD,
        "again": PASSWORD,
        "csrf_token": form_token(client, "/account/password"),
    }
    answer = client.session.post(
        f"{base}/account/password", data=fields, allow_redirects=False, timeout=30
    )
    assert answer.status_code == 302, (username, answer.status_code, answer.text[:300])


def form_token(client: Http, path: str) -> str:
    """The CSRF token of the form on a page."""
    page = client.session.get(f"{client.base}{path}", timeout=30).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token, f"{path} has a CSRF field"
    return token.group(1)


# --- what each user opens ------------------------------------------------------------------


def plan_visits(user: User, client: Http, root: Path) -> None:
    """Every page in the user's navbar, the drill-downs below them, and the grid's other blocks."""
    driver = Driver(client)
    home = driver.visit("/")
    nav = nav_links(home)
    user.visits.append(home)
    urls = [p for p in nav if p != "/"]
    if user.role == "national":
        urls += [f"{path}?province={PROVINCE}" for path in nav]
    district = user.district or largest_district(root, PROVINCE)
    urls.append(f"/district?district={district}")
    for url in urls:
        user.visits.append(driver.visit(url))
    board = driver.visit(
        f"/leaderboard?district={district}" if user.role != "national" else "/leaderboard"
    )
    clubs = top_clubs(board)
    if clubs:
        user.visits.append(
            driver.visit(f"/club?district={clubs[0].split('/')[0]}&club={clubs[0].split('/')[1]}")
        )
        user.visits.append(driver.visit("/compare?clubs=" + ",".join(clubs[:2])))
    filtered = driver.visit("/leaderboard?network=women&meets=yes")
    for call in filtered.calls:
        call.label = call.label.replace("(first block)", "(filtered block)")
    user.visits.append(filtered)
    for visit in user.visits:
        more_blocks(driver, visit)
        press_downloads(driver, visit)


def nav_links(visit: Visit) -> list[str]:
    """Paths of the pages in the navbar the server drew for this user: its links and the entries
    of its menus (the workflow pages)."""
    page = visit.props.get("_pages_content.children")
    nav = next((n for n in components(page) if n["props"].get("id") == "app-nav"), None)
    paths = []
    for node in components(nav):
        href = (node.get("props") or {}).get("href")
        if (
            node["type"] in ("NavLink", "DropdownMenuItem")
            and isinstance(href, str)
            and href.startswith("/")
            and (node["props"].get("id") != "app-lang")
        ):
            path = href.split("?")[0]
            if path not in paths:
                paths.append(path)
    return paths or ["/"]


def top_clubs(visit: Visit) -> list[str]:
    """Keys (district/club) of the first rows the leaderboard sent."""
    for grid in grids(visit):
        rows = (visit.props.get(f"{grid}.getRowsResponse") or {}).get("rowData") or []
        return [r["key"] for r in rows[:2] if isinstance(r.get("key"), str)]
    return []


def more_blocks(driver: Driver, visit: Visit) -> None:
    """A sorted block and a deep block of every infinite grid on the page."""
    for grid in grids(visit):
        dependency = next(
            d
            for d in driver.dependencies
            if any(i["id"] == grid and i["property"] == "getRowsRequest" for i in d["inputs"])
        )
        answer = visit.props.get(f"{grid}.getRowsResponse") or {}
        total = int(answer.get("rowCount") or 0)
        columns = [
            c.get("field") for c in visit.props.get(f"{grid}.columnDefs") or [] if c.get("sortable")
        ]
        column = "name" if "name" in columns else (columns[1] if len(columns) > 1 else None)
        size = (visit.props.get(f"{grid}.dashGridOptions") or {}).get("cacheBlockSize", 100)
        if column:
            sort = {
                "startRow": 0,
                "endRow": size,
                "sortModel": [{"colId": column, "sort": "asc"}],
                "filterModel": {},
            }
            driver.fire(
                visit,
                dependency,
                f"{grid}.getRowsResponse (sorted block)",
                {f"{grid}.getRowsRequest": sort},
            )
        if total > size:
            start = (total - 1) // size * size
            deep = {"startRow": start, "endRow": start + size, "sortModel": [], "filterModel": {}}
            driver.fire(
                visit,
                dependency,
                f"{grid}.getRowsResponse (deep block)",
                {f"{grid}.getRowsRequest": deep},
            )


def press_downloads(driver: Driver, visit: Visit) -> None:
    """Press each download button on the page once."""
    for dependency in downloads(driver.dependencies):
        ids = {i["id"] for i in dependency["inputs"] + dependency["state"]}
        if ids <= set(visit.types):
            button = next(i for i in dependency["inputs"] if i["property"] == "n_clicks")
            name = " + ".join(
                p.partition("@")[0] for p in dependency["output"].strip(".").split("...")
            )
            driver.fire(visit, dependency, f"{name} (Excel)", {f"{button['id']}.n_clicks": 1})


# --- replaying ------------------------------------------------------------------------------

Key = tuple[str, str, str]  # (user, page, request label)


def requests_of(users: list[User]) -> list[tuple[Key, Call]]:
    """Every request of every visit, named (user, page, label)."""
    return [((u.name, v.url, c.label), c) for u in users for v in u.visits for c in v.calls]


def replay_all(users: list[User], sessions: dict[str, Http]) -> dict[Key, Reply]:
    """Every request of every visit once more; the reply per (user, page, label)."""
    replies: dict[Key, Reply] = {}
    for key, call in requests_of(users):
        client = sessions[key[0]]
        reply = (
            client.post(call.path, call.body) if call.body is not None else client.get(call.path)
        )
        if reply.status >= 400:
            print(f"  {key}: HTTP {reply.status}")
        replies[key] = reply
    return replies


# --- what a browser transfers --------------------------------------------------------------


def page_transfers(
    base: str, users: list[User]
) -> tuple[dict[tuple[str, str], dict[str, Any]], dict[str, Any]]:
    """Bytes Chromium transfers on the first load (empty cache) of each page, per user.

    The server keeps compressed bundles and repacks them tighter in the background after
    first serving them, so the pages are counted in the steady state: after one warm-up
    load of each page and once every bundle's size has settled on every worker. The very
    first load on the fresh server is counted apart.
    """
    from page_bytes import Browser

    found: dict[tuple[str, str], dict[str, Any]] = {}
    with Browser() as browser:
        first = users[0]
        browser.sign_in(base, first.name, PASSWORD)
        fresh = browser.first_load(base + first.visits[0].url) | {
            "user": first.name,
            "url": first.visits[0].url,
        }
        bundles: set[str] = set()
        for url in dict.fromkeys(v.url for v in first.visits):
            bundles |= {
                u
                for u, _n in browser.first_load(base + url)["heaviest"]
                if "/_dash-component-suites/" in u
            }
        settle_bundles(sorted(bundles))
        for user in users:
            browser.sign_in(base, user.name, PASSWORD)
            for url in dict.fromkeys(v.url for v in user.visits):
                found[(user.name, url)] = browser.first_load(base + url)
    return found, fresh


def settle_bundles(urls: list[str], deadline_s: float = 180) -> None:
    """Fetch each bundle on fresh connections (so every worker serves it) until no size changes."""
    import requests

    last: dict[str, set[int]] = {}
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        sizes: dict[str, set[int]] = {}
        for url in urls:
            for _ in range(8):
                with requests.Session() as fresh:
                    answer = fresh.get(
                        url, headers={"Accept-Encoding": "br"}, stream=True, timeout=60
                    )
                    sizes.setdefault(url, set()).add(len(answer.raw.read()))
        if sizes == last and all(len(v) == 1 for v in sizes.values()):
            return
        last = sizes
        time.sleep(2)  # the workers are repacking in the background: nothing to wait on but time
    print("bundle sizes did not settle; counting anyway")


if __name__ == "__main__":
    raise SystemExit(main())
