"""Load benchmark: Locust users against `tonbaeb serve --workers 2` on loopback, in four phases
(five with several servers behind nginx).

    .venv/bin/pip install -e .[bench]      # Locust (pinned)
    .venv/bin/python benchmarks/load/run.py                 # the full run, about 22 minutes
    .venv/bin/python benchmarks/load/run.py --seconds 20    # a smoke run of every phase
    .venv/bin/python benchmarks/load/run.py --servers 3 --phases ae   # through nginx, one killed
    .venv/bin/python benchmarks/load/run.py --store postgresql        # the state store on PostgreSQL

1. A home of three generated provinces (62, 64, 75; FY 2567-2568, CSV; the shared boundaries when
   found), loaded with `tonbaeb etl run` (once, in OUT/home); 50 viewer accounts (5 national users,
   3 directors of each province, 12 officers of each province's four largest districts) and 200
   for the storm, made where missing; both fiscal years approved as history by each province's
   director (national users see approved figures by default).
2. With --store postgresql, a throw-away PostgreSQL cluster (benchmarks/throwaway_postgres.py) and
   the home's store copied there (`tonbaeb state copy`); every server and load told its address
   (TONBAEB_STATE_URL). `tonbaeb serve --workers 2` on a free loopback port (with --servers N: N of them behind nginx,
   benchmarks/load/proxy.py); each worker's RSS is sampled every 5 s.
3. Phases, each one headless Locust run (benchmarks/load/locustfile.py):
   a. 50 users for SECONDS;
   b. 50 users for SECONDS while a load publishes a new version of province 62 every 30 s;
   c. 100 users for SECONDS;
   d. 50 users clicking, and at 30 s (or a third of a short run) 100 more log in at once;
   e. (--servers 2 or more) 50 users; at a third of the phase the last server is killed (SIGKILL
      to it and its workers), restarted after the phase.
Writes docs/benchmarks/load.md (with date, commit, machine and command; each phase's Locust CSV
and logs stay in OUT) and prints it.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from benchmarks import report, throwaway_postgres  # noqa: E402
from benchmarks.load.proxy import FAIL_TIMEOUT, Nginx  # noqa: E402

TONBAEB = str(Path(sys.executable).with_name("tonbaeb"))
LOCUST = str(Path(sys.executable).with_name("locust"))
PROVINCES = ("62", "64", "75")
PASSWORD = "load-benchmark-2568"
PUBLISH_EVERY = 30.0
PAGES = ("overview", "leaderboard", "district", "club")  # a user's round, in order
NATIONAL, DIRECTORS, OFFICERS = 5, 3, 12  # 5 + 3 x (3 + 12) = 50 viewer accounts
ABOUT = """Load: Locust users against `tonbaeb serve --workers 2` on loopback (or several servers
behind nginx), on three generated provinces (62, 64, 75; FY 2567-2568) with the shared boundaries.
50 accounts (national users, directors, officers of the largest districts), one per user, sign in
through the form and go round overview -> leaderboard (its row blocks) -> a district -> a club, the
district and the club chosen at random across what the account may read, 1-3 s between pages; a
page view is timed as one entry, cold (first asked for its scope in the run) or warm. Phases: (a)
50 users, (b) the same while `etl run` publishes a new version of province 62 every 30 s, (c) 100
users, (d) 50 users clicking while 100 more sign in at once, (e) with several servers, one killed
at a third of the phase. Targets: page view p95 < 1 s for (a) and (b), < 2 s for (c) and during the
storm; every login of the storm in within 30 s; no errors (in (e): only page views in flight on the
killed server). See [Benchmarks](../benchmarks.md#load)."""


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=300, help="length of phases a, b and c")
    parser.add_argument("--storm-seconds", type=int, help="length of phase d (default: SECONDS)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--users", type=int, default=50, help="users of phases a, b and d")
    parser.add_argument(
        "--many", type=int, default=100, help="users of phase c, and logins of phase d"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "load")
    parser.add_argument(
        "--phases", default="abcd", help="which phases to run, e.g. ad (e: a kill, --servers 2+)"
    )
    parser.add_argument("--servers", type=int, default=1, help="servers behind nginx (1: no proxy)")
    parser.add_argument(
        "--store", choices=("sqlite", "postgresql"), default="sqlite", help="the state store"
    )
    parser.add_argument("--geo", type=Path, default=ROOT.parent / "shared" / "geo")
    args = parser.parse_args()
    if "e" in args.phases and args.servers < 2:
        parser.error("phase e kills one server: give --servers 2 or more")
    args.out.mkdir(parents=True, exist_ok=True)
    home = args.out / "home"
    accounts = prepare(home, args.out / "inbox", args.geo)
    accounts_file = args.out / "accounts.json"
    accounts_file.write_text(json.dumps(accounts), encoding="utf-8")
    (args.out / "seen.json").unlink(missing_ok=True)  # new servers: nothing drawn yet
    results: list[dict[str, Any]] = []
    with ExitStack() as stack:
        if args.store == "postgresql":
            os.environ["TONBAEB_STATE_URL"] = on_postgres(home, stack)
        cluster = stack.enter_context(Cluster(home, args.workers, args.servers, args.out))
        sampler = Sampler(cluster.masters)
        sampler.start()
        few, many = args.users, args.many
        phases = {
            "a": (f"{few} users", few, 0, False, args.seconds),
            "b": (f"{few} users, a publish every 30 s", few, 0, True, args.seconds),
            "c": (f"{many} users", many, 0, False, args.seconds),
            "d": (
                f"{few} users + {many} logging in at once",
                few,
                many,
                False,
                args.storm_seconds or args.seconds,
            ),
            "e": (
                f"{few} users, one of {args.servers} servers killed at a third",
                few,
                0,
                False,
                args.seconds,
            ),
        }
        for key in args.phases:
            name, users, stormers, publishing, seconds = phases[key]
            print(f"phase {key}: {name}, {seconds} s", flush=True)
            publisher = Publisher(home, args.out / "inbox") if publishing else None
            if publisher:
                publisher.start()
            killed: list[float] = []
            killer = threading.Timer(seconds / 3, kill_one, [cluster, args.servers - 1, killed])
            if key == "e":
                killer.start()
            sampler.mark(f"{key} start")
            result = locust_phase(
                cluster.base, key, users, stormers, seconds, accounts_file, args.out
            )
            sampler.mark(f"{key} end")
            if key == "e":
                killer.join()
                result["kill"] = around_kill(result.pop("rows"), killed[0])
                cluster.restart(args.servers - 1)
            result.pop("rows", None)
            if publisher:
                result["publishes"] = publisher.finish()
            result["name"] = name
            result["load_average"] = round(
                os.getloadavg()[0], 1
            )  # of the whole machine, at the phase's end
            results.append(result)
            print(json.dumps(result, indent=1)[:1500], flush=True)
        sampler.stop()
        errors = [
            line
            for n in range(args.servers)
            for line in cluster.log(n).read_text(encoding="utf-8", errors="replace").splitlines()
            if "Traceback" in line or "[ERROR]" in line or "WORKER TIMEOUT" in line
        ]
    results_md = render(results, sampler, errors, args)
    print(results_md)
    report.write("load", "Load", ABOUT, results_md)
    return 0


# --- the home -------------------------------------------------------------------------------


def on_postgres(home: Path, stack: ExitStack) -> str:
    """A throw-away PostgreSQL cluster for the run, holding a copy of the home's state store; its URL."""
    cluster = stack.enter_context(throwaway_postgres.Cluster.started(max_connections=400))
    url = cluster.new_database()
    subprocess.run(
        [TONBAEB, "state", "copy", "--home", str(home), "--to", url],
        check=True,
        stdout=subprocess.DEVNULL,
        env={k: v for k, v in os.environ.items() if k != "TONBAEB_STATE_URL"},
    )
    return url


def prepare(home: Path, inbox: Path, geo: Path) -> dict[str, Any]:
    """Generate and load three provinces once; make the accounts (see `accounts`)."""
    done = home / ".prepared.json"
    if done.exists():
        return accounts(home)
    shutil.rmtree(home, ignore_errors=True)
    shutil.rmtree(inbox, ignore_errors=True)
    command = [TONBAEB, "generate", "--out", str(inbox), "--years", "2567-2568", "--format", "csv"]
    for province in PROVINCES:
        command += ["--province", province]
    subprocess.run(command, check=True)
    subprocess.run(
        [TONBAEB, "etl", "run", "--home", str(home), "--sources", str(inbox / "sources.toml")],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    for name in ("tha_adm1_provinces.geojson", "tha_adm2_districts.geojson"):
        if (geo / name).is_file():
            subprocess.run(
                [TONBAEB, "geo", "load", "--home", str(home), str(geo / name)],
                stdout=subprocess.DEVNULL,
            )
    done.write_text(json.dumps({"provinces": list(PROVINCES)}), encoding="utf-8")
    return accounts(home)


def accounts(home: Path) -> dict[str, Any]:
    """The 50 viewers' accounts and the storm's, made where missing; each province's clubs.

    Viewers: NATIONAL national users, DIRECTORS directors of each province, and OFFICERS officers
    of each province spread over its four largest districts (by clubs), one account per user.
    """
    clubs: dict[str, list[str]] = {}
    for province in PROVINCES:
        listed = subprocess.run(
            [TONBAEB, "sql", "--home", str(home), "--province", province, "--format", "csv",
             "select district_code, club_id from clubs order by district_code, club_id"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        clubs[province] = [f"{r['district_code']}/{r['club_id']}" for r in csv.DictReader(
            listed.stdout.splitlines()
        )]  # fmt: skip
    districts = {p: sorted({c.split("/")[0] for c in clubs[p]}) for p in PROVINCES}
    viewers = [
        {"username": f"load-national{n}", "role": "national", "province": None, "district": None}
        for n in range(1, NATIONAL + 1)
    ]
    for province in PROVINCES:
        viewers += [
            {"username": f"load-director{province}-{n}", "role": "director",
             "province": province, "district": None}
            for n in range(1, DIRECTORS + 1)
        ]  # fmt: skip
        largest = sorted(
            districts[province], key=lambda d: (-sum(c.startswith(d) for c in clubs[province]), d)
        )[:4]
        viewers += [
            {"username": f"load-officer{largest[n % len(largest)]}-{n // len(largest) + 1}",
             "role": "officer", "province": province, "district": largest[n % len(largest)]}
            for n in range(OFFICERS)
        ]  # fmt: skip
    stormers = [
        {
            "username": f"load-storm{n:03d}",
            "role": "director",
            "province": PROVINCES[n % 3],
            "district": None,
        }
        for n in range(200)
    ]
    make = (
        "import json, sys\nfrom accounts.store import open_store\n"
        "from accounts.users import AccountError, add_user\nfrom core.home import Home\n"
        "home, people, password = Home(__import__('pathlib').Path(sys.argv[1])), "
        "json.loads(sys.stdin.read()), sys.argv[2]\n"
        "store = open_store(home)\n"
        "for p in people:\n"
        "    try: add_user(store, p['username'], p['role'], p['province'], p['district'], password)\n"
        "    except AccountError: pass  # made by an earlier run\n"
    )
    subprocess.run(
        [sys.executable, "-c", make, str(home), PASSWORD],
        input=json.dumps(viewers + stormers),
        text=True,
        check=True,
        cwd=ROOT,
    )
    for province in PROVINCES:  # FY 2567-2568 signed off as history: national users see figures
        subprocess.run(
            [TONBAEB, "approval", "approve", "--home", str(home), "--province", province,
             "--fiscal-year", "2569", "--all", "--history", "--user", f"load-director{province}-1"],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    return {
        "password": PASSWORD,
        "viewers": viewers,
        "stormers": stormers,
        "provinces": list(PROVINCES),
        "districts": districts,
        "clubs": clubs,
    }


class Publisher(threading.Thread):
    """Every 30 s: one district of province 62 sends its file again, changed; `tonbaeb etl run` publishes it."""

    def __init__(self, home: Path, inbox: Path) -> None:
        super().__init__(daemon=True)
        self.home, self.inbox = home, inbox
        self.stopping = threading.Event()
        self.runs: list[tuple[float, int]] = []

    def run(self) -> None:
        districts = sorted(
            d for d in self.inbox.iterdir() if d.is_dir() and d.name.startswith("62")
        )
        for n in range(10_000):  # bounded; stopped by finish()
            if self.stopping.wait(PUBLISH_EVERY if n else 5):
                return
            district = districts[n % len(districts)]
            with open(district / "clubs.csv", "a", encoding="utf-8") as out:
                out.write("\n")  # a new content hash, the same rows: a reload and a new version
            started = time.monotonic()
            done = subprocess.run(
                [
                    TONBAEB,
                    "etl",
                    "run",
                    "--home",
                    str(self.home),
                    "--sources",
                    str(self.inbox / "sources.toml"),
                    "--district",
                    district.name,
                ],
                capture_output=True,
                text=True,
            )
            self.runs.append((time.monotonic() - started, done.returncode))

    def finish(self) -> dict[str, Any]:
        self.stopping.set()
        self.join(timeout=300)
        return {
            "count": len(self.runs),
            "failed": sum(code != 0 for _s, code in self.runs),
            "seconds": [round(s, 1) for s, _code in self.runs],
        }


# --- serving and measuring ------------------------------------------------------------------


class Cluster:
    """`count` servers (`tonbaeb serve --workers N --server-id loadK`) on free loopback ports for
    the duration of a with-block, behind nginx (benchmarks/load/proxy.py) when more than one."""

    def __init__(self, home: Path, workers: int, count: int, out: Path) -> None:
        self.home, self.workers, self.count, self.out = home, workers, count, out
        self.servers: list[tuple[subprocess.Popen[bytes], str]] = []
        self.proxy: Nginx | None = None

    def __enter__(self) -> Cluster:
        for n in range(self.count):  # this run's errors only (a restart appends to its log)
            self.log(n).unlink(missing_ok=True)
        self.servers = [self._start(n) for n in range(self.count)]
        for n in range(self.count):
            self._wait(n)
        if self.count > 1:
            self.proxy = Nginx(
                self.out / "nginx", _free_port(), [base[7:] for _p, base in self.servers]
            ).__enter__()
        return self

    @property
    def base(self) -> str:
        return self.proxy.base if self.proxy else self.servers[0][1]

    def masters(self) -> list[int]:
        return [process.pid for process, _base in self.servers if process.poll() is None]

    def log(self, n: int) -> Path:
        return self.out / f"serve-{n}.log"

    def kill(self, n: int) -> float:
        """Kill server n and its workers at once (SIGKILL), as when its host dies; when."""
        process = self.servers[n][0]
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
        return time.time()

    def restart(self, n: int) -> None:
        self.servers[n] = self._start(n, self.servers[n][1].rsplit(":", 1)[1])
        self._wait(n)

    def _start(self, n: int, port: str | None = None) -> tuple[subprocess.Popen[bytes], str]:
        port = port or str(_free_port())
        with open(self.log(n), "ab") as output:
            process = subprocess.Popen(
                [
                    TONBAEB, "serve", "--home", str(self.home), "--port", port,
                    "--workers", str(self.workers), "--server-id", f"load{n}",
                    "--trusted-proxy", "127.0.0.1",
                ],
                stdout=output,
                stderr=subprocess.STDOUT,
                env=os.environ | {"PYTHONUNBUFFERED": "1"},
                start_new_session=True,
            )  # fmt: skip
        return process, f"http://127.0.0.1:{port}"

    def _wait(self, n: int) -> None:
        import requests

        process, base = self.servers[n]
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{base}/healthz", timeout=10).status_code == 200:
                    return
            except requests.RequestException:
                if process.poll() is not None:
                    raise SystemExit(f"tonbaeb serve exited: see {self.log(n)}") from None
            time.sleep(0.3)  # the server is still starting
        raise SystemExit("tonbaeb serve did not answer within 120 s")

    def __exit__(self, *_exc: object) -> None:
        if self.proxy:
            self.proxy.__exit__(None, None, None)
        for process, _base in self.servers:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=60)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Sampler(threading.Thread):
    """Each worker's resident memory every 5 s (of every server), with the phases' starts and ends marked."""

    def __init__(self, masters: Any) -> None:
        super().__init__(daemon=True)
        self.masters = masters  # () -> the servers' master pids now
        self.samples: list[tuple[float, float]] = []  # (time, MB of the largest worker)
        self.marks: list[tuple[str, float]] = []
        self.stopping = threading.Event()

    def run(self) -> None:
        for _ in range(100_000):
            workers = []
            for pid in self.masters():
                try:
                    workers += [c.memory_info().rss for c in psutil.Process(pid).children()]
                except psutil.Error:  # a server killed by phase e
                    continue
            if workers:
                self.samples.append((time.time(), max(workers) / 2**20))
            if self.stopping.wait(5):
                return

    def mark(self, name: str) -> None:
        self.marks.append((name, time.time()))

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=30)

    def every(self, seconds: float) -> str:
        """The largest worker's RSS (MB) at each step of `seconds` from the first sample, and at the end."""
        if not self.samples:
            return ""
        start, steps = (
            self.samples[0][0],
            int((self.samples[-1][0] - self.samples[0][0]) // seconds),
        )
        moments = [start + n * seconds for n in range(steps + 1)] + [self.samples[-1][0]]
        return ", ".join(f"{self.at(m):.0f}" for m in moments)

    def at(self, moment: float) -> float:
        """The largest worker's RSS (MB) sampled nearest to a moment."""
        return min(self.samples, key=lambda s: abs(s[0] - moment))[1] if self.samples else 0.0


def locust_phase(
    base: str, key: str, users: int, stormers: int, seconds: int, accounts: Path, out: Path
) -> dict[str, Any]:
    """One headless Locust run; its totals, page views and (in the storm) the logins."""
    timed = out / f"timed-{key}"
    shutil.rmtree(timed, ignore_errors=True)
    total = users + stormers
    storm_at = time.time() + min(30.0, seconds / 3) if stormers else 0
    env = os.environ | {
        "LOAD_ACCOUNTS": str(accounts),
        "LOAD_OUT": str(timed),
        "LOAD_STORMERS": str(stormers),
        "LOAD_VIEWERS": str(users),
        "LOAD_STORM_AT": str(storm_at),
        "LOAD_SEEN": str(out / "seen.json"),
        "PYTHONPATH": str(ROOT),
    }
    command = [
        LOCUST,
        "-f",
        str(ROOT / "benchmarks" / "load" / "locustfile.py"),
        "--headless",
        "--host",
        base,
        "-u",
        str(total),
        "-r",
        str(total if stormers else 10),
        "-t",
        f"{seconds}s",
        "--stop-timeout",
        "30",
        "--csv",
        str(out / f"phase-{key}"),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=seconds + 600)
    (out / f"phase-{key}.log").write_text(done.stdout + done.stderr, encoding="utf-8")
    with open(out / f"phase-{key}_stats.csv", encoding="utf-8") as stats:
        http = [row for row in csv.DictReader(stats) if row["Type"] not in ("PAGE", "")]
    with open(out / f"phase-{key}_failures.csv", encoding="utf-8") as failed:
        failures = list(csv.DictReader(failed))
    pages: dict[str, list[list[Any]]] = {}  # (ended at, seconds, ok, cold, server seconds)
    logins: list[tuple[float, float, bool]] = []
    for path in timed.glob("timed-*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        for name, rows in data["pages"].items():
            pages.setdefault(name, []).extend(rows)
        logins += data["logins"]
    requests_ = sum(int(r["Request Count"]) for r in http)
    result: dict[str, Any] = {
        "users": users,
        "stormers": stormers,
        "seconds": seconds,
        "requests": requests_,
        "requests_per_s": round(requests_ / seconds, 1),
        "http_failures": sum(int(r["Failure Count"]) for r in http),
        "failure_kinds": [
            f"{f['Method']} {f['Name']}: {f['Error'][:120]} x{f['Occurrences']}" for f in failures
        ][:10],
        "pages": {name: summarised(rows) for name, rows in sorted(pages.items())},
        "cold": {
            name: summarised([r for r in rows if r[3]])
            | {"server_p95": server_p95([r for r in rows if r[3]])}
            for name, rows in sorted(pages.items())
        },
        "warm": {
            name: summarised([r for r in rows if not r[3]])
            | {"server_p95": server_p95([r for r in rows if not r[3]])}
            for name, rows in sorted(pages.items())
        },
        "rows": [r for name, rows in pages.items() if "(storm)" not in name for r in rows],
    }
    result["all_pages"] = summarised(result["rows"])
    if stormers:
        result["storm_pages"] = summarised(
            [r for name, rows in pages.items() if "(storm)" in name for r in rows]
        )
        ends = [end for _start, end, _ok in logins]
        result["logins"] = {
            "count": len(logins),
            "failed": sum(not ok for *_x, ok in logins),
            "all_done_after_s": round(max(ends) - storm_at, 1) if ends else None,
            **summary([end - start for start, end, _ok in logins], 0),
        }
    return result


def summarised(rows: list[list[Any]]) -> dict[str, Any]:
    """`summary` of page-view rows (ended at, seconds, ok, cold, server seconds)."""
    return summary([r[1] for r in rows], sum(not r[2] for r in rows))


def server_p95(rows: list[list[Any]]) -> int | None:
    """The 95th percentile of the server time of page views (ms; their requests' Server-Timing)."""
    return summary([r[4] for r in rows], 0).get("p95")


def kill_one(cluster: Cluster, n: int, killed: list[float]) -> None:
    """Kill server n (phase e's Timer), noting when."""
    killed.append(cluster.kill(n))


def around_kill(rows: list[list[Any]], killed_at: float) -> dict[str, Any]:
    """Page views around the kill: failed ones while nginx noticed (FAIL_TIMEOUT + 5 s after),
    and p95 before the kill against p95 once the proxy had noticed."""
    window = killed_at + FAIL_TIMEOUT + 5
    before = [r for r in rows if r[0] < killed_at]
    during = [r for r in rows if killed_at <= r[0] < window]
    after = [r for r in rows if r[0] >= window]
    return {
        "failed_during": sum(not r[2] for r in during),
        "during": len(during),
        "failed_elsewhere": sum(not r[2] for r in before + after),
        "p95_before": summarised(before).get("p95"),
        "p95_after": summarised(after).get("p95"),
    }


def summary(seconds: list[float], errors: int) -> dict[str, Any]:
    """Count, p50 / p95 / p99 in milliseconds, and errors."""
    if not seconds:
        return {"count": 0, "errors": errors}
    ordered = sorted(seconds)

    def pick(q: float) -> int:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000)

    return {
        "count": len(ordered),
        "p50": pick(0.50),
        "p95": pick(0.95),
        "p99": pick(0.99),
        "errors": errors,
    }


def render(
    results: list[dict[str, Any]], sampler: Sampler, errors: list[str], args: argparse.Namespace
) -> str:
    from dashboard import serve

    servers = (
        f"{args.servers} × `tonbaeb serve --workers {args.workers}` behind nginx (least_conn)"
        if args.servers > 1
        else f"`tonbaeb serve --workers {args.workers}`"
    )
    servers += " on PostgreSQL" if args.store == "postgresql" else " on SQLite"
    lines = [
        f"Phases of {args.seconds} s; {servers} (gthread, "
        f"{serve.THREADS} threads, keep-alive {serve.KEEPALIVE} s), "
        f"provinces {', '.join(PROVINCES)} (FY 2567-2568).",
        "",
        (
            "| phase | requests/s | HTTP failures | page views | page view p50 / p95 / p99 ms | "
            "page-view errors | machine load (1 min) |"
        ),
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        a = r["all_pages"]
        lines.append(
            f"| {r['name']} | {r['requests_per_s']} | {r['http_failures']} | {a['count']} | "
            f"{a.get('p50', '-')} / {a.get('p95', '-')} / {a.get('p99', '-')} | {a['errors']} | {r['load_average']} |"
        )
    lines += [
        "",
        "Per page (p50 / p95 / p99 ms, count, errors):",
        "",
        "| phase | " + " | ".join(PAGES) + " |",
        "| --- |" + " --- |" * len(PAGES),
    ]
    for r in results:
        cells = []
        for page in PAGES:
            p = r["pages"].get(page, {"count": 0, "errors": 0})
            cells.append(
                f"{p.get('p50', '-')} / {p.get('p95', '-')} / {p.get('p99', '-')} ({p['count']}, {p['errors']})"
            )
        lines.append(f"| {r['name']} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Cold and warm page views: cold the first time the page, its address and the user's scope"
        " were asked in the run, warm after (p50 / p95 ms, count; server time p95 ms):",
        "",
        "| phase | " + " | ".join(f"{page} cold | {page} warm" for page in PAGES) + " |",
        "| --- |" + " --- |" * 2 * len(PAGES),
    ]
    for r in results:
        cells = []
        for page in PAGES:
            for kind in ("cold", "warm"):
                p = r[kind].get(page, {"count": 0})
                server = p.get("server_p95")
                cells.append(
                    f"{p.get('p50', '-')} / {p.get('p95', '-')} ({p['count']}; "
                    f"{'-' if server is None else server})"
                )
        lines.append(f"| {r['name']} | " + " | ".join(cells) + " |")
    for r in results:
        if "kill" in r:
            k = r["kill"]
            lines += [
                "",
                f"Kill in '{r['name']}': {k['failed_during']} of {k['during']} page views failed from"
                f" the kill until {FAIL_TIMEOUT + 5} s after it, {k['failed_elsewhere']} at other"
                f" times; page view p95 {k['p95_before']} ms before the kill, {k['p95_after']} ms"
                " after.",
            ]
        if "logins" in r:
            lg, sp = r["logins"], r["storm_pages"]
            lines += [
                "",
                f"Login storm: {lg['count']} logins, {lg['failed']} failed, all done {lg['all_done_after_s']} s "
                f"after they began; each login p50 / p95 {lg.get('p50')} / {lg.get('p95')} ms. Page views during the "
                f"storm: {sp['count']}, p50 / p95 / p99 {sp.get('p50')} / {sp.get('p95')} / {sp.get('p99')} ms, "
                f"{sp['errors']} errors.",
            ]
        if r.get("publishes"):
            pb = r["publishes"]
            lines += [
                "",
                f"Publishes during '{r['name']}': {pb['count']} ({pb['failed']} failed), each run {pb['seconds']} s.",
            ]
        if r["failure_kinds"]:
            lines += ["", f"Failures in '{r['name']}': " + "; ".join(r["failure_kinds"])]
    marks = "; ".join(f"{name} {sampler.at(moment):.0f} MB" for name, moment in sampler.marks)
    if sampler.samples:
        first, last = sampler.samples[0][1], sampler.samples[-1][1]
        middle = sampler.samples[len(sampler.samples) // 2][1]
        lines += [
            "",
            f"Largest worker's RSS: start {first:.0f} MB, middle {middle:.0f} MB, end {last:.0f} MB "
            f"(max {max(s for _t, s in sampler.samples):.0f} MB); at phase marks: {marks}.",
            "",
            f"Largest worker's RSS every 5 minutes (MB): {sampler.every(300)}.",
        ]
    lines += [
        "",
        f"Server log lines with errors: {len(errors)}"
        + (f" (first: {errors[0][:200]})" if errors else "")
        + ".",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
