"""How big a home grows in a year of nightly loads: measured over some nights, extrapolated.

    .venv/bin/python benchmarks/load/growth.py [--province 62] [--nights 12]

Generates the province (FY 2567-2568, workbooks) with a few seeds, loads seed 1, then each
"night" one district sends a new workbook (the same district under another seed: other
rows, the same size) and `tonbaeb etl run` loads it. Reports the bytes of each part of the
home after the first load, after WARMUP nights (by then retention keeps its full number of
versions) and at the end; the growth per night from WARMUP on, times 365, is a year's. Prints
them and writes them to docs/benchmarks/growth.md.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from benchmarks import report  # noqa: E402

TONBAEB = str(Path(sys.executable).with_name("tonbaeb"))
PARTS = ("archive", "warehouse", "state", "runs", "secrets")
WARMUP = 3
ABOUT = """How big a home grows: a province (FY 2567-2568, workbooks) loaded once, then one night
after another one district sends a new workbook (other rows, the same size) and `tonbaeb etl run`
loads it. The size of each part of the home after the first load, after the first nights (by
then retention keeps its full number of versions) and at the end; the growth per night after
those first nights, times 365, is a year's. See [Benchmarks](../benchmarks.md#growth)."""


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def parts(home: Path) -> dict[str, int]:
    return {part: size(home / part) for part in PARTS}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--province", default="62")
    parser.add_argument("--nights", type=int, default=15)
    parser.add_argument(
        "--keep", type=Path, help="work here and keep it (default: a temporary folder)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        base = args.keep or Path(scratch)
        for seed in (1, 2, 3):
            subprocess.run(
                [
                    TONBAEB,
                    "generate",
                    "--province",
                    args.province,
                    "--years",
                    "2567-2568",
                    "--format",
                    "xlsx",
                    "--seed",
                    str(seed),
                    "--out",
                    str(base / f"seed{seed}"),
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        inbox, home = base / "seed1", base / "home"
        sources = inbox / "sources.toml"
        subprocess.run(
            [TONBAEB, "etl", "run", "--home", str(home), "--sources", str(sources)],
            check=True,
            capture_output=True,
        )
        first = parts(home)
        districts = sorted(p for p in inbox.iterdir() if p.suffix == ".xlsx" or p.is_dir())
        for night in range(args.nights):
            district = districts[night % len(districts)]
            other = base / f"seed{2 + night % 2}" / district.name
            if district.is_dir():
                shutil.rmtree(district)
                shutil.copytree(other, district)
            else:
                shutil.copyfile(other, district)
            done = subprocess.run(
                [TONBAEB, "etl", "run", "--home", str(home), "--sources", str(sources)],
                capture_output=True,
                text=True,
            )
            assert done.returncode in (0, 1), done.stderr
            if night + 1 == WARMUP:
                warm = parts(home)
        last = parts(home)
    per_night = {k: (last[k] - warm[k]) / (args.nights - WARMUP) for k in PARTS}
    year = sum(per_night.values()) * 365
    lines = [
        f"province {args.province}, first load: "
        + ", ".join(f"{k} {v / 2**20:.1f} MiB" for k, v in first.items()),
        f"after {WARMUP} nights: " + ", ".join(f"{k} {v / 2**20:.1f} MiB" for k, v in warm.items()),
        f"after {args.nights} nights with one changed district each: "
        + ", ".join(f"{k} {v / 2**20:.1f} MiB" for k, v in last.items()),
        "growth per night: " + ", ".join(f"{k} {v / 2**10:.0f} KiB" for k, v in per_night.items()),
        f"a year of nightly loads: about {year / 2**20:.0f} MiB more (the warehouse stays at the versions kept)",
    ]
    print("\n".join(lines))
    table = [
        "| part of the home | first load | after "
        + f"{WARMUP} nights | after {args.nights} nights | growth per night |"
    ]
    table.append("| --- | ---: | ---: | ---: | ---: |")
    table += [
        f"| `{k}` | {first[k] / 2**20:.1f} MiB | {warm[k] / 2**20:.1f} MiB | {last[k] / 2**20:.1f} MiB "
        f"| {per_night[k] / 2**10:.0f} KiB |"
        for k in PARTS
    ]
    report.write(
        "growth",
        "How big a home grows",
        ABOUT,
        f"Province {args.province}, {args.nights} nights, one changed district a night.\n\n"
        + "\n".join(table)
        + f"\n\nA year of nightly loads: about **{year / 2**20:.0f} MiB more** "
        "(the warehouse stays at the versions kept).",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
