"""National-scale ETL benchmark: all 77 provinces, one fiscal year, CSV folders.

    .venv/bin/python benchmarks/etl_national.py [--out benchmarks/out] [--year 2568]

Measures, on this machine:
1. the floor: DuckDB `read_csv` of the same files straight into tables, no validation;
2. a full `tonbaeb etl run` into an empty home: wall time and peak memory (RSS of the
   whole process tree, sampled every 50 ms);
3. a reload where one district's submission changed, run over the whole sources file;
4. metric materialisation: recomputing every district's compliance and roll-ups.
Prints a Markdown table for the README and writes it to OUT/etl_national.md.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SHEETS = ("clubs", "members", "meetings", "attendance", "activities", "governance")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    parser.add_argument("--year", type=int, default=2568)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    inbox = args.out / f"national-{args.year}"
    tonbaeb = str(Path(sys.executable).with_name("tonbaeb"))

    if not (inbox / "sources.toml").exists():
        generated = timed(
            [tonbaeb, "generate", "--province", "all", "--years", str(args.year), "--out",
             str(inbox), "--format", "csv", "--workers", str(args.workers)]
        )
        print(f"generated in {generated.seconds:.1f} s")
    volume = describe(inbox)
    print(volume)

    floor = floor_seconds(inbox, args.out / "floor.duckdb")
    print(f"floor (DuckDB read_csv, no validation): {floor:.1f} s")

    home = args.out / "home"
    shutil.rmtree(home, ignore_errors=True)
    full = timed([tonbaeb, "etl", "run", "--home", str(home), "--sources",
                  str(inbox / "sources.toml"), "--workers", str(args.workers)])
    print(f"full load: {full.seconds:.1f} s, peak {full.peak_mb:.0f} MB, exit {full.status}")

    changed = touch_one_district(inbox)
    reload_all = timed([tonbaeb, "etl", "run", "--home", str(home), "--sources",
                        str(inbox / "sources.toml"), "--workers", str(args.workers)])
    print(f"reload, one district changed ({changed}), whole sources file: {reload_all.seconds:.2f} s")
    changed = touch_one_district(inbox)
    reload_one = timed([tonbaeb, "etl", "run", "--home", str(home), "--sources",
                        str(inbox / "sources.toml"), "--district", changed])
    print(f"reload of that district alone (--district {changed}): {reload_one.seconds:.2f} s")

    metrics = metric_seconds(home)
    print(f"metric materialisation, every district: {metrics:.1f} s")

    table = "\n".join(
        [
            f"National benchmark, FY {args.year}: {volume}",
            "",
            "| measure | result | target |",
            "| --- | --- | --- |",
            f"| floor: DuckDB `read_csv` of the same files, no validation | {floor:.1f} s | |",
            f"| full load (`tonbaeb etl run`, {args.workers} workers) | {full.seconds:.1f} s "
            f"({full.seconds / floor:.1f}× floor) | ≤ 3× floor |",
            f"| full load peak memory (process tree RSS) | {full.peak_mb:,.0f} MB | < 4,096 MB |",
            f"| reload, one district changed, whole sources file | {reload_all.seconds:.2f} s | < 2 s |",
            f"| reload, `--district` alone | {reload_one.seconds:.2f} s | < 2 s |",
            f"| metric materialisation, all districts | {metrics:.1f} s | |",
        ]
    )
    (args.out / "etl_national.md").write_text(table + "\n", encoding="utf-8")
    print("\n" + table)
    return 0


class timed:
    """Run a command; wall seconds, exit status and peak RSS of its process tree."""

    def __init__(self, command: list[str]) -> None:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        self.peak_mb = 0.0
        done = threading.Event()
        watcher = threading.Thread(target=self._watch, args=(process.pid, done))
        watcher.start()
        self.status = process.wait()
        self.seconds = time.perf_counter() - start
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


def describe(inbox: Path) -> str:
    counts = dict.fromkeys(SHEETS, 0)
    folders = [p for p in inbox.iterdir() if p.is_dir()]
    con = duckdb.connect()
    for sheet in SHEETS:
        files = [str(f / f"{sheet}.csv") for f in folders if (f / f"{sheet}.csv").exists()]
        counts[sheet] = sum(sum(1 for _ in open(f, "rb")) - 1 for f in files)
    con.close()
    size = sum(f.stat().st_size for f in inbox.rglob("*.csv")) / 2**20
    return (
        f"{len(folders)} districts, {counts['clubs']:,} clubs, {counts['members']:,} members, "
        f"{counts['meetings']:,} meetings, {counts['attendance']:,} attendance rows, "
        f"{counts['activities']:,} activities ({size:,.0f} MB of CSV)"
    )


def floor_seconds(inbox: Path, path: Path) -> float:
    """DuckDB reading every CSV straight into tables: no checks, text as it comes.

    DuckDB cannot decode Windows-874 offline (its `encodings` extension is a
    download), so the floor includes transcoding those files to UTF-8 first,
    which is the least any loader of these files must do.
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
    """Recompute compliance and roll-ups for every district of every province."""
    from warehouse import metrics
    from warehouse.home import Home
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
        districts = [d for (d,) in con.execute("select distinct district_code from clubs").fetchall()]
        start = time.perf_counter()
        for district in districts:
            metrics.refresh_district(con, province, district, rules, summaries=False)
        metrics.refresh_summaries(con, province)
        total += time.perf_counter() - start
        con.close()
    scratch.unlink(missing_ok=True)
    return total


if __name__ == "__main__":
    raise SystemExit(main())
