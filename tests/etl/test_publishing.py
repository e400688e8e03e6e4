"""Sources over real HTTP on loopback, and readers that never see a half-loaded warehouse."""

from __future__ import annotations

import hashlib
import http.server
import io
import multiprocessing
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.home import Home
from etl.archive import read_archived
from etl.pipeline import run
from etl.sources import Source
from tests.conftest import TODAY
from warehouse.connection import reading
from warehouse.rules import load_rules

CONSISTENT = """
select
    (select count(*) from clubs) as clubs,
    (select coalesce(sum(s.rows_loaded), 0)
     from load_sheets s
     join load_batches b using (batch_id)
     where s.sheet = 'clubs'
       and b.status = 'loaded'
       and b.batch_id in (select distinct batch_id from clubs)) as promised
"""


@pytest.fixture
def http_root(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A real HTTP server on 127.0.0.1 serving a folder; yields (folder, base URL)."""
    root = tmp_path / "www"
    root.mkdir()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, *_args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def zipped(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.glob("*.csv")):
            archive.write(path, f"6205/{path.name}")
    return buffer.getvalue()


def test_zip_over_http_loads_like_the_folder(
    home: Home, inbox: Path, http_root: tuple[Path, str]
) -> None:
    root, base = http_root
    (root / "6205.zip").write_bytes(zipped(inbox.parent / "6205"))
    [outcome] = run(
        home, [Source("62", "6205", f"{base}/6205.zip")], load_rules(None), today=TODAY, workers=1
    )
    assert outcome.status == "loaded", outcome.message
    with reading(home, "62") as (con, _version):
        assert con.execute("select count(*) from clubs").fetchone() == (3,)
        [(source,)] = con.execute("select distinct source from load_batches").fetchall()
    assert source == f"{base}/6205.zip"
    sent = (root / "6205.zip").read_bytes()
    assert (
        read_archived(home.archive, hashlib.sha256(sent).hexdigest()) == sent
    )  # kept sealed, opened as sent


def test_http_error_fails_only_that_district(
    home: Home, inbox: Path, http_root: tuple[Path, str]
) -> None:
    _root, base = http_root
    sources = [
        Source("62", "6205", str(inbox.parent / "6205")),
        Source("62", "6201", f"{base}/missing.xlsx"),
    ]
    good, bad = run(home, sources, load_rules(None), today=TODAY, workers=1)
    assert good.status == "loaded"
    assert bad.status == "failed" and "HTTP 404" in bad.message


def _read_until(
    home_root: str, stop: multiprocessing.synchronize.Event, out: multiprocessing.Queue
) -> None:  # type: ignore[name-defined]
    """In another process: query the published warehouse over and over."""
    home = Home(Path(home_root))
    checks = failures = 0
    while not stop.is_set() or checks == 0:
        try:
            with reading(home, "62") as (con, _version):
                clubs, promised = con.execute(CONSISTENT).fetchone()
        except Exception as error:
            out.put(("error", repr(error)))
            return
        checks += 1
        failures += clubs != promised
    out.put(("done", checks, failures))


def test_readers_see_a_complete_warehouse_while_loads_run(home: Home, inbox: Path) -> None:
    run(
        home,
        [Source("62", "6205", str(inbox.parent / "6205"))],
        load_rules(None),
        today=TODAY,
        workers=1,
    )
    context = multiprocessing.get_context("spawn")
    stop, out = context.Event(), context.Queue()
    reader = context.Process(target=_read_until, args=(str(home.root), stop, out))
    reader.start()
    clubs = inbox.parent / "6205" / "clubs.csv"
    original = clubs.read_text(encoding="utf-8")
    for round_ in range(6):
        # Each round adds clubs and keeps the earlier rounds' (a club that went would be held).
        extra = "".join(
            f"6205-{900 + r * 10 + i},ชมรมรอบ{r},otop,620501,,,,\n"
            for r in range(round_ + 1)
            for i in range(r + 1)
        )
        clubs.write_text(original + extra, encoding="utf-8")
        [outcome] = run(
            home,
            [Source("62", "6205", str(inbox.parent / "6205"))],
            load_rules(None),
            today=TODAY,
            workers=1,
        )
        assert outcome.status == "loaded"
    stop.set()
    result = out.get(timeout=60)
    reader.join(timeout=60)
    assert result[0] == "done", result
    _, checks, failures = result
    assert checks > 0 and failures == 0
