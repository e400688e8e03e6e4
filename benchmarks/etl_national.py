"""National-scale ETL benchmark: all 77 provinces, one fiscal year, CSV folders.

    .venv/bin/python benchmarks/etl_national.py [--out benchmarks/out] [--year 2568] [--repeat 3]

Measures, on this machine, each `--repeat` times (median, and the range):
1. the floor: DuckDB `read_csv` of the same files straight into tables, no validation;
2. a full `tonbaeb etl run` into an empty home: wall time and peak memory (RSS of the
   whole process tree, sampled every 50 ms);
3. reloads where one district's submission changed: over the whole sources file, and
   with `--district`; and a reload where nothing changed;
4. start-up: a Python process importing what `tonbaeb etl run` imports;
5. metric materialisation: every district's compliance (once per province, as the ETL
   does it) and the roll-ups.
The data is generated into OUT/national-YEAR unless it is already there (the reloads
append to one district's meetings.csv there: use a copy, not shared data). Prints a
Markdown table and writes it to docs/benchmarks/etl_national.md (with date, commit, machine
and command), with the machine's load average around each measure: other work on the
machine makes every figure slower.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import report  # noqa: E402

ABOUT = """The national ETL: all 77 provinces, one fiscal year, as CSV folders from `tonbaeb generate
--province all --format csv` (seed 1). It measures the floor (DuckDB's `read_csv` of the same
files into tables, no validation), a full `tonbaeb etl run` into an empty home (wall time, CPU,
peak memory of the process tree), reloads where one district changed (whole sources file, and
`--district`), a reload where nothing changed, the start-up import, and the metric
materialisation. Targets: full load ≤ 3× the floor and < 4 GB; reloads of one changed district
< 2 s. See [Benchmarks](../benchmarks.md#etl-national)."""
SHEETS = ("clubs", "members", "meetings", "attendance", "activities", "governance")
IMPORTS = "import tonbaeb.cli, etl.pipeline, etl.report, etl.sources, warehouse.rules"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    parser.add_argument("--year", type=int, default=2568)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--quiet",
        type=float,
        default=25.0,
        help="before each measure, wait (up to 10 minutes) until the machine's CPU use "
        "over 3 s is below this percentage",
    )
    args = parser.parse_args()
    args.out = args.out.resolve()
    inbox = args.out / f"national-{args.year}"
    tonbaeb = str(Path(sys.executable).with_name("tonbaeb"))
    sources = str(inbox / "sources.toml")
    home = args.out / "home"
    load = Load(args.quiet)

    if not (inbox / "sources.toml").exists():
        generated = timed(
            [
                tonbaeb,
                "generate",
                "--province",
                "all",
                "--years",
                str(args.year),
                "--out",
                str(inbox),
                "--format",
                "csv",
                "--workers",
                str(args.workers),
            ]
        )
        print(f"generated in {generated.seconds:.1f} s")
    volume = describe(inbox)  # reads every file: the floor and the loads start with a warm cache
    print(volume)

    scratch = args.out / "floor.duckdb"
    floors = [load.during(floor_seconds, inbox, scratch) for _ in range(args.repeat)]
    print(f"floor (DuckDB read_csv, no validation): {spread(floors, 1)} s")

    fulls = []
    for _ in range(args.repeat):
        shutil.rmtree(home, ignore_errors=True)
        run = load.during(
            timed,
            [
                tonbaeb,
                "etl",
                "run",
                "--home",
                str(home),
                "--sources",
                sources,
                "--workers",
                str(args.workers),
            ],
        )
        assert run.status == 0, f"full load exit {run.status}"
        fulls.append(run)
    full = [r.seconds for r in fulls]
    full_cpu = [r.cpu for r in fulls]
    peak = max(r.peak_mb for r in fulls)
    print(f"full load: {spread(full, 1)} s ({spread(full_cpu, 1)} s of CPU), peak {peak:.0f} MB")

    changed = ""
    reload_all, reload_one, nothing = [], [], []
    for _ in range(args.repeat):
        changed = touch_one_district(inbox)
        reload_all.append(load.during(etl_seconds, tonbaeb, home, sources))
        changed = touch_one_district(inbox)
        reload_one.append(load.during(etl_seconds, tonbaeb, home, sources, "--district", changed))
        nothing.append(load.during(etl_seconds, tonbaeb, home, sources))
    print(f"reload, one district changed ({changed}), whole sources file: {spread(reload_all)} s")
    print(f"reload of that district alone (--district {changed}): {spread(reload_one)} s")
    print(f"reload, nothing changed: {spread(nothing)} s")

    startup = [load.during(import_seconds) for _ in range(max(5, args.repeat))]
    print(f"start-up (imports of etl run): {spread(startup)} s")

    metrics = [load.during(metric_seconds, home) for _ in range(args.repeat)]
    print(f"metric materialisation, every district: {spread(metrics, 1)} s")

    floor = statistics.median(floors)
    ratio = statistics.median(full) / floor
    met = "met" if ratio <= 3 else "**not met**"
    table = "\n".join(
        [
            f"FY {args.year}: {volume}",
            "",
            f"Median of {args.repeat} runs (range in brackets). Each measure waited for the "
            f"machine's CPU use to fall below {args.quiet:.0f}% ({load.waits} waits gave up "
            f"after 10 minutes); 1-minute load average {load.low:.1f}-{load.high:.1f} "
            "around the measures.",
            "",
            "| measure | result | target |",
            "| --- | --- | --- |",
            "| floor: DuckDB `read_csv` of the same files into tables, no validation "
            "(Windows-874 files transcoded first: DuckDB's `encodings` extension cannot be "
            f"downloaded offline) | {spread(floors, 1)} s | |",
            f"| full load, `tonbaeb etl run --workers {args.workers}` into an empty home | "
            f"{spread(full, 1)} s ({ratio:.1f}× floor; {spread(full_cpu, 1)} s of CPU) "
            f"| ≤ 3× floor: {met} |",
            f"| full load peak memory (RSS of the whole process tree, sampled every 50 ms) | "
            f"{peak:,.0f} MB | < 4 GB: {'met' if peak < 4096 else '**not met**'} |",
            f"| reload where one district changed, whole sources file | {spread(reload_all)} s "
            f"| < 2 s: {verdict(reload_all)} |",
            f"| reload where one district changed, `--district CODE` | {spread(reload_one)} s "
            f"| < 2 s: {verdict(reload_one)} |",
            f"| reload where nothing changed, whole sources file | {spread(nothing)} s | |",
            "| start-up: a Python process importing what `etl run` needs | "
            f"{spread(startup)} s | |",
            "| metric materialisation: every district's compliance (once per province) and "
            f"the roll-ups | {spread(metrics, 1)} s | |",
        ]
    )
    print("\n" + table)
    report.write("etl_national", "National ETL", ABOUT, table)
    return 0


def spread(values: list[float], digits: int = 2) -> str:
    """The median, and the range when there is more than one value."""
    middle = f"{statistics.median(values):.{digits}f}"
    if len(values) < 2:
        return middle
    return f"{middle} ({min(values):.{digits}f}-{max(values):.{digits}f})"


def verdict(seconds: list[float]) -> str:
    return "met" if statistics.median(seconds) < 2 else "**not met**"


class Load:
    """Waits for a quiet machine before each measure; notes the load average around them."""

    def __init__(self, quiet_percent: float) -> None:
        self.quiet_percent = quiet_percent
        self.low, self.high = float("inf"), 0.0
        self.waits = 0  # waits that gave up

    def during(self, measure, *args):  # type: ignore[no-untyped-def]
        """Run one measure once the machine is quiet, noting the load average around it."""
        self._wait_for_quiet()
        self._note()
        result = measure(*args)
        self._note()
        return result

    def _wait_for_quiet(self) -> None:
        deadline = time.monotonic() + 600
        while psutil.cpu_percent(interval=3) >= self.quiet_percent:
            if time.monotonic() > deadline:
                self.waits += 1
                return

    def _note(self) -> None:
        now = os.getloadavg()[0]
        self.low, self.high = min(self.low, now), max(self.high, now)


class timed:
    """Run a command; wall seconds, exit status and peak RSS of its process tree."""

    def __init__(self, command: list[str]) -> None:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        self.peak_mb = 0.0
        done = threading.Event()
        watcher = threading.Thread(target=self._watch, args=(process.pid, done))
        watcher.start()
        self.status = process.wait()
        self.seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        # CPU of the whole tree: each process's reaped children count into its own figures.
        self.cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        done.set()
        watcher.join()

    def _watch(self, pid: int, done: threading.Event) -> None:
        root = psutil.Process(pid)
        while not done.wait(0.05):
            try:
                tree = [root, *root.children(recursive=True)]
                rss = sum(p.memory_info().rss for p in tree if p.is_running())
            except psutil.Error:
                continue
            self.peak_mb = max(self.peak_mb, rss / 2**20)


def etl_seconds(tonbaeb: str, home: Path, sources: str, *extra: str) -> float:
    run = timed([tonbaeb, "etl", "run", "--home", str(home), "--sources", sources, *extra])
    assert run.status == 0, f"etl run {' '.join(extra)} exit {run.status}"
    return run.seconds


def import_seconds() -> float:
    return timed([sys.executable, "-c", IMPORTS]).seconds


def describe(inbox: Path) -> str:
    counts = dict.fromkeys(SHEETS, 0)
    folders = [p for p in inbox.iterdir() if p.is_dir()]
    for sheet in SHEETS:
        files = [str(f / f"{sheet}.csv") for f in folders if (f / f"{sheet}.csv").exists()]
        counts[sheet] = sum(_lines(f) - 1 for f in files)
    size = sum(f.stat().st_size for f in inbox.rglob("*.csv")) / 2**20
    return (
        f"{len(folders)} districts, {counts['clubs']:,} clubs, {counts['members']:,} members, "
        f"{counts['meetings']:,} meetings, {counts['attendance']:,} attendance rows, "
        f"{counts['activities']:,} activities ({size:,.0f} MB of CSV)"
    )


def _lines(path: str) -> int:
    with open(path, "rb") as handle:
        return sum(1 for _ in handle)


def floor_seconds(inbox: Path, path: Path) -> float:
    """DuckDB reading every CSV straight into tables: no checks, text as it comes.

    DuckDB cannot decode Windows-874 offline (its `encodings` extension is a
    download), so the floor includes transcoding those files to UTF-8 first,
    which is the least any loader of these files must do. Headers are English or
    Thai in any order, so columns are matched by name (`union_by_name`).
    """
    path.unlink(missing_ok=True)
    scratch = path.with_suffix(".utf8")
    shutil.rmtree(scratch, ignore_errors=True)
    folders = sorted(p for p in inbox.iterdir() if p.is_dir())
    start = time.perf_counter()
    readable: dict[str, list[str]] = {sheet: [] for sheet in SHEETS}
    for folder in folders:
        for sheet in SHEETS:
            source = folder / f"{sheet}.csv"
            if not source.exists():
                continue
            raw = source.read_bytes()
            if not _is_utf8(raw):
                target = scratch / folder.name / source.name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(raw.decode("cp874").encode("utf-8"))
                source = target
            readable[sheet].append(str(source))
    con = duckdb.connect(str(path))
    for sheet in SHEETS:
        con.execute(
            f"create table {sheet} as select * from read_csv(?, all_varchar = true, "
            "union_by_name = true, null_padding = true)",
            [readable[sheet]],
        )
    con.close()
    seconds = time.perf_counter() - start
    path.unlink(missing_ok=True)
    shutil.rmtree(scratch, ignore_errors=True)
    return seconds


def touch_one_district(inbox: Path) -> str:
    """Append one meeting to a district's submission; returns its code."""
    folder = sorted(p for p in inbox.iterdir() if p.is_dir())[len(list(inbox.iterdir())) // 3]
    meetings = folder / "meetings.csv"
    raw = meetings.read_bytes()
    stamp = str(time.time_ns())[-6:]
    line = f"{folder.name}-001,BENCH{stamp},2024-11-05,regular,\n"
    encoding = "cp874" if not _is_utf8(raw) else "utf-8"
    meetings.write_bytes(raw.rstrip(b"\r\n") + b"\n" + line.encode(encoding))
    return folder.name


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def metric_seconds(home: Path) -> float:
    """Recompute compliance and roll-ups for every district, once per province, as a load does."""
    from core.home import Home
    from warehouse import metrics
    from warehouse.publish import current
    from warehouse.rules import load_rules

    rules = load_rules(None)
    tenant_home = Home(home)
    total = 0.0
    scratch = home / "metric-scratch.duckdb"
    for province in tenant_home.provinces():
        published = current(tenant_home, province)
        assert published is not None
        shutil.copyfile(published.path, scratch)
        con = duckdb.connect(str(scratch))
        found = con.execute("select distinct district_code from clubs").fetchall()
        districts = [d for (d,) in found]
        start = time.perf_counter()
        metrics.refresh_districts(con, province, districts, rules)
        total += time.perf_counter() - start
        con.close()
    scratch.unlink(missing_ok=True)
    return total


if __name__ == "__main__":
    raise SystemExit(main())
