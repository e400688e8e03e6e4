"""Issue 13's measurements: sign-in answer times by kind of failure (real Argon2id cost), made-up
bundle names against memory, and page latency during a login storm.

    .venv/bin/python benchmarks/hardening.py [--trials 15] [--names 140] [--storm 16]

Runs the real Flask app in this process (its test client) on a fresh home under /tmp; prints the
results and writes them to docs/benchmarks/hardening.md.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ["TONBAEB_FAST_HASH"] = "0"

from accounts import throttle, users
from accounts.store import open_store
from core.home import Home
from dashboard.app import create_app

PASSWORD = "riverside-lantern-quarry"
ABOUT = """Sign-in and abuse, on the real app in-process with real Argon2id (64 MiB, 3 passes): how
long a failed sign-in takes to answer by kind of failure (unknown name, wrong password, throttled,
disabled: all should take the same time, one Argon2 verification each); what made-up names of a
bundle cost (they should be 404 before any work); and how fast a page answers while a storm of
sign-ins runs (hashes wait for the hashing slots, pages should not). See
[Benchmarks](../benchmarks.md#hardening)."""


def post_login(client, token: str, name: str, password: str, ip: str) -> tuple[int, float]:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    answer = client.post(
        "/login",
        data={"username": name, "password": password, "csrf_token": token},
        environ_base={"REMOTE_ADDR": ip},
    )
    return answer.status_code, time.perf_counter() - started


def token_of(client, ip: str) -> str:  # type: ignore[no-untyped-def]
    page = client.get("/login", environ_base={"REMOTE_ADDR": ip}).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=15)
    parser.add_argument("--names", type=int, default=140)
    parser.add_argument("--storm", type=int, default=16)
    args = parser.parse_args()
    home = Home(Path(tempfile.mkdtemp(prefix="tonbaeb-hardening-")) / "home")
    store = open_store(home)
    for name in ("dir62", "gone"):
        users.add_user(store, name, "director", "62", None, PASSWORD)
    users.disable_user(store, "gone")
    app = create_app(home)
    client = app.server.test_client()
    for _ in range(throttle.ACCOUNT_FREE + 12):
        throttle.failed(store, "dir62", "198.51.100.5", time.time(), counted=True)
    token = token_of(client, "198.51.100.6")
    kinds = {
        "unknown": ("nobody", PASSWORD),
        "wrong": ("gone", "guess"),
        "throttled": ("dir62", PASSWORD),
        "disabled": ("gone", PASSWORD),
    }
    times: dict[str, list[float]] = {k: [] for k in kinds}
    for _ in range(max(1, args.trials)):
        for kind, (name, password) in kinds.items():
            status, took = post_login(client, token, name, password, "198.51.100.6")
            assert status == 401
            times[kind].append(took)
    print("sign-in answer time by kind (median, p10-p90 ms):")
    rows = []
    for kind, values in times.items():
        deciles = statistics.quantiles(values, n=10)
        print(
            f"  {kind:<10} {statistics.median(values) * 1000:7.1f}  ({deciles[0] * 1000:.1f}-{deciles[-1] * 1000:.1f})"
        )
        rows.append(
            f"| sign-in answer, {kind}: median of {len(values)} (p10-p90) | "
            f"{statistics.median(values) * 1000:.0f} ms ({deciles[0] * 1000:.0f}-{deciles[-1] * 1000:.0f}) |"
        )

    good = app.server.test_client()
    users.unlock(store, "dir62")
    assert post_login(good, token_of(good, "192.0.2.1"), "dir62", PASSWORD, "192.0.2.1")[0] == 302
    page = good.get("/").get_data(as_text=True)
    bundle = next(p for p in re.findall(r'src="([^"]+)"', page) if "dash_core_components.v" in p)
    good.get(bundle, headers={"Accept-Encoding": "br"})
    process = psutil.Process()
    before, started = process.memory_info().rss, time.perf_counter()
    statuses = {
        good.get(bundle.replace(".v", f".v{n}x", 1), headers={"Accept-Encoding": "br"}).status_code
        for n in range(args.names)
    }
    names = (
        f"answers {sorted(statuses)}, {(time.perf_counter() - started) * 1000:.0f} ms in all, "
        f"RSS +{(process.memory_info().rss - before) / 2**20:.1f} MB"
    )
    print(f"{args.names} made-up names of the dcc bundle: {names}")
    rows.append(f"| {args.names} made-up names of the dcc bundle | {names} |")

    latencies: list[float] = []

    def storm() -> None:
        attacker = app.server.test_client()
        tok = token_of(attacker, "203.0.113.9")
        for n in range(4):
            post_login(attacker, tok, f"name{n}", "guess", "203.0.113.9")

    threads = [threading.Thread(target=storm) for _ in range(max(1, args.storm))]
    for thread in threads:
        thread.start()
    while any(t.is_alive() for t in threads) and len(latencies) < 500:
        started = time.perf_counter()
        good.get("/_dash-layout")
        latencies.append(time.perf_counter() - started)
    for thread in threads:
        thread.join(timeout=300)
    storm_result = (
        f"median {statistics.median(latencies) * 1000:.1f} ms, "
        f"max {max(latencies) * 1000:.1f} ms over {len(latencies)} requests"
    )
    print(f"page layout during a storm of {args.storm} x 4 sign-ins: {storm_result}")
    rows.append(
        f"| `/_dash-layout` while {args.storm} clients each try 4 sign-ins | {storm_result} |"
    )
    from benchmarks import report

    report.write(
        "hardening",
        "Sign-in and abuse",
        ABOUT,
        "\n".join(["| measure | result |", "| --- | --- |", *rows]),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
