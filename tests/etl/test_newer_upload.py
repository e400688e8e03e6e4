"""The newer-upload guard: the nightly pull never silently loads an older file over what a
district sent on the upload page."""

from __future__ import annotations

import functools
import http.server
import io
import os
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.home import Home
from etl import dry_run
from etl.limits import Limits
from etl.pipeline import run
from etl.sources import Source, read_sources
from tests.conftest import FIXTURES, TODAY
from warehouse.connection import reading
from warehouse.rules import load_rules

RENAMED = "ชมรมที่อำเภอส่งทางหน้าเว็บ"


def club_names(home: Home) -> set[str]:
    with reading(home, "62") as (con, _version):
        return {
            name
            for (name,) in con.execute(
                "select name from clubs where district_code = '6205'"
            ).fetchall()
        }


def uploaded_files() -> dict[str, bytes]:
    """The fixture district as a zip of CSVs, with its first club renamed (what the officer sent)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for path in sorted((FIXTURES / "6205").glob("*.csv")):
            text = path.read_text(encoding="utf-8")
            if path.name == "clubs.csv":
                lines = text.splitlines(True)
                cells = lines[1].split(",")
                cells[1] = RENAMED
                lines[1] = ",".join(cells)
                text = "".join(lines)
            archive.writestr(path.name, text)
    return {"6205.zip": out.getvalue()}


def upload(home: Home) -> None:
    source = Source("62", "6205", "upload:6205.zip")
    outcome = dry_run.submit(home, source, uploaded_files(), load_rules(None), TODAY, "officer6205")
    assert outcome.status == "loaded", outcome.message
    assert RENAMED in club_names(home)


def pull(home: Home, sources: list[Source], limits: Limits | None = None):  # type: ignore[no-untyped-def]
    return run(home, sources, load_rules(None), today=TODAY, workers=1, limits=limits)


def test_a_pull_of_a_file_older_than_the_upload_is_held_and_the_upload_stays(
    home: Home, inbox: Path
) -> None:
    sources = read_sources(inbox)
    assert [o.status for o in pull(home, sources)] == ["loaded"]
    upload(home)
    [held] = pull(home, sources)
    assert held.status == "held", held.message
    assert (
        "sent on the upload page by officer6205" in held.message
        and "--accept-replace 6205" in held.message
    )
    assert RENAMED in club_names(home)  # the upload is still what is published
    [again] = pull(home, sources)  # every night until someone acts
    assert again.status == "held"
    [loaded] = pull(home, sources, Limits(accept_replace=frozenset({"6205"})))
    assert loaded.status == "loaded" and RENAMED not in club_names(home)


def test_a_source_changed_after_the_upload_is_loaded(home: Home, inbox: Path) -> None:
    sources = read_sources(inbox)
    pull(home, sources)
    upload(home)
    with reading(home, "62") as (con, _version):
        [(uploaded_at,)] = con.execute(
            "select max(started_at) from load_batches where channel = 'uploaded'"
        ).fetchall()
    clubs = inbox.parent / "6205" / "clubs.csv"
    clubs.write_text(clubs.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    later = uploaded_at.timestamp() + 60
    os.utime(clubs, (later, later))
    [outcome] = pull(home, sources)
    assert outcome.status == "loaded", outcome.message
    assert RENAMED not in club_names(home)


class _Files(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A loopback HTTP server of a folder (no Last-Modified is trusted: URLs are judged by content)."""
    folder = tmp_path / "www"
    folder.mkdir()
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Files, directory=str(folder))
    )
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", folder
    httpd.shutdown()


def test_a_url_serving_what_was_pulled_before_the_upload_is_held_and_new_content_loads(
    home: Home, served: tuple[str, Path]
) -> None:
    base, folder = served
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for path in sorted((FIXTURES / "6205").glob("*.csv")):
            archive.writestr(path.name, path.read_bytes())
    (folder / "6205.zip").write_bytes(out.getvalue())
    sources = [Source("62", "6205", f"{base}/6205.zip")]
    assert [o.status for o in pull(home, sources)] == ["loaded"]
    upload(home)
    [held] = pull(home, sources)
    assert held.status == "held" and "holds what was pulled before then" in held.message
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr("notes.txt", "แก้ไขแล้ว")
    (folder / "6205.zip").write_bytes(out.getvalue())
    [loaded] = pull(home, sources)
    assert loaded.status == "loaded" and RENAMED not in club_names(home)
