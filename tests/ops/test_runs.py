"""Nightly loads: the schedule's units, each run's summary, and the quality page's card of the last one."""

from __future__ import annotations

import http.server
import io
import json
import socket
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

from accounts.scope import Scope
from core.home import Home
from etl.runs import latest
from tests.ops.conftest import wait_until
from tonbaeb.cli import main
from warehouse.publish import current

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
        and "\nKillMode=process\n" in text  # the lake's follower outlives the run
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


def test_two_runs_at_once_one_loads_and_the_other_says_who_holds_the_lock(
    home: Home, inbox: Path
) -> None:
    """The first run's source answers only when the test says so: it holds the lock meanwhile."""
    asked, release = threading.Event(), threading.Event()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted((inbox.parent / "6205").glob("*.csv")):
            archive.write(path, f"6205/{path.name}")
    sent = buffer.getvalue()

    class Held(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.set()
            release.wait(120)
            self.send_response(200)
            self.send_header("Content-Length", str(len(sent)))
            self.end_headers()
            self.wfile.write(sent)

        def log_message(self, *_args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Held)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sources = inbox.parent / "held.toml"
    sources.write_text(
        f'[[source]]\nprovince = "62"\ndistrict = "6205"\n'
        f'uri = "http://127.0.0.1:{server.server_address[1]}/6205.zip"\n',
        encoding="utf-8",
    )
    command = [TONBAEB, "etl", "run", "--home", str(home.root), "--sources", str(sources)]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_until(asked.is_set, 120, "the first run to ask for its source")
        second = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert second.returncode == 1, second.stderr
        assert f"etl run is held by {socket.gethostname()} pid {first.pid} since " in second.stderr
        assert "this one loads nothing" in second.stderr
    finally:
        release.set()
        out, err = first.communicate(timeout=180)
        server.shutdown()
        server.server_close()
    assert first.returncode == 0, out + err
    assert current(home, "62") is not None  # the first one loaded and published
    assert (home.state / "etl-run.lock").read_text(encoding="utf-8") == ""  # and let go
    assert main(["etl", "run", "--home", str(home.root), "--sources", str(inbox)]) == 0
