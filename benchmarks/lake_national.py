"""The national lake's cost: the ETL with the lake on and off, the lake's size, a Spark-API query.

    .venv/bin/python benchmarks/lake_national.py [--out benchmarks/out] [--year 2568] [--repeat 3] [--reloads 5]
    .venv/bin/python benchmarks/lake_national.py --province 75 --province 58 --repeat 1   # a smoke run

Measures, on this machine, each `--repeat` times (median, and the range), in one run:
1. a full `tonbaeb etl run` into an empty home, the lake off and on (target: on ≤ 1.2× off), as
   the operator waits for it (until the command returns, its provinces published);
2. a reload of one changed district (`--district`), the lake off and on, `--reloads` times
   (target: ≤ 1.1× off; a reload takes seconds, and one pair of them differs by more than a
   tenth from run to run on this machine, so it is the median of several);
   for both, with the lake on, how long the lake lags the publish: from the run's return until
   the follower it started (`tonbaeb lake catch-up`, its process id in the run's summary) has
   committed, and the follower's CPU seconds. The benchmark is the follower's subreaper
   (PR_SET_CHILD_SUBREAPER): the follower outlives the run, becomes its child, and is waited for
   (wait4), which gives its end and its CPU time, before the next measure starts;
3. the lake's size on disk (data and metadata) per fiscal year of data;
4. the Spark-API query of the proof (clubs meeting the standard per district and fiscal year) with
   PySpark over Spark Connect against a local Sail server, on the whole lake: time and rows.
The data is generated into OUT/lake-YEAR-<provinces> unless it is already there (the reloads append
to one district's meetings.csv there). With every province (the default) the results go to
docs/benchmarks/lake_national.md; with some (`--province`), to OUT/lake.md only.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import report  # noqa: E402
from benchmarks.etl_national import Load, spread, timed, touch_one_district  # noqa: E402

ABOUT = """The national lake (docs/lake.md): the national ETL of one fiscal year (`tonbaeb generate
--province all --format csv`, seed 1) with the lake off and on in the same run, a one-district
reload off and on, the lake's size per fiscal year, and the Spark-API query of the lake's proof
(PySpark over Spark Connect against a local Sail server). Targets: the lake adds at most 20 % to
the full load and at most 10 % to a one-district reload, as the operator waits for the run (until
`tonbaeb etl run` returns, its provinces published). The lake commits after the run, in the
follower it starts: how long the lake then lags the publish, and the follower's CPU, are measured
beside. See [The national lake](../lake.md)."""
QUERY_NOTE = "clubs meeting the standard per province, district and fiscal year"
PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    parser.add_argument("--year", type=int, default=2568)
    parser.add_argument("--province", action="append", default=[], help="default: all")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--reloads", type=int, default=5, help="reloads of one district, off and on"
    )
    parser.add_argument("--quiet", type=float, default=25.0, help="see etl_national.py")
    args = parser.parse_args()
    args.out = args.out.resolve()
    provinces = args.province or ["all"]
    inbox = args.out / f"lake-{args.year}-{'-'.join(provinces)}"
    tonbaeb = str(Path(sys.executable).with_name("tonbaeb"))
    sources = str(inbox / "sources.toml")
    homes = {"off": args.out / "lake-home-off", "on": args.out / "lake-home-on"}
    load = Load(args.quiet)
    become_subreaper()

    if not (inbox / "sources.toml").exists():
        command = [tonbaeb, "generate", "--years", str(args.year), "--out", str(inbox)]
        for province in provinces:
            command += ["--province", province]
        generated = timed([*command, "--format", "csv", "--workers", str(args.workers)])
        assert generated.status == 0, f"generate exit {generated.status}"

    full: dict[str, list[float]] = {"off": [], "on": []}
    lag: dict[str, list[Followed]] = {"full": [], "reload": []}
    for _ in range(args.repeat):
        for state, home in homes.items():
            fresh(home, lake=state == "on")
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
            returned = time.perf_counter()
            assert run.status == 0, f"full load ({state}) exit {run.status}"
            full[state].append(run.seconds)
            if state == "on":
                lag["full"].append(follower_of(home, returned))
    print(f"full load: lake off {spread(full['off'], 1)} s, on {spread(full['on'], 1)} s")
    print(f"the lake after the full load: {said(lag['full'])}")

    reload: dict[str, list[float]] = {"off": [], "on": []}
    changed = ""
    for _ in range(args.reloads):
        changed = touch_one_district(inbox)
        for state, home in homes.items():
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
                    "--district",
                    changed,
                ],
            )
            returned = time.perf_counter()
            assert run.status == 0, f"reload ({state}) exit {run.status}"
            reload[state].append(run.seconds)
            if state == "on":
                lag["reload"].append(follower_of(home, returned))
    print(f"reload of {changed}: lake off {spread(reload['off'])} s, on {spread(reload['on'])} s")
    print(f"the lake after the reload: {said(lag['reload'])}")

    size = folder_bytes(homes["on"] / "lake")
    seconds, rows = spark_query(homes["on"])
    print(
        f"lake: {size / 2**20:.1f} MB for FY {args.year}; Spark-API query {seconds:.2f} s, {rows} rows"
    )

    full_ratio = statistics.median(full["on"]) / statistics.median(full["off"])
    reload_ratio = statistics.median(reload["on"]) / statistics.median(reload["off"])
    table = "\n".join(
        [
            f"Provinces: {', '.join(provinces)}; FY {args.year}; median of {args.repeat} full "
            f"loads and {args.reloads} reloads (range in brackets); 1-minute load average "
            f"{load.low:.1f}-{load.high:.1f} around the measures.",
            "",
            "| measure | lake off | lake on | on ÷ off | target |",
            "| --- | --- | --- | --- | --- |",
            f"| full load, `tonbaeb etl run --workers {args.workers}` into an empty home | "
            f"{spread(full['off'], 1)} s | {spread(full['on'], 1)} s | {full_ratio:.2f} | "
            f"≤ 1.2: {'met' if full_ratio <= 1.2 else '**not met**'} |",
            f"| reload of one changed district (`--district {changed}`) | "
            f"{spread(reload['off'])} s | {spread(reload['on'])} s | {reload_ratio:.2f} | "
            f"≤ 1.1: {'met' if reload_ratio <= 1.1 else '**not met**'} |",
            f"| the lake's lag after the full load: from the run's return until its follower has "
            f"committed | | {spread([f.lag for f in lag['full']], 1)} s | | |",
            f"| the full load's follower: CPU | | {spread([f.cpu for f in lag['full']], 1)} s | | |",
            f"| the lake's lag after the reload | | {spread([f.lag for f in lag['reload']])} s | | |",
            f"| the reload's follower: CPU | | {spread([f.cpu for f in lag['reload']])} s | | |",
            f"| the lake's size on disk (one fiscal year) | | {size / 2**20:.1f} MB | | |",
            f"| Spark-API query on the lake ({QUERY_NOTE}), PySpark over Spark Connect "
            f"against Sail | | {seconds:.2f} s, {rows:,} rows | | |",
        ]
    )
    table += (
        "\n\nThe runs are timed as the operator waits for them: until `tonbaeb etl run` returns, its "
        "provinces published. The lake commits after that, in the follower the run started "
        "(`tonbaeb lake catch-up`): the lake lags each publish by the follower's time above, "
        "during which readers of the lake see the provinces' previous versions."
    )
    print("\n" + table)
    if provinces == ["all"]:
        report.write("lake_national", "The national lake", ABOUT, table)
    else:
        report.write(
            "lake_national", "The national lake (some provinces)", ABOUT, table, folder=args.out
        )
    return 0


class Followed:
    """A lake follower waited for: seconds from the run's return until it ended, its CPU seconds."""

    def __init__(self, lag: float, cpu: float) -> None:
        self.lag, self.cpu = lag, cpu


def become_subreaper() -> None:
    """Orphaned descendants (a follower outliving its run) become this process's children."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER)")


def follower_of(home: Path, returned: float) -> Followed:
    """Wait for the follower the home's newest run started (its pid in the run's summary)."""
    newest = max((home / "runs").glob("*.json"))
    pid = json.loads(newest.read_text(encoding="utf-8")).get("lake_follower")
    assert pid, f"{newest}: the run started no lake follower"
    _pid, status, usage = os.wait4(pid, 0)
    ended = time.perf_counter()
    assert os.waitstatus_to_exitcode(status) == 0, f"the follower {pid} failed: see runs/lake.log"
    reap_strays()
    return Followed(ended - returned, usage.ru_utime + usage.ru_stime)


def reap_strays() -> None:
    """Reap other orphans that ended (a run's reading children outliving it by a moment)."""
    try:
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass
    except ChildProcessError:
        pass


def said(followed: list[Followed]) -> str:
    lags, cpus = [f.lag for f in followed], [f.cpu for f in followed]
    return f"lags the publish by {spread(lags)} s; follower CPU {spread(cpus)} s"


def fresh(home: Path, *, lake: bool) -> None:
    """An empty home, the lake on or off."""
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True, mode=0o700)
    (home / "settings.toml").write_text(f"[lake]\nenabled = {'true' if lake else 'false'}\n")


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def spark_query(home: Path) -> tuple[float, int]:
    """The proof's query on the whole lake, through Spark Connect to a local Sail server."""
    from pysail.spark import SparkConnectServer
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    server = SparkConnectServer("127.0.0.1", 0)
    server.start(background=True)
    try:
        spark = SparkSession.builder.remote(
            f"sc://127.0.0.1:{server.listening_address[1]}"
        ).getOrCreate()
        location = (home / "lake" / "tonbaeb" / "club_year_compliance").as_uri()
        started = time.perf_counter()
        rows = (
            spark.read.format("iceberg")
            .load(location)
            .groupBy("province_code", "district_code", "fiscal_year")
            .agg(F.count(F.when(F.col("meets_standard"), 1)).alias("meeting"))
            .collect()
        )
        seconds = time.perf_counter() - started
        spark.stop()
    finally:
        server.stop()
    return seconds, len(rows)


if __name__ == "__main__":
    raise SystemExit(main())
