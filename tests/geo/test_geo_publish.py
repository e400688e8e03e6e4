"""Publishing HOME/geo: no reader sees half a load, a failed one publishes nothing, old ones go."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from core.home import Home
from etl.geo import load_boundaries
from etl.geo.publish import KEEP_SECONDS, publish
from tests.geo.conftest import box, polygon, write
from warehouse import geo


def kamphaeng_phet(tmp_path: Path) -> Path:
    return write(
        tmp_path / "62.geojson",
        polygon({"code": "6201"}, box(0, 0, 1, 1)),
        polygon({"code": "6205"}, box(1, 0, 2, 1)),
    )


def bangkok(tmp_path: Path) -> Path:
    return write(tmp_path / "10.geojson", polygon({"code": "1001"}, box(0, 0, 1, 1)))


def provinces(tmp_path: Path) -> Path:
    return write(tmp_path / "provinces.geojson", polygon({"code": "62"}, box(0, 0, 2, 1)))


def test_a_load_keeps_the_other_level(home: Home, tmp_path: Path) -> None:
    load_boundaries(home, str(provinces(tmp_path)))
    load_boundaries(home, str(kamphaeng_phet(tmp_path)))
    load_boundaries(home, str(bangkok(tmp_path)))
    assert geo.version(home) == "g000003"
    assert list(geo.province_areas(home).shapes) == ["62"]
    assert not geo.district_areas(
        home, "62"
    )  # a districts load replaces the districts level as a whole
    assert list(geo.district_areas(home, "10").shapes) == ["1001"]
    assert geo.manifest(home)["levels"]["province"]["source"].endswith("provinces.geojson")


def test_a_failed_publish_changes_nothing(home: Home, tmp_path: Path) -> None:
    load_boundaries(home, str(kamphaeng_phet(tmp_path)))
    before = geo.manifest(home)
    clash = {
        "districts/62.json": b"{}",
        "districts/62.json/inside": b"{}",
    }  # a file where a folder must go
    with pytest.raises(OSError):
        publish(home, "district", clash, {"attribution": "x", "credit": "x"})
    assert geo.version(home) == "g000001" and geo.manifest(home) == before
    assert sorted(p.name for p in (home.geo / "versions").iterdir()) == [
        "g000001"
    ]  # no half-built folder left


def test_readers_never_see_half_a_load(home: Home, tmp_path: Path) -> None:
    files = [kamphaeng_phet(tmp_path), bangkok(tmp_path)]
    load_boundaries(home, str(files[0]))
    done = threading.Event()
    problems: list[str] = []
    reads = 0

    def read_while_loading() -> None:
        nonlocal reads
        while not done.is_set():
            folder = geo.folder(home)
            if folder is None:
                problems.append("no published version")
                continue
            manifest = geo.manifest(
                home
            )  # may already follow a newer CURRENT: compare within one folder
            source = (folder / "manifest.json").read_text(encoding="utf-8")
            wanted = "62.json" if "62.geojson" in source else "10.json"
            present = sorted(p.name for p in (folder / "districts").iterdir())
            if present != [wanted] or not (folder / "district_points.parquet").is_file():
                problems.append(f"{folder.name}: {present} for {manifest.get('version')}")
            reads += 1

    reader = threading.Thread(target=read_while_loading)
    reader.start()
    try:
        for n in range(12):
            load_boundaries(home, str(files[n % 2]))
    finally:
        done.set()
        reader.join()
    assert problems == []
    assert reads > 0 and geo.version(home) == "g000013"


def test_old_versions_are_removed_after_a_while(home: Home, tmp_path: Path) -> None:
    for _ in range(5):
        load_boundaries(home, str(kamphaeng_phet(tmp_path)))
    versions = home.geo / "versions"
    long_ago = time.time() - KEEP_SECONDS - 60
    for name in ("g000001", "g000002"):
        os.utime(versions / name, (long_ago, long_ago))
    load_boundaries(home, str(kamphaeng_phet(tmp_path)))
    assert sorted(p.name for p in versions.iterdir()) == [
        "g000003",
        "g000004",
        "g000005",
        "g000006",
    ]
