"""Issue 22's soak: crafted uploads in a loop against a real `tonbaeb serve --workers 2` while
another user browses; every worker must stay alive and every page view succeed.

    .venv/bin/python benchmarks/hostile_uploads.py [--seconds 60] [--out benchmarks/out/hostile]

Generates and loads two districts of Kamphaeng Phet (62) into a fresh home under /tmp, makes an
officer (who uploads) and a director (who browses), starts the server on a free loopback port,
and writes its results to OUT/hostile_uploads.json and, with date, commit, machine and command,
to docs/benchmarks/hostile_uploads.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import report  # noqa: E402
from tests.ops.conftest import free_port, sign_in, wait_until  # noqa: E402
from tests.ops.test_hostile_uploads import CRAFTED, upload_body  # noqa: E402

TONBAEB = str(Path(sys.executable).with_name("tonbaeb"))
PASSWORD = "riverside-lantern-quarry"


def prepare(home: Path) -> None:
    inbox = home.parent / "inbox"
    subprocess.run(
        [
            TONBAEB,
            "generate",
            "--province",
            "62",
            "--years",
            "2567-2568",
            "--out",
            str(inbox),
            "--format",
            "xlsx",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run(
        [
            TONBAEB,
            "etl",
            "run",
            "--home",
            str(home),
            "--sources",
            str(inbox / "sources.toml"),
        ],
        check=False,
        stdout=subprocess.DEVNULL,
    )
    make = (
        "import sys\nfrom pathlib import Path\nfrom accounts.store import open_store\n"
        "from accounts.users import add_user\nfrom core.home import Home\n"
        "store = open_store(Home(Path(sys.argv[1])))\n"
        "add_user(store, 'soak-officer', 'officer', '62', '6205', sys.argv[2])\n"
        "add_user(store, 'soak-director', 'director', '62', None, sys.argv[2])\n"
    )
    subprocess.run([sys.executable, "-c", make, str(home), PASSWORD], check=True, cwd=ROOT)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "hostile")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="tonbaeb-hostile-")) / "home"
    prepare(home)
    port = free_port()
    log = home.parent / "serve.log"
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [TONBAEB, "serve", "--home", str(home), "--port", str(port), "--workers", "2"],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=os.environ | {"PYTHONUNBUFFERED": "1"},
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: _answers(base), 180, "the server")
        result = soak(base, psutil.Process(server.pid), args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=120)
    result["server_log_aborts"] = sum(
        "SIGABRT" in line or "SIGKILL" in line for line in log.read_text().splitlines()
    )
    write(result, args.out)
    return 0 if result["ok"] else 1


def _answers(base: str) -> bool:
    try:
        return requests.get(f"{base}/login", timeout=5).status_code == 200
    except requests.RequestException:
        return False


def soak(base: str, master: psutil.Process, seconds: float) -> dict[str, object]:
    workers = {c.pid for c in master.children()}
    officer, director = (
        sign_in(base, "soak-officer", PASSWORD),
        sign_in(base, "soak-director", PASSWORD),
    )
    bodies = [
        (name, upload_body(officer, base, name, data, prefix), words)
        for name, data, prefix, words in CRAFTED
    ]
    views: list[tuple[int | str, float]] = []
    uploads: list[tuple[str, int, bool, float]] = []
    rss: list[int] = []
    stop = threading.Event()

    def browse() -> None:
        while not stop.is_set():
            started = time.perf_counter()
            try:
                status: int | str = director.get(f"{base}/_dash-layout", timeout=60).status_code
            except requests.RequestException as error:
                status = repr(error)
            views.append((status, time.perf_counter() - started))

    def watch() -> None:
        while not stop.wait(1.0):
            rss.append(
                max(
                    (psutil.Process(p).memory_info().rss for p in workers if psutil.pid_exists(p)),
                    default=0,
                )
            )

    threads = [threading.Thread(target=browse), threading.Thread(target=watch)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline:
        name, body, words = bodies[n % len(bodies)]
        started = time.perf_counter()
        try:
            answer = officer.post(
                f"{base}/_dash-update-component",
                data=body,
                timeout=300,
                headers={"Content-Type": "application/json"},
            )
            uploads.append(
                (name, answer.status_code, words in answer.text, time.perf_counter() - started)
            )
        except requests.RequestException:
            uploads.append((name, 0, False, time.perf_counter() - started))
        n += 1
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    alive = {c.pid for c in master.children()}
    failed_views = [s for s, _t in views if s != 200]
    times = sorted(t for _s, t in views)
    ok = (
        alive == workers
        and not failed_views
        and all(s == 200 and named for _n, s, named, _t in uploads)
    )
    return {
        "ok": ok,
        "seconds": seconds,
        "uploads": len(uploads),
        "uploads_answered_naming_the_file": sum(s == 200 and named for _n, s, named, _t in uploads),
        "upload_seconds_by_file": {
            name: round(statistics.median(t for n_, _s, _w, t in uploads if n_ == name), 2)
            for name, *_ in CRAFTED
            if any(n_ == name for n_, *_x in uploads)
        },
        "workers_before": sorted(workers),
        "workers_after": sorted(alive),
        "page_views": len(views),
        "page_views_failed": len(failed_views),
        "page_view_p95_ms": round(1000 * times[int(0.95 * (len(times) - 1))], 1) if times else None,
        "largest_worker_rss_mb": round(max(rss, default=0) / 2**20),
    }


ABOUT = """Crafted uploads against a running server: an officer uploads the crafted files of
`tests/ops/test_hostile_uploads.py` in a loop (a value at `XFD1048576`; a value a million rows
down placed by cells without references; entities in a workbook inside a zip; a CSV of 30,000
empty columns × 4,000 lines) while a director browses, against `tonbaeb serve --workers 2` on a
generated province 62. Every upload must be answered naming the file, every worker must stay
alive and every page view of the other user succeed. See
[Benchmarks](../benchmarks.md#hostile-uploads)."""


def write(result: dict[str, object], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    commit = report.git_commit()
    result |= {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit,
        "command": report.this_command(),
    }
    (out / "hostile_uploads.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    line = (
        f"{result['uploads']} crafted uploads in "
        f"{result['seconds']:g} s, {result['uploads_answered_naming_the_file']} answered naming the file; "
        f"workers {'unchanged' if result['workers_before'] == result['workers_after'] else 'REPLACED'}; "
        f"{result['page_views']} page views of another user, {result['page_views_failed']} failed, "
        f"p95 {result['page_view_p95_ms']} ms; largest worker {result['largest_worker_rss_mb']} MB"
    )
    by_file = result.get("upload_seconds_by_file") or {}
    table = ["| crafted file | answer time, median |", "| --- | ---: |"] + [
        f"| {name} | {seconds} s |"
        for name, seconds in by_file.items()  # type: ignore[attr-defined]
    ]
    verdict = "passed" if result["ok"] else "**failed**"
    report.write(
        "hostile_uploads",
        "Crafted uploads against a running server",
        ABOUT,
        f"{verdict}: {line}; server log aborts: {result['server_log_aborts']}.\n\n"
        + "\n".join(table),
        command=str(result["command"]),
    )
    print(line)


if __name__ == "__main__":
    raise SystemExit(main())
