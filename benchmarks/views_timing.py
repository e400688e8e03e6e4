"""Time the scorecard, quality-by-period and leaderboard answers on a loaded home, cold and cached.

    .venv/bin/python benchmarks/views_timing.py HOME PROVINCE [ROUNDS]

Runs each page's callback in-process as its director would (and the national scorecard as the
national role), first with the dashboard's cache cleared, then ROUNDS more times from the cache; prints
milliseconds (cold, median warm) and writes them to docs/benchmarks/views_timing.md.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import flask

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from accounts.scope import Scope  # noqa: E402
from core.home import Home  # noqa: E402
from dashboard import cache  # noqa: E402
from dashboard.app import create_app  # noqa: E402
from warehouse import queries  # noqa: E402

ABOUT = """What one page's answer costs the server, measured in-process on a loaded home: the scorecard
table and its Excel (as the province's director), the national scorecard (as the national role),
the data-quality page's submissions by period and its overdue workbook, and a leaderboard block of
100 rows sorted by score. Each is run once with the query cache cleared (cold), then ROUNDS times
from the cache (warm, median). See [Benchmarks](../benchmarks.md#views-timing)."""


def page(name: str) -> object:
    return next(
        m
        for m in list(sys.modules.values())
        if getattr(m, "__file__", "") and m.__file__.endswith(f"dashboard/pages/{name}/__init__.py")
    )


def main() -> None:
    home, province = Home(Path(sys.argv[1])), sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    app = create_app(home)
    director, national = (
        Scope(f"director{province}", "director", province),
        Scope("national", "national", None),
    )
    fy = max(queries.fiscal_years(home, director, province))
    state = {"province": province, "fy": fy, "lang": "th"}
    calls = {
        "scorecard table": (director, lambda: page("scorecard").show_table(state)),
        "scorecard Excel": (director, lambda: page("scorecard").download(1, state)),
        "national scorecard": (
            national,
            lambda: page("scorecard").show_table({"fy": fy, "lang": "th"}),
        ),
        "quality by period": (director, lambda: page("quality").show_periods(state)),
        "overdue Excel": (director, lambda: page("quality").download_overdue(1, state)),
        "leaderboard block": (
            director,
            lambda: page("leaderboard").rows(
                {"startRow": 0, "endRow": 100, "sortModel": [{"colId": "score", "sort": "desc"}]},
                state,
            ),
        ),
    }
    lines = [
        f"| answer ({home.root.name}, province {province}, FY {fy}) | cold ms | warm ms (median of {rounds}) |",
        "| --- | ---: | ---: |",
    ]
    print("\n".join(lines))
    for name, (scope, call) in calls.items():
        with app.server.test_request_context("/_dash-update-component", method="POST"):
            flask.g.scope = scope
            cache.clear()
            start = time.perf_counter()
            call()
            cold = time.perf_counter() - start
            warm = []
            for _ in range(rounds):
                start = time.perf_counter()
                call()
                warm.append(time.perf_counter() - start)
        lines.append(f"| {name} | {1000 * cold:.1f} | {1000 * statistics.median(warm):.1f} |")
        print(lines[-1])
    from benchmarks import report
    from warehouse.connection import reading

    with reading(home, province) as (con, version):
        districts, clubs = con.execute(
            "select count(distinct district_code), count(*) from clubs"
        ).fetchone() or (0, 0)
    report.write(
        "views_timing",
        "Scorecard, quality and leaderboard answers",
        ABOUT,
        f"Province {province} ({districts} districts, {clubs:,} clubs; warehouse {version}), "
        f"fiscal year {fy}.\n\n" + "\n".join(lines),
    )


if __name__ == "__main__":
    main()
