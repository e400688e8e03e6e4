"""The overview, district and club pages' cold path: a first view with every cache cleared, in-process.

    .venv/bin/python benchmarks/cold_pages.py HOME PROVINCE USER PASSWORD [--rounds N] [--profile N]

Signs USER (of PROVINCE) in through the form of an app built on HOME (Flask's test client), then opens
the overview, each district of the user's province and one club of each (the page, its layout and the callbacks its
first render fires, as benchmarks/dash_driver.py replays them), each time with the dashboard's
caches cleared first: the cost a user pays for a district or club nobody of their scope opened
yet. Prints, per page, the median and largest milliseconds and the warehouse queries a view
made (`warehouse.queries.base.read`, DuckDB on the province's version, and `rollups`, Parquet);
`--profile N` prints cProfile's N costliest functions (by own time) over the cold views.
Nothing is written to the docs: it is a tool to find what is slow.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import pstats
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from dash_driver import Driver, Reply  # noqa: E402

from core.home import Home  # noqa: E402
from dashboard import cache  # noqa: E402
from dashboard.app import create_app  # noqa: E402
from warehouse.queries import base  # noqa: E402

COUNTS: Counter[str] = Counter()


class TestClient:
    """dash_driver's client over Flask's test client."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def get(self, path: str) -> Reply:
        answer = self.client.get(path)
        return Reply(answer.status_code, answer.get_data(), 0.0)

    def post(self, path: str, body: dict[str, Any]) -> Reply:
        answer = self.client.post(path, json=body)
        return Reply(answer.status_code, answer.get_data(), 0.0)


def counted(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def inner(*args: Any, **kwargs: Any) -> Any:
        COUNTS[name] += 1
        return function(*args, **kwargs)

    return inner


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("home", type=Path)
    parser.add_argument("province")
    parser.add_argument("user")
    parser.add_argument("password")
    parser.add_argument("--rounds", type=int, default=1, help="cold views of each page")
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    parser.add_argument("--dump", type=Path, help="write the profile there (for pstats)")
    args = parser.parse_args()
    home = Home(args.home.resolve())
    for name, function in (("duckdb", base.read), ("parquet", base.rollups)):
        for module in list(sys.modules.values()):  # wherever it was imported by name
            if (module.__name__ or "").startswith("warehouse.queries") and getattr(
                module, function.__name__, None
            ) is function:
                setattr(module, function.__name__, counted(name, function))
    app = create_app(home)
    client = app.server.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token, "no sign-in form"
    form = {"username": args.user, "password": args.password, "csrf_token": token.group(1)}
    assert client.post("/login", data=form).status_code == 302, "the sign-in failed"
    driver = Driver(TestClient(client))
    urls = _urls(home, args.province)
    profile = cProfile.Profile() if args.profile else None
    timings: dict[str, list[float]] = {"overview": [], "district": [], "club": []}
    queries: dict[str, list[int]] = {"overview": [], "district": [], "club": []}
    for _round in range(args.rounds):
        for kind, url in urls:
            cache.clear()
            COUNTS.clear()
            if profile:
                profile.enable()
            started = time.perf_counter()
            visit = driver.visit(url)
            seconds = time.perf_counter() - started
            if profile:
                profile.disable()
            failed = [c.label for c in visit.calls if c.reply and c.reply.status != 200]
            assert not failed, (url, failed)
            timings[kind].append(seconds * 1000)
            queries[kind].append(COUNTS["duckdb"] + COUNTS["parquet"])
    for kind, values in timings.items():
        print(
            f"{kind}: {len(values)} cold views, median {statistics.median(values):.0f} ms,"
            f" largest {max(values):.0f} ms, queries a view median"
            f" {statistics.median(queries[kind]):.0f}"
        )
    if profile:
        pstats.Stats(profile).sort_stats("tottime").print_stats(args.profile)
        if args.dump:
            profile.dump_stats(args.dump)
    return 0


def _urls(home: Home, province: str) -> list[tuple[str, str]]:
    """The overview, each district of the province, and its first club."""
    from warehouse.query import run_query

    listed = run_query(
        home,
        province,
        "select district_code, min(club_id) as club_id from clubs group by 1 order by 1",
    )
    urls: list[tuple[str, str]] = [("overview", "/")]
    for row in csv.DictReader(listed.splitlines()):
        urls.append(("district", f"/district?district={row['district_code']}"))
        urls.append(("club", f"/club?district={row['district_code']}&club={row['club_id']}"))
    return urls


if __name__ == "__main__":
    raise SystemExit(main())
