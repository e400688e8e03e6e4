"""How many callback round trips each page's first view waits for, one after another.

    .venv/bin/python benchmarks/load/chains.py [--home benchmarks/out/load/home]

Drives each page as the browser does (benchmarks/dash_driver.py) with Flask's test client
and counts, per page, the callbacks and the depth of the longest chain: the router's
answer (depth 1) mounts a layout whose callbacks (depth 2) may set props that fire more
(depth 3), and so on. Every level is a round trip the browser makes after the one before.
Prints the table and writes it to docs/benchmarks/chains.md.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from dash_driver import Driver, Reply  # noqa: E402

from benchmarks import report  # noqa: E402

ABOUT = """Round trips per page: how many callbacks each page's first view waits for, and the depth
of the longest chain (the pages router's answer is depth 1; callbacks it sets off are depth 2,
and so on: each level is one more round trip the browser makes after the one before). Driven as
the browser does with Flask's test client, as an officer, on the home of `benchmarks/load/run.py`.
See [Benchmarks](../benchmarks.md#chains)."""


class Depths(Driver):
    """A driver that notes how deep in the chain each callback was fired."""

    def __init__(self, client: Any) -> None:
        super().__init__(client)
        self.level = 0
        self.fired: list[tuple[int, str]] = []

    def _run(self, visit: Any, dependency: dict[str, Any], name: str, changed: list[str]) -> None:
        self.level += 1
        self.fired.append((self.level, name))
        try:
            super()._run(visit, dependency, name, changed)
        finally:
            self.level -= 1


class Test:
    def __init__(self, client: Any) -> None:
        self.client = client

    def get(self, path: str) -> Reply:
        answer = self.client.get(path)
        return Reply(answer.status_code, answer.get_data(), 0.0)

    def post(self, path: str, body: dict[str, Any]) -> Reply:
        answer = self.client.post(path, json=body)
        return Reply(answer.status_code, answer.get_data(), 0.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--home", type=Path, default=ROOT / "benchmarks" / "out" / "load" / "home")
    args = parser.parse_args()
    from core.home import Home
    from dashboard.app import create_app

    prepared = args.home / ".prepared.json"
    if not prepared.is_file():
        parser.error(
            f"{args.home} is not a load benchmark's home: run benchmarks/load/run.py first "
            "(it prepares OUT/home), or name one with --home"
        )
    accounts = json.loads(prepared.read_text(encoding="utf-8"))
    app = create_app(Home(args.home))
    client = app.server.test_client()
    officer = next(v for v in accounts["viewers"] if v["role"] == "officer")
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    client.post(
        "/login",
        data={
            "username": officer["username"],
            "password": accounts["password"],
            "csrf_token": token.group(1),
        },
    )
    district = officer["district"]
    urls = [
        "/",
        "/leaderboard",
        f"/district?district={district}",
        "/quality",
        "/exemplars",
        "/plan",
        "/knowledge",
    ]
    board = Depths(Test(client)).visit("/leaderboard")
    rows = [v for k, v in board.props.items() if k.endswith(".getRowsResponse")]
    keys = [r["key"] for answer in rows for r in (answer or {}).get("rowData") or [] if "key" in r]
    if keys:
        urls.insert(3, f"/club?district={keys[0].split('/')[0]}&club={keys[0].split('/')[1]}")
    lines = [
        "| page | callbacks | chain depth | callbacks at each depth |",
        "| --- | --- | --- | --- |",
    ]
    print("\n".join(lines))
    for url in urls:
        driver = Depths(Test(client))
        driver.visit(url)
        depth = max((level for level, _name in driver.fired), default=0)
        levels = [sum(1 for level, _n in driver.fired if level == d) for d in range(1, depth + 1)]
        chain = " → ".join(f"{n}" for n in levels)
        deepest = [name for level, name in driver.fired if level == depth]
        lines.append(
            f"| `{url.split('?')[0]}` | {len(driver.fired)} | {depth} | {chain} (last: {', '.join(deepest[:3])}) |"
        )
        print(lines[-1])
    report.write("chains", "Round trips per page", ABOUT, "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
