"""Publish loaded boundaries under HOME/geo atomically (the layout: see warehouse/geo.py).

One writer at a time holds HOME/geo/lock. It builds a complete new version folder
beside the published ones (copying the level it did not load from the version
before), renames it into place, and only then replaces `CURRENT`. Old versions are
removed when they are several versions and some minutes old, so a reader that has
just followed `CURRENT` still finds its folder.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

from core.home import Home
from warehouse import geo
from warehouse.publish import fsync_path, point_current

LEVEL_FILES = {
    "province": ("provinces.json", "provinces-detail.json"),
    "district": ("districts", "district_points.parquet", "district_adjacency.parquet"),
}
KEEP_VERSIONS = 3
KEEP_SECONDS = 600


def publish(home: Home, level: str, files: dict[str, bytes], about: dict[str, Any]) -> str:
    """Publish one level's files (paths relative to the version folder) and its manifest entry.

    Returns the new version's name. What the other level had stays as it was.
    """
    versions = home.geo / "versions"
    versions.mkdir(parents=True, exist_ok=True)
    with open(home.geo / "lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        before = geo.folder(home)
        work = versions / f"work-{os.getpid()}"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        try:
            levels = dict(geo.manifest(home).get("levels", {}))
            for other in LEVEL_FILES:
                if other != level and other in levels and before is not None:
                    _copy_level(before, work, other)
            for name, content in files.items():
                _write(work / name, content)
            levels[level] = about
            name = _next_name(versions)
            manifest = {
                "version": name,
                "levels": {k: levels[k] for k in geo.LEVELS if k in levels},
            }
            _write(
                work / "manifest.json",
                json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"),
            )
            fsync_path(work)
            os.rename(work, versions / name)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
        point_current(home.geo, name)
        _prune(versions, keep=name)
    return name


def _copy_level(source: Path, target: Path, level: str) -> None:
    for name in LEVEL_FILES[level]:
        path = source / name
        if path.is_dir():
            shutil.copytree(path, target / name)
        elif path.is_file():
            shutil.copyfile(path, target / name)


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as out:
        out.write(content)
        out.flush()
        os.fsync(out.fileno())


def _next_name(versions: Path) -> str:
    """One more than any version folder present (never a number whose folder still exists)."""
    numbers = [int(m.group(1)) for p in versions.iterdir() if (m := geo.VERSION_NAME.match(p.name))]
    return f"g{max(numbers, default=0) + 1:06d}"


def _prune(versions: Path, keep: str) -> None:
    names = sorted(p.name for p in versions.iterdir() if geo.VERSION_NAME.match(p.name))
    now = time.time()
    for name in names[:-KEEP_VERSIONS]:
        path = versions / name
        try:
            if name != keep and now - path.stat().st_mtime > KEEP_SECONDS:
                shutil.rmtree(path)
        except FileNotFoundError:
            pass
