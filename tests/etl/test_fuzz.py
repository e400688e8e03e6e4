"""The fuzz suite: generated submissions broken in many ways, loaded in a few runs (see
tests/etl/fuzz). Each variant must end as the file deserves, name where it failed, count
every data row, and leave the warehouse holding exactly what it says."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

from tests.conftest import TODAY
from tests.etl.fuzz.campaign import campaign, settled
from tests.etl.fuzz.model import Layout, read_generated, write
from tests.etl.fuzz.mutators import MUTATORS, variant
from tonbaeb.generate import generate

REPO = Path(__file__).resolve().parents[2]


def test_three_hundred_variants_find_nothing(tmp_path: Path) -> None:
    report = campaign(tmp_path, 320, seed=1)
    assert report.variants == 320
    assert report.findings == [], report.summary()
    names = {name for name, _status in report.outcomes}
    assert names >= set(MUTATORS) | {"odd_source"}, report.summary()  # every mutator ran
    statuses = {status for _name, status in report.outcomes}
    assert {"loaded", "failed"} <= statuses
    # Not vacuous: some variant would have removed a published club and was held for it.
    assert report.removals_held >= 1, report.summary()


def test_variants_are_deterministic_from_the_seed(tmp_path: Path) -> None:
    generate(
        tmp_path,
        ["62"],
        [2568],
        fmt="csv",
        clubs_per_district=(2, 3),
        districts=["6205"],
        today=TODAY,
    )
    base = read_generated(tmp_path / "6205")
    first, again = random.Random(7), random.Random(7)
    made = [variant(first, "6205", base) for _ in range(40)]
    assert made == [variant(again, "6205", base) for _ in range(40)]
    assert len({v.name for v in made}) > 10


def test_the_predicate_for_the_shrink_guard() -> None:
    assert settled("loaded", "held") and settled("failed", "failed")
    assert (
        not settled("failed", "held")
        and not settled("failed", "loaded")
        and not settled("loaded", "failed")
    )


def test_the_command_line_prints_one_row_per_broken_district_and_no_traceback(
    tmp_path: Path,
) -> None:
    generate(
        tmp_path / "base",
        ["62"],
        [2568],
        fmt="csv",
        clubs_per_district=(2, 3),
        districts=["6201", "6202", "6203"],
        today=TODAY,
    )
    tables = {d: read_generated(tmp_path / "base" / d) for d in ("6201", "6202", "6203")}
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    tables["6201"][0].header = [h + "x" for h in tables["6201"][0].header]  # not understood
    uris = {
        d: write(t, Layout(fmt="xlsx" if d == "6202" else "csv", delimiter=";"), inbox, d)
        for d, t in tables.items()
    }
    (inbox / "6202.xlsx").write_bytes((inbox / "6202.xlsx").read_bytes()[:900])  # cut short
    (inbox / "sources.toml").write_text(
        "".join(
            f'[[source]]\nprovince = "62"\ndistrict = "{d}"\nuri = "{u}"\n' for d, u in uris.items()
        ),
        encoding="utf-8",
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tonbaeb.cli",
            "--home",
            str(tmp_path / "home"),
            "etl",
            "run",
            "--sources",
            str(inbox / "sources.toml"),
            "--workers",
            "1",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
        check=False,
    )
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    assert "Traceback" not in out
    assert "6201" in out and "6202" in out and "6203" in out
    assert "6202.xlsx" in out and "no header row" in out
