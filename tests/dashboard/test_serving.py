"""Serving: compressed answers, bundles compressed once and cached for a year, and servers that answer
right after the data they serve was loaded in the same command."""

from __future__ import annotations

import base64
import io
import json
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import brotli
import dash
import flask.testing
import pytest
import requests
from dash.fingerprint import check_fingerprint
from fontTools.ttLib import TTFont

from dashboard import compression, identity
from tests.dashboard.conftest import login

BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}
ROUTER = "_pages_content.children"
POLARS_AT_WORK = (
    "import polars as pl; "
    "pl.DataFrame({'a': range(300_000), 'b': [1, 2, 3] * 100_000}).group_by('b').agg(pl.col('a').sum())"
)


def router_body(
    dependencies: list[dict[str, Any]], pathname: str, search: str = ""
) -> dict[str, Any]:
    """The renderer's request for a page's content (Dash pages' router callback)."""
    router = next(d for d in dependencies if ROUTER in d["output"])
    values = {"_pages_location.pathname": pathname, "_pages_location.search": search}
    return {
        "output": router["output"],
        "outputs": [
            {"id": p.partition("@")[0].rpartition(".")[0], "property": p.rpartition(".")[2]}
            for p in router["output"].strip(".").split("...")
        ],
        "inputs": [
            {**i, "value": values.get(f"{i['id']}.{i['property']}")} for i in router["inputs"]
        ],
        "state": [],
        "changedPropIds": ["_pages_location.pathname"],
    }


@pytest.fixture
def director(app: Any) -> flask.testing.FlaskClient:
    client = app.server.test_client()
    assert login(client, "director62").status_code == 302
    return client


def test_callback_answers_are_compressed_for_browsers_that_ask(
    director: flask.testing.FlaskClient,
) -> None:
    body = router_body(director.get("/_dash-dependencies").json, "/")
    packed = director.post("/_dash-update-component", json=body, headers=BROWSER)
    plain = director.post("/_dash-update-component", json=body)
    assert (
        packed.headers["Content-Encoding"] == "br" and "Accept-Encoding" in packed.headers["Vary"]
    )
    assert "Content-Encoding" not in plain.headers
    assert json.loads(brotli.decompress(packed.get_data())) == plain.json
    assert len(packed.get_data()) * 3 < len(plain.get_data())


def test_every_answer_says_how_long_the_server_worked(director: flask.testing.FlaskClient) -> None:
    body = router_body(director.get("/_dash-dependencies").json, "/")
    for answer in (
        director.get("/"),
        director.post("/_dash-update-component", json=body, headers=BROWSER),
    ):
        timing = re.fullmatch(r"app;dur=([0-9]+\.[0-9])", answer.headers["Server-Timing"])
        assert timing and 0 < float(timing.group(1)) < 60_000


def test_a_workbook_download_is_sent_as_it_is(director: flask.testing.FlaskClient) -> None:
    """An .xlsx is a zip already: compressing its base64 again cost more time than it saved."""
    download = next(
        d
        for d in director.get("/_dash-dependencies").json
        if d["output"] == "leaderboard-download.data"
    )
    values = {
        "leaderboard-download-button.n_clicks": 1,
        "leaderboard-state.data": {"fy": 2568, "lang": "th"},
    }
    body = {
        "output": download["output"],
        "outputs": {"id": "leaderboard-download", "property": "data"},
        "inputs": [
            {**i, "value": values.get(f"{i['id']}.{i['property']}")} for i in download["inputs"]
        ],
        "state": [
            {**i, "value": values.get(f"{i['id']}.{i['property']}")} for i in download["state"]
        ],
        "changedPropIds": ["leaderboard-download-button.n_clicks"],
    }
    sent = director.post("/_dash-update-component", json=body, headers=BROWSER)
    assert sent.status_code == 200 and "Content-Encoding" not in sent.headers
    internal = [
        name
        for name, _value in sent.headers
        if name.lower().startswith("x-tonbaeb") and name != identity.HEADER
    ]
    assert internal == []  # the packed mark stays inside; only the server's name is sent
    data = sent.json["response"]["leaderboard-download"]["data"]
    assert data["base64"] and base64.b64decode(data["content"])[:2] == b"PK"


def test_bundles_and_css_are_compressed_kept_and_cached_by_browsers(
    app: Any, director: flask.testing.FlaskClient
) -> None:
    page = director.get("/").get_data(as_text=True)
    bundle = next(p for p in re.findall(r'src="([^"]+)"', page) if "dash_renderer" in p)
    cache = app.server.extensions["compress"].cache
    for path, max_age in (
        (bundle, "max-age=31536000"),
        ("/vendor/bootstrap.min.css", "max-age=86400"),
    ):
        original = director.get(path).get_data()
        packed = director.get(path, headers=BROWSER)
        assert (
            packed.headers["Content-Encoding"] == "br"
            and max_age in packed.headers["Cache-Control"]
        )
        assert brotli.decompress(packed.get_data()) == original
        kept = path.split("?")[0]
        if kept.startswith(
            "/_dash-component-suites/"
        ):  # kept by the file itself, not the name it was asked by
            folder, name = kept.rsplit("/", 1)
            kept = f"{folder}/{check_fingerprint(name)[0]}"
        assert brotli.decompress(cache.get(f"br;{kept}")) == original


def test_the_font_is_sarabun_cut_to_thai_and_latin_as_woff2(
    director: flask.testing.FlaskClient,
) -> None:
    css = director.get("/assets/tonbaeb.css").get_data(as_text=True)
    paths = re.findall(r'url\("(/vendor/fonts/[^"]+)"\)', css)
    assert len(paths) == 4
    for path in paths:
        sent = director.get(path, headers=BROWSER)
        assert (
            sent.status_code == 200
            and sent.mimetype == "font/woff2"
            and "max-age=86400" in sent.headers["Cache-Control"]
        )
        assert "Content-Encoding" not in sent.headers  # WOFF2 is Brotli inside already
        assert sent.get_data()[:4] == b"wOF2" and len(sent.get_data()) < 30_000
        font = TTFont(io.BytesIO(sent.get_data()))
        characters = font.getBestCmap()
        assert all(ord(c) in characters for c in "ต้นแบบ ชมรมอาสาพัฒนาชุมชน ๒๕๖๘ tonbaeb 0-9 % ( ) ·")
        assert ord("ệ") not in characters  # Vietnamese is cut
    assert director.get("/vendor/fonts/Sarabun-Thin.woff2").status_code == 404
    assert (
        director.get("/vendor/fonts/Sarabun-Regular.ttf").mimetype == "text/html"
    )  # Dash's page for an unknown address


def test_a_kept_file_is_repacked_tighter_in_the_background() -> None:
    original = (Path(dash.__file__).parent / "deps" / "react-dom@18.3.1.min.js").read_bytes()
    cache = compression.BundleCache()
    quick = brotli.compress(original, quality=compression.SETTINGS["COMPRESS_BR_LEVEL"])
    cache.set("br;/_dash-component-suites/dash/deps/react-dom.js", quick)
    cache.set("br;/_dash-update-component", quick)  # one user's answer: never kept
    cache.wait()
    tighter = cache.get("br;/_dash-component-suites/dash/deps/react-dom.js")
    assert (
        tighter is not None and len(tighter) < len(quick) and brotli.decompress(tighter) == original
    )
    assert cache.get("br;/_dash-update-component") is None


def test_only_bundles_and_vendor_files_are_kept_compressed(
    app: Any, director: flask.testing.FlaskClient
) -> None:
    """Pages, layouts and callback answers hold one user's data: compressed afresh, never kept."""
    director.get("/", headers=BROWSER)
    director.get("/_dash-layout", headers=BROWSER)
    director.post(
        "/_dash-update-component",
        json=router_body(director.get("/_dash-dependencies").json, "/"),
        headers=BROWSER,
    )
    kept = list(app.server.extensions["compress"].cache.data)
    assert kept and all(
        k.partition(";")[2].startswith(("/_dash-component-suites/", "/vendor/")) for k in kept
    )


def test_serve_refuses_a_process_where_polars_has_worked(tmp_path: Path) -> None:
    script = (
        f"{POLARS_AT_WORK}; from dashboard.serve import serve; from core.home import Home; "
        f"serve(Home({str(tmp_path)!r}), port=0)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0 and "fresh process" in done.stderr
    fresh = "from dashboard.serve import compute_threads; print(compute_threads())"
    assert (
        subprocess.run(
            [sys.executable, "-c", fresh], capture_output=True, text=True, timeout=60
        ).stdout.strip()
        == "[]"
    )


def test_a_worker_freezes_what_its_app_is_built_from(tmp_path: Path) -> None:
    """Full garbage-collector passes then skip the app's own objects (they paused requests for tens of ms)."""
    script = (
        "import gc; from dashboard.serve import Server, options; from core.home import Home; "
        f"app = Server(Home({str(tmp_path / 'home')!r}), options('127.0.0.1', 0, 1)).load(); "
        "print(callable(app), gc.get_freeze_count())"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    answer, frozen = done.stdout.split()
    assert answer == "True" and int(frozen) > 50_000, done.stderr


@pytest.mark.slow
def test_demo_serves_pages_right_after_loading(tmp_path: Path) -> None:
    """The demo loads with polars, then serves: every page's content must arrive (it once hung)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    home = tmp_path / "home"
    command = [
        str(Path(sys.executable).with_name("tonbaeb")),
        "demo",
        "--home",
        str(home),
        "--province",
        "75",
        "--years",
        "2567-2568",
        "--port",
        str(port),
    ]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        session = requests.Session()
        wait_for(
            lambda: (
                server.poll() is None and session.get(f"{base}/login", timeout=5).status_code == 200
            ),
            server,
        )
        username, _role, password = (
            (home / "state" / "demo-accounts.txt")
            .read_text(encoding="utf-8")
            .split("\n")[0]
            .split("\t")
        )
        page = session.get(f"{base}/login", timeout=10).text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert token
        signed = session.post(
            f"{base}/login",
            data={"username": username, "password": password, "csrf_token": token.group(1)},
            allow_redirects=False,
            timeout=10,
        )
        assert signed.status_code == 302
        dependencies = session.get(f"{base}/_dash-dependencies", timeout=10).json()
        for path in ("/", "/leaderboard", "/district"):
            answer = session.post(
                f"{base}/_dash-update-component", json=router_body(dependencies, path), timeout=30
            )
            assert (
                answer.status_code == 200
                and answer.json()["response"]["_pages_content"]["children"]
            ), path
    finally:
        server.terminate()
        server.wait(timeout=30)


def wait_for(ready: Any, server: subprocess.Popen[bytes], seconds: float = 240) -> None:
    """Poll until the demo's server answers (it generates and loads first)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, "the demo exited"
        try:
            if ready():
                return
        except (
            requests.ConnectionError,
            requests.Timeout,
        ):  # not listening yet, or its workers still booting
            pass
        time.sleep(0.5)  # nothing to wait on but the server coming up
    raise AssertionError("the demo never served")


def test_answers_are_encoded_without_plotlys_python_walk(
    client_as: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Answers hold Dash components, which orjson cannot encode: Plotly's orjson engine then walks
    every answer in Python before encoding it (a third of a warm page's time). The json module's
    encoder asks each component for its JSON itself, so that walk never runs."""
    import plotly.io._json as plotly_json

    from tests.dashboard.support import drawn

    walked: list[object] = []
    walk = plotly_json.clean_to_json_compatible

    def counted(value: object, **options: Any) -> object:
        walked.append(value)
        return walk(value, **options)

    monkeypatch.setattr(plotly_json, "clean_to_json_compatible", counted)
    client = client_as("director62")
    page = drawn(client, "/district", "?district=6205&fy=2568")
    assert "district-map" in json.dumps(page)
    assert walked == []
