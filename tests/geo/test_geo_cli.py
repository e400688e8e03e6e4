"""`tonbaeb geo load FILE|URL`: what it prints, and its exit statuses, from a file and over HTTP."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.home import Home
from tests.geo.conftest import box, polygon, write
from tonbaeb.cli import main
from tonbaeb.demo import load_geo
from warehouse import geo


def geo_load(home: Path, source: str) -> int:
    return main(["geo", "load", "--home", str(home), source])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 serving tmp_path/www."""
    root = tmp_path / "www"
    root.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def test_a_clean_file_loads_with_status_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "d.geojson", polygon({"ADM2_PCODE": "TH6205"}, box(0, 0, 1, 1)))
    assert geo_load(tmp_path / "home", str(path)) == 0
    out = capsys.readouterr().out
    assert "1 features of districts" in out and "matched 1: 1 by code" in out
    assert (
        "927 DOPA districts have no feature in this file" in out
        and "published as geo version g000001" in out
    )


def test_unmatched_features_give_status_1_and_are_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path / "d.geojson",
        polygon({"code": "6205"}, box(0, 0, 1, 1)),
        polygon({"ADM2_EN": "Nowhere", "ADM1_PCODE": "TH62"}, box(1, 0, 2, 1)),
    )
    home = tmp_path / "home"
    assert geo_load(home, str(path)) == 1
    out = capsys.readouterr().out
    assert "NOT matched 1 (left out):" in out
    assert (
        'feature 1: no DOPA district in province 62 has this code or name  {"ADM2_EN": "Nowhere"'
        in out
    )
    assert list(geo.district_areas(Home(home), "62").shapes) == ["6205"]  # the rest still loaded


@pytest.mark.parametrize("content", [None, b"not json at all"])
def test_a_missing_or_unreadable_file_gives_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None
) -> None:
    path = tmp_path / "d.geojson"
    if content is not None:
        path.write_bytes(content)
    assert geo_load(tmp_path / "home", str(path)) == 2
    assert "tonbaeb geo load:" in capsys.readouterr().err
    assert geo.folder(Home(tmp_path / "home")) is None


def test_usage_errors_give_status_2(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["geo", "load", "--home", str(tmp_path / "home")])
    assert stopped.value.code == 2
    assert main(["geo", "--home", str(tmp_path / "home")]) == 2


def test_a_url_is_fetched_over_http(
    tmp_path: Path, server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "www" / "provinces.geojson", polygon({"ADM1_PCODE": "TH62"}, box(0, 0, 1, 1)))
    home = tmp_path / "home"
    assert geo_load(home, f"{server}/provinces.geojson") == 0
    assert f"{server}/provinces.geojson" in capsys.readouterr().out
    assert geo.manifest(Home(home))["levels"]["province"]["source"] == f"{server}/provinces.geojson"
    assert geo_load(home, f"{server}/missing.geojson") == 2
    assert "HTTP 404" in capsys.readouterr().err


def test_the_demo_loads_each_boundaries_file_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "geo"
    folder.mkdir()
    write(folder / "a_provinces.geojson", polygon({"code": "62"}, box(0, 0, 2, 1)))
    write(folder / "b_districts.geojson", polygon({"code": "6201"}, box(0, 0, 1, 1)))
    home = Home(tmp_path / "home")
    load_geo(home, folder)
    assert geo.version(home) == "g000002" and set(geo.manifest(home)["levels"]) == {
        "province",
        "district",
    }
    load_geo(home, folder)
    assert geo.version(home) == "g000002"
    assert capsys.readouterr().out.count("Boundaries already loaded") == 2
