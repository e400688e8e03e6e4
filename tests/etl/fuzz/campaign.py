"""A fuzz campaign: valid generated submissions, broken in many ways, loaded in a few runs.

Every district of some provinces gets a valid base submission, loaded once; then each
round sends every district a variant of its base (one run per round, all districts at
once) and checks, per variant: no exception escapes the run; a failure names where;
per sheet rows read = loaded + rejected = the data rows in the file; the warehouse
holds exactly what was loaded; a district whose file failed keeps what it had; no
published club disappears unless its district was held (the removal guard).

`python3 tasks.py fuzz --variants N [--seed S]` runs it outside pytest.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import geothai

from core.home import Home
from etl.pipeline import Outcome, run
from etl.sources import read_sources
from tests.conftest import TODAY
from tests.etl.fuzz.files import written
from tests.etl.fuzz.model import (
    BLANKS,
    Layout,
    data_rows,
    is_error,
    read_generated,
    row_numbers,
    shown,
)
from tests.etl.fuzz.mutators import Variant, variant
from tonbaeb.generate import generate
from warehouse.connection import reading
from warehouse.rules import load_rules

PROVINCES = ("10", "30", "40", "34", "33", "31", "41", "62")
TABLES = ("clubs", "members", "meetings", "attendance", "activities", "governance")
Prints = dict[str, dict[str, tuple[int, str | None]]]
Rejected = dict[str, dict[str, dict[int, str]]]  # district -> sheet label -> row -> reason


def settled(expected: str, status: str) -> bool:
    """Whether a variant expected to load / fail ended acceptably.

    `held` is the shrink guard's status: a file that loads but would cut a sheet by more than
    half is held and keeps the old data, like a failure.
    """
    allowed = {
        "loaded": {"loaded", "held"},
        "failed": {"failed"},
        "either": {"loaded", "failed", "held"},
    }
    return status in allowed[expected]


@dataclass
class Report:
    """What a campaign ran and found."""

    variants: int = 0
    runs: int = 0
    seconds: float = 0.0
    outcomes: Counter[tuple[str, str]] = field(default_factory=Counter)  # (mutator, status)
    findings: list[str] = field(default_factory=list)
    removals_held: int = 0  # variants the removal guard held (a published club would have gone)

    def summary(self) -> str:
        """A few lines: variants, outcomes by mutator, findings."""
        by: dict[str, Counter[str]] = defaultdict(Counter)
        for (name, status), n in self.outcomes.items():
            by[name][status] += n
        lines = [
            f"{self.variants} variants in {self.runs} runs, {self.seconds:.0f} s; "
            f"{len(self.findings)} findings; {self.removals_held} held by the removal guard"
        ]
        lines += [
            f"  {name}: " + ", ".join(f"{s} {n}" for s, n in sorted(c.items()))
            for name, c in sorted(by.items())
        ]
        lines += [f"  FINDING {f}" for f in self.findings[:50]]
        return "\n".join(lines)


def campaign(
    root: Path,
    variants: int,
    seed: int = 1,
    provinces: tuple[str, ...] = PROVINCES,
    hostile: bool = False,
) -> Report:
    """Run `variants` variants (in rounds of one per district) under `root`."""
    started = time.monotonic()
    rng = random.Random(seed)
    districts = [d.code for p in provinces for d in geothai.districts(p)]
    rounds = -(-variants // len(districts))
    per_round = -(-variants // rounds)
    chosen = sorted(rng.sample(districts, per_round))
    generate(
        root / "base",
        sorted({d[:2] for d in chosen}),
        [2568],
        seed=seed,
        fmt="csv",
        messy_share=0.1,
        invalid_share=0.02,
        clubs_per_district=(2, 3),
        districts=chosen,
        today=TODAY,
    )
    bases = {d: read_generated(root / "base" / d) for d in chosen}
    home, rules, report = Home(root / "home"), load_rules(None), Report()
    baseline = [Variant("base", d, bases[d], Layout(), None) for d in chosen]  # type: ignore[arg-type]
    _round(root / "round0", home, rules, baseline, report, check=False)
    for number in range(1, rounds + 1):
        batch = [variant(rng, d, bases[d], hostile) for d in chosen][: variants - report.variants]
        _round(root / f"round{number}", home, rules, batch, report, check=True)
    report.seconds = time.monotonic() - started
    return report


def _round(
    folder: Path, home: Home, rules: object, batch: list[Variant], report: Report, check: bool
) -> None:
    folder.mkdir(parents=True)
    entries = []
    for item in batch:
        uri = written(folder, item)
        code = item.district
        entries.append(f'[[source]]\nprovince = "{code[:2]}"\ndistrict = "{code}"\nuri = "{uri}"\n')
    (folder / "sources.toml").write_text("\n".join(entries), encoding="utf-8")
    provinces = sorted({v.district[:2] for v in batch})
    before, clubs_before = _prints(home, provinces), _clubs(home, provinces)
    report.runs += 1
    try:
        outcomes = run(home, read_sources(folder / "sources.toml"), rules, today=TODAY, workers=1)  # type: ignore[arg-type]
    except BaseException:
        report.findings.append(f"{folder.name}: the run raised\n{traceback.format_exc()}")
        return
    after, rejected, clubs_after = (
        _prints(home, provinces),
        _rejected(home, provinces),
        _clubs(home, provinces),
    )
    for item, outcome in zip(batch, outcomes, strict=True):
        if not check:
            if outcome.status != "loaded":
                report.findings.append(f"base {item.district}: {outcome.status} {outcome.message}")
            continue
        report.variants += 1
        report.outcomes[(item.name.split("+")[0].split(":")[0], outcome.status)] += (
            1  # by main mutator
        )
        if outcome.status == "held" and f"--accept-removal {item.district}" in outcome.message:
            report.removals_held += 1
        report.findings += [
            f"{item.name} {item.district}: {p}"
            for p in problems(item, outcome, before, after, rejected)
        ]
        gone = clubs_before.get(item.district, set()) - clubs_after.get(item.district, set())
        if gone:
            report.findings.append(
                f"{item.name} {item.district}: {outcome.status}, yet published clubs disappeared: {sorted(gone)[:5]}"
            )


def problems(
    item: Variant, outcome: Outcome, before: Prints, after: Prints, rejected: Rejected
) -> list[str]:
    """What is wrong with one variant's outcome; [] when nothing."""
    found = []
    status, message = outcome.status, outcome.message or ""
    expected = item.expect.status
    if not settled(expected, status):
        found.append(f"expected {expected}, got {status}: {message[:300]}")
    if "Traceback" in message:
        found.append(f"a traceback in the message: {message[:300]}")
    if status in ("failed", "held"):
        missing = [w for w in item.expect.where if w not in message]
        if status == "failed" and missing:
            found.append(f"the message names no {missing}: {message[:300]}")
        if after.get(item.district) != before.get(item.district):
            found.append(f"{status}, yet its published data changed")
        return found
    if status != "loaded":
        return found
    for sheet, (read, loaded, refused) in outcome.sheets.items():
        if read != loaded + refused:
            found.append(f"{sheet}: read {read} != loaded {loaded} + rejected {refused}")
        if after.get(item.district, {}).get(sheet, (0, None))[0] != loaded:
            published = after.get(item.district, {}).get(sheet)
            found.append(f"{sheet}: {loaded} loaded but {published} in the warehouse")
    for table in TABLES:
        held = after.get(item.district, {}).get(table, (0, None))[0]
        if table not in outcome.sheets and held:
            found.append(f"{table}: not sent, yet {held} rows of it are still published")
    if expected == "loaded":
        found += _noted(item, message)
        rows = {t.sheet: data_rows(t) for t in item.tables if t.sheet}
        got = {sheet: counts[0] for sheet, counts in outcome.sheets.items()}
        if got != rows:
            found.append(f"rows read {got} != data rows in the file {rows}")
        found += _rejections(item, rejected.get(item.district, {}))
    return found


def _noted(item: Variant, message: str) -> list[str]:
    """A loaded district's message names the title rows skipped, unknown and hidden sheets."""
    found = []
    for table in item.tables:
        titled = any(shown(c).strip(BLANKS) for row in table.titles for c in row)
        if table.sheet and titled and "title row" not in message:
            found.append(f"{table.label}: title rows skipped without a word: {message[:200]}")
        if not table.sheet and repr(table.label) not in message:
            found.append(f"sheet {table.label!r} matches nothing, yet unnamed: {message[:200]}")
        if table.hidden and item.layout.fmt == "xlsx" and "hidden" not in message:
            found.append(f"{table.label}: hidden, yet unnamed: {message[:200]}")
    return found


def _rejections(item: Variant, rejected: dict[str, dict[int, str]]) -> list[str]:
    """Rejected rows are data rows of the file, and every row holding an error cell is one."""
    found = []
    for table in item.tables:
        if not table.sheet:
            continue
        numbered = row_numbers(table)
        mine = rejected.get(table.label, {})
        strays = sorted(set(mine) - set(numbered))
        if strays:
            found.append(f"{table.label}: rows {strays[:5]} rejected, but they hold no data")
        for number, cells in numbered.items():
            # (the reason is the first failing column's, which may be another than the error's)
            if any(is_error(c) for c in cells) and number not in mine:
                found.append(f"{table.label} row {number}: an error cell {cells}, yet not rejected")
    return found


def _prints(home: Home, provinces: list[str]) -> Prints:
    """Per district and record table: its row count and latest batch, as published."""
    prints: Prints = defaultdict(dict)
    for province in provinces:
        try:
            with reading(home, province) as (con, _version):
                for table in TABLES:
                    for district, count, batch in con.execute(
                        f"select district_code, count(*), max(batch_id) from {table} group by 1"
                    ).fetchall():
                        prints[district][table] = (count, batch)
        except Exception:
            continue
    return dict(prints)


def _clubs(home: Home, provinces: list[str]) -> dict[str, set[str]]:
    """Per district: the club ids published."""
    found: dict[str, set[str]] = defaultdict(set)
    for province in provinces:
        try:
            with reading(home, province) as (con, _version):
                for district, club in con.execute(
                    "select district_code, club_id from clubs"
                ).fetchall():
                    found[district].add(club)
        except Exception:
            continue
    return dict(found)


def _rejected(home: Home, provinces: list[str]) -> Rejected:
    """The rows each district's latest loaded batch rejected."""
    found: Rejected = defaultdict(lambda: defaultdict(dict))
    query = """
        select r.district_code, r.sheet, r.row_number, r.reason_code from rejected_rows r
        join (select district_code, arg_max(batch_id, started_at) as batch_id from load_batches
              where status = 'loaded' group by 1) b using (district_code, batch_id)
    """
    for province in provinces:
        try:
            with reading(home, province) as (con, _version):
                for district, sheet, number, reason in con.execute(query).fetchall():
                    found[district][sheet][number] = reason
        except Exception:
            continue
    return found


def main(argv: list[str]) -> int:
    """`tasks.py fuzz`: run a campaign in a temporary folder and print its summary."""
    parser = argparse.ArgumentParser(prog="tasks.py fuzz")
    parser.add_argument("--variants", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="run in this folder and keep it")
    parser.add_argument(
        "--hostile", action="store_true", help="FIFOs, /dev/zero, symlink loops too"
    )
    args = parser.parse_args(argv)
    root = args.keep or Path(tempfile.mkdtemp(prefix="tonbaeb-fuzz-"))
    try:
        report = campaign(root, args.variants, args.seed, hostile=args.hostile)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    print(report.summary())
    return 1 if report.findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
