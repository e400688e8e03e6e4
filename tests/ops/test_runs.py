"""Nightly loads: the schedule's units, each run's summary, and the quality page's card of the last one."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from accounts.scope import Scope
from core.home import Home
from etl.runs import latest
from tonbaeb.cli import main

TONBAEB = str(Path(sys.executable).with_name("tonbaeb"))


def test_schedule_prints_a_service_a_timer_and_a_cron_line(home: Home, inbox: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert (
        main(
            ["etl", "schedule", "--home", str(home.root), "--sources", str(inbox), "--at", "02:30"]
        )
        == 0
    )
    text = capsys.readouterr().out
    assert (
        "[Service]\nType=oneshot" in text
        and "OnCalendar=*-*-* 02:30:00" in text
        and "Persistent=true" in text
    )
    command = f"etl run --home {home.root} --sources {inbox}"
    assert f"ExecStart={Path(TONBAEB).resolve()} {command}" in text
    assert f"\n30 2 * * * {Path(TONBAEB).resolve()} {command} >> " in text
    assert (
        main(
            ["etl", "schedule", "--home", str(home.root), "--sources", str(inbox), "--at", "25:00"]
        )
        == 2
    )
    assert "HH:MM" in capsys.readouterr().err


def test_a_run_keeps_its_summary_and_logs_each_batch(home: Home, inbox: Path) -> None:
    with inbox.open("a", encoding="utf-8") as sources:
        sources.write('\n[[source]]\nprovince = "62"\ndistrict = "6201"\nuri = "missing-folder"\n')
    run = [TONBAEB, "etl", "run", "--home", str(home.root), "--sources", str(inbox)]
    first = subprocess.run(run, capture_output=True, text=True, timeout=300)
    assert first.returncode == 1, first.stderr
    batches = [json.loads(line) for line in first.stderr.splitlines() if line.startswith('{"')]
    assert {(b["district"], b["outcome"]) for b in batches} == {
        ("6205", "loaded"),
        ("6201", "failed"),
    }
    assert all(b["kind"] == "etl_batch" and b["rows_read"] >= 0 and b["ms"] >= 0 for b in batches)
    summary = latest(home, "62")
    assert summary is not None
    entry = summary["provinces"]["62"]
    assert entry["loaded"] == ["6205"] and entry["failed"] == ["6201"] and entry["unchanged"] == []
    assert (
        entry["last_failure"]["district"] == "6201"
        and "missing-folder" in entry["last_failure"]["reason"]
    )
    assert summary["seconds"] >= 0 and summary["started_at"] <= summary["finished_at"]

    second = subprocess.run(run, capture_output=True, text=True, timeout=300)
    assert second.returncode == 1
    newest = latest(home, "62")
    assert newest is not None and newest["provinces"]["62"]["unchanged"] == ["6205"]
    assert len(list((home.root / "runs").glob("*.json"))) == 2


def test_the_quality_page_shows_the_last_run(home: Home, inbox: Path) -> None:
    from dashboard.pages.quality.run_summary import run_card

    with inbox.open("a", encoding="utf-8") as sources:
        sources.write('\n[[source]]\nprovince = "62"\ndistrict = "6201"\nuri = "missing-folder"\n')
    assert main(["etl", "run", "--home", str(home.root), "--sources", str(inbox)]) == 1
    director = str(run_card(home, Scope("d", "director", "62"), "62", "en"))
    assert (
        "Loaded: 1 (Khlong Khlung)" in director
        and "Failed: 1" in director
        and "missing-folder" in director
    )
    other = str(run_card(home, Scope("o", "officer", "62", "6205"), "62", "en"))
    assert "Failed: 1" in other and "missing-folder" not in other  # another district's reason
    assert "No load has run yet" in str(run_card(home, Scope("d", "director", "10"), "10", "en"))
