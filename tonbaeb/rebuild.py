"""`tonbaeb rebuild`: the warehouses again, from the archive, in the order they were loaded.

A restored home has no warehouses. Each province's load history (archive/history, written
by `tonbaeb backup`) lists which submission (by content hash) was loaded when and under
which rules version; its files are in the archive by hash (etl/archive.py). The rebuild
loads them in that order through the ordinary pipeline, districts that were loaded
together again together, each under the rules file of its version (HOME/rules).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.home import Home
from etl.archive import SEEN, read_archived
from etl.sealed import SealError
from etl.sources import Source
from warehouse.rules import DEFAULT_FILE, Rules, RulesError, load_rules

HISTORY = "history"


class RebuildError(ValueError):
    """The archive lacks something a rebuild needs (a manifest, a file, a rules version)."""


@dataclass(frozen=True)
class Step:
    """Districts of one province loaded together in one run, under one rules version."""

    province: str
    rules_version: str
    batches: tuple[dict[str, Any], ...]


def plan(home: Home) -> list[Step]:
    """The runs to replay, oldest first: loaded batches in order, a new run when a district repeats."""
    steps: list[Step] = []
    for path in sorted((home.archive / HISTORY).glob("*.json")):
        group: list[dict[str, Any]] = []
        for batch in json.loads(path.read_text(encoding="utf-8")):
            if batch["status"] != "loaded":
                continue
            districts = {b["district_code"] for b in group}
            if group and (
                batch["district_code"] in districts
                or batch["rules_version"] != group[0]["rules_version"]
            ):
                steps.append(Step(path.stem, group[0]["rules_version"], tuple(group)))
                group = []
            group.append(batch)
        if group:
            steps.append(Step(path.stem, group[0]["rules_version"], tuple(group)))
    return steps


def rebuild(home: Home, on_step: Callable[[Step, list[Any]], None] | None = None) -> int:
    """Replay every step; returns how many batches failed (0 when all loaded again)."""
    from etl.limits import Limits
    from etl.pipeline import run
    from lake import follow, status

    steps = plan(home)
    if not steps:
        raise RebuildError(f"{home.archive / HISTORY}: no load history to rebuild from")
    if home.provinces():
        raise RebuildError(f"{home.root}: warehouses exist already; rebuild into a restored home")
    rules = _rules_by_version(home)
    seen = _saved_seen(home)
    if status.enabled(home):  # a backup carries the lake's catalog, not its files: start again
        follow.rebuild(home)
    failed = 0
    try:
        with tempfile.TemporaryDirectory() as scratch:
            for number, step in enumerate(steps):
                if step.rules_version not in rules:
                    raise RebuildError(
                        f"no rules file of version {step.rules_version!r} in {home.root / 'rules'}"
                    )
                sources = [_materialise(home, b, Path(scratch) / str(number)) for b in step.batches]
                districts = frozenset(
                    s.district for s in sources
                )  # it was published: no guard holds it
                replayed = Limits(
                    accept_shrink=districts,
                    accept_removal=districts,
                    accept_replace=districts,
                    accept_locked=districts,
                    replay_kept=_kept_years(step),
                )
                outcomes = run(
                    home,
                    sources,
                    rules[step.rules_version],
                    workers=1,
                    limits=replayed,
                    follower=False,
                )
                follow.catch_up(home, [step.province])  # as the original load did, now
                failed += sum(o.status in ("failed", "held", "locked") for o in outcomes)
                if on_step:
                    on_step(step, outcomes)
    finally:
        _put_back_seen(home, seen)
    return failed


def _kept_years(step: Step) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """Per district of the step: the locked years (approved or closed) its batch kept as published
    (year lock)."""
    found = []
    for batch in step.batches:
        kept = batch.get("kept_years") or ""
        years = tuple(int(y) for y in kept.split(",") if y.strip().isdigit())
        if years:
            found.append((batch["district_code"], years))
    return tuple(found)


def _materialise(home: Home, batch: dict[str, Any], base: Path) -> Source:
    """The archived submission as files again (a workbook, or a folder of CSVs)."""
    manifest = home.archive / "submissions" / f"{batch['content_sha256']}.json"
    try:
        files = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError) as error:
        raise RebuildError(
            f"{manifest}: the submission's manifest is missing or unreadable"
        ) from error
    folder = base / batch["district_code"]
    folder.mkdir(parents=True)
    for name, digest in files.items():
        try:
            (folder / name).write_bytes(read_archived(home.archive, digest))  # opened with its key
        except FileNotFoundError as error:
            raise RebuildError(
                f"{error.filename}: archived file {name!r} of {manifest.name} is missing"
            ) from error
        except (OSError, SealError) as error:
            raise RebuildError(
                f"archived file {name!r} of {manifest.name} cannot be opened: {error}"
            ) from error
    uri = folder / next(iter(files)) if len(files) == 1 else folder
    return Source(home_province(batch["district_code"]), batch["district_code"], str(uri))


def home_province(district: str) -> str:
    """The province code of a district code."""
    return district[:2]


def _rules_by_version(home: Home) -> dict[str, Rules]:
    found: dict[str, Rules] = {}
    candidates = [DEFAULT_FILE, *sorted((home.root / "rules").rglob("*.toml"))]
    for path in candidates:
        try:
            rules = load_rules(path)
        except RulesError:
            continue
        found.setdefault(rules.version, rules)
    return found


def _saved_seen(home: Home) -> dict[Path, bytes]:
    """The restored index of local files (so the next nightly pull skips unchanged ones)."""
    return {p: p.read_bytes() for p in (home.archive / SEEN).glob("*.json")}


def _put_back_seen(home: Home, saved: dict[Path, bytes]) -> None:
    for path in (home.archive / SEEN).glob("*.json"):
        if path not in saved:
            path.unlink()
    for path, data in saved.items():
        path.write_bytes(data)
