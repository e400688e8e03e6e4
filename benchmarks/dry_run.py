"""The upload page's dry run of a typical district workbook: must answer within 2 s.

    .venv/bin/python benchmarks/dry_run.py [--district 6205] [--repeat 7]

Generates the district's submission as `tonbaeb generate` writes it (xlsx, fiscal years
2564-2568, the generator's default club counts, 10% messy forms, 1% invalid rows), loads
it once (so the dry run compares with a published district), then times what the server
does for one upload, `--repeat` times: the upload checks (etl/upload.py), the dry run
(etl/dry_run.py: extract, normalise, validate, transform, load into memory, metrics,
before/after), and drawing the page's report. Prints the median and range of the wall time,
the CPU time of all threads (a bound on the wall time of a quiet machine: other work on a busy
one stretches the wall time, not the CPU time), and the load average, and writes them to
docs/benchmarks/dry_run.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.home import Home  # noqa: E402
from dashboard.pages.submit import preview as submit_view  # noqa: E402
from etl import dry_run, upload  # noqa: E402
from etl.pipeline import run  # noqa: E402
from etl.sources import Source, read_sources  # noqa: E402
from tonbaeb.generate import generate  # noqa: E402
from warehouse.rules import load_rules  # noqa: E402

TARGET_SECONDS = 2.0
ABOUT = """The upload page's dry run of one typical district workbook, as the server does it for an
upload: the upload checks, the dry run (extract, normalise, validate, transform, load into an
in-memory database with the metrics, before and after) and drawing the page's report. The
district's submission is generated as `tonbaeb generate` writes it (xlsx, fiscal years
2564-2568) and loaded once first, so the dry run compares with a published district. Target: a
median under 2 s. See [Benchmarks](../benchmarks.md#dry-run)."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--district", default="6205")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    today = date.today()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        result = generate(
            root / "inbox",
            [args.district[:2]],
            list(range(2564, 2569)),
            districts=[args.district],
            fmt="xlsx",
            today=today,
        )
        home = Home(root / "home")
        rules = load_rules(None)
        [loaded] = run(home, read_sources(result.sources), rules, today=today, workers=1)
        workbook = root / "inbox" / f"{args.district}.xlsx"
        data = workbook.read_bytes()
        source = Source(args.district[:2], args.district, f"upload:{workbook.name}")
        times, cpu = [], []
        for _ in range(max(1, min(args.repeat, 50))):
            start, used = time.perf_counter(), time.process_time()
            files = upload.check(workbook.name, data)
            preview = dry_run.dry_run(home, source, files, rules, today)
            submit_view.preview(preview, workbook.name, "th")
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - used)
    read, would, rejected = preview.rows
    median = statistics.median(times)
    workbook_line = (
        f"district {args.district}: {len(data) / 2**20:.2f} MB workbook, {read:,} rows read, {would:,} would load, "
        f"{rejected:,} rejected (first load: {loaded.status})"
    )
    print(workbook_line)
    print(
        f"dry run: median {median:.2f} s (range {min(times):.2f}-{max(times):.2f}) over {len(times)} runs; "
        f"target < {TARGET_SECONDS:.0f} s: {'met' if median < TARGET_SECONDS else 'NOT met'}; "
        f"CPU time (all threads) median {statistics.median(cpu):.2f} s; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other work slows every figure)"
    )
    verdict = "met" if median < TARGET_SECONDS else "**not met**"
    from benchmarks import report

    report.write(
        "dry_run",
        "Dry run of an upload",
        ABOUT,
        "\n".join(
            [
                f"The workbook: {workbook_line}.",
                "",
                "| measure | result | target |",
                "| --- | --- | --- |",
                f"| wall time, median of {len(times)} (range) | {median:.2f} s "
                f"({min(times):.2f}-{max(times):.2f}) | < {TARGET_SECONDS:.0f} s: {verdict} |",
                "| CPU time of the whole process (all polars and DuckDB threads), median | "
                f"{statistics.median(cpu):.2f} s | |",
            ]
        ),
    )
    return 0 if median < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
