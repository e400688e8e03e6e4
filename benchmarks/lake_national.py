"""The national lake's cost: the ETL with the lake on and off, the lake's size, a Spark-API query.

    .venv/bin/python benchmarks/lake_national.py [--out benchmarks/out] [--year 2568] [--repeat 3]
    .venv/bin/python benchmarks/lake_national.py --province 75 --province 58 --repeat 1   # a smoke run

Measures, on this machine, each `--repeat` times (median, and the range), in one run:
1. a full `tonbaeb etl run` into an empty home, the lake off and on (target: on ≤ 1.2× off);
2. a reload of one changed district (`--district`), the lake off and on (target: ≤ 1.1× off);
3. the lake's size on disk (data and metadata) per fiscal year of data;
4. the Spark-API query of the proof (clubs meeting the standard per district and fiscal year) with
   PySpark over Spark Connect against a local Sail server, on the whole lake: time and rows.
The data is generated into OUT/lake-YEAR-<provinces> unless it is already there (the reloads append
to one district's meetings.csv there). With every province (the default) the results go to
docs/benchmarks/lake_national.md; with some (`--province`), to OUT/lake.md only.
"""

from __future__ import annotations

import argparse
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
the full load and at most 10 % to a one-district reload. See [The national lake](../lake.md)."""
QUERY_NOTE = "clubs meeting the standard per province, district and fiscal year"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    parser.add_argument("--year", type=int, default=2568)
    parser.add_argument("--province", action="append", default=[], help="default: all")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quiet", type=float, default=25.0, help="see etl_national.py")
    args = parser.parse_args()
    args.out = args.out.resolve()
    provinces = args.province or ["all"]
    inbox = args.out / f"lake-{args.year}-{'-'.join(provinces)}"
    tonbaeb = str(Path(sys.executable).with_name("tonbaeb"))
    sources = str(inbox / "sources.toml")
    homes = {"off": args.out / "lake-home-off", "on": args.out / "lake-home-on"}
    load = Load(args.quiet)

    if not (inbox / "sources.toml").exists():
        command = [tonbaeb, "generate", "--years", str(args.year), "--out", str(inbox)]
        for province in provinces:
            command += ["--province", province]
        generated = timed([*command, "--format", "csv", "--workers", str(args.workers)])
        assert generated.status == 0, f"generate exit {generated.status}"

    full: dict[str, list[float]] = {"off": [], "on": []}
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
            assert run.status == 0, f"full load ({state}) exit {run.status}"
            full[state].append(run.seconds)
    print(f"full load: lake off {spread(full['off'], 1)} s, on {spread(full['on'], 1)} s")

    reload: dict[str, list[float]] = {"off": [], "on": []}
    changed = ""
    for _ in range(args.repeat):
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
            assert run.status == 0, f"reload ({state}) exit {run.status}"
            reload[state].append(run.seconds)
    print(f"reload of {changed}: lake off {spread(reload['off'])} s, on {spread(reload['on'])} s")

    size = folder_bytes(homes["on"] / "lake")
    seconds, rows = spark_query(homes["on"])
    print(
        f"lake: {size / 2**20:.1f} MB for FY {args.year}; Spark-API query {seconds:.2f} s, {rows} rows"
    )

    full_ratio = statistics.median(full["on"]) / statistics.median(full["off"])
    reload_ratio = statistics.median(reload["on"]) / statistics.median(reload["off"])
    table = "\n".join(
        [
            f"Provinces: {', '.join(provinces)}; FY {args.year}; median of {args.repeat} runs "
            "(range in brackets); 1-minute load average "
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
            f"| the lake's size on disk (one fiscal year) | | {size / 2**20:.1f} MB | | |",
            f"| Spark-API query on the lake ({QUERY_NOTE}), PySpark over Spark Connect "
            f"against Sail | | {seconds:.2f} s, {rows:,} rows | | |",
        ]
    )
    print("\n" + table)
    if provinces == ["all"]:
        report.write("lake_national", "The national lake", ABOUT, table)
    else:
        report.write(
            "lake_national", "The national lake (some provinces)", ABOUT, table, folder=args.out
        )
    return 0


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
