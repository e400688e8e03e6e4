"""Local sources are not read again while their files look as they did when archived."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from core.home import Home
from etl.archive import Seen, pull
from etl.local import RECENT_NS
from etl.pipeline import Outcome, run
from etl.sources import read_sources
from tests.conftest import FIXTURES, TODAY
from warehouse.connection import reading
from warehouse.rules import load_rules

COPIES = ("unchanged", "edited", "replaced", "added", "unarchived")


@pytest.fixture(scope="module")
def aged(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Copies of the fixture inbox (their sources.toml), one per test, old enough to be remembered.

    A file changed less than RECENT_NS ago is never remembered (another write in the same
    clock tick would leave its times as they were), and nothing can set a file's change
    time back: so the copies are made once and left to age that long.
    """
    root = tmp_path_factory.mktemp("aged")
    for name in COPIES:
        shutil.copytree(FIXTURES, root / name)
    newest = max(p.stat().st_ctime_ns for p in root.rglob("*"))
    time.sleep(max(0, newest + RECENT_NS - time.time_ns()) / 1e9 + 0.05)
    return {name: root / name / "sources.toml" for name in COPIES}


def load(home: Home, sources_file: Path) -> Outcome:
    [outcome] = run(home, read_sources(sources_file), load_rules(None), today=TODAY, workers=1)
    return outcome


def club_names(home: Home) -> set[str]:
    with reading(home, "62") as (con, _version):
        return {name for (name,) in con.execute("select name from clubs").fetchall()}


def recalled(home: Home, sources_file: Path) -> str | None:
    [source] = read_sources(sources_file)
    return Seen(home.archive, {"62"}).recall(source)


def test_unchanged_files_are_recalled_without_reading_them(
    home: Home, aged: dict[str, Path]
) -> None:
    first = load(home, aged["unchanged"])
    [source] = read_sources(aged["unchanged"])
    assert recalled(home, aged["unchanged"]) == pull(source).content_sha256
    assert load(home, aged["unchanged"]).status == "unchanged"
    assert first.status == "loaded"


def test_an_edit_that_keeps_the_size_and_sets_the_time_back_is_noticed(
    home: Home, aged: dict[str, Path]
) -> None:
    load(home, aged["edited"])
    clubs = aged["edited"].parent / "6205" / "clubs.csv"
    before = clubs.stat()
    text = clubs.read_text(encoding="utf-8")
    clubs.write_text(text.replace("ท่ามะเขือ", "ท่ามะเขีย"), encoding="utf-8")  # same size
    assert recalled(home, aged["edited"]) is None  # its mtime moved
    os.utime(clubs, ns=(before.st_atime_ns, before.st_mtime_ns))  # `touch -r` back
    after = clubs.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )
    assert recalled(home, aged["edited"]) is None  # its change time moved all the same
    assert load(home, aged["edited"]).status == "loaded"
    assert "เครือข่ายพัฒนาบทบาทสตรีตำบลท่ามะเขีย" in club_names(home)


def test_a_file_replaced_with_the_same_size_and_modification_time_is_noticed(
    home: Home, aged: dict[str, Path]
) -> None:
    load(home, aged["replaced"])
    clubs = aged["replaced"].parent / "6205" / "clubs.csv"
    before = clubs.stat()
    text = clubs.read_text(encoding="utf-8").replace("คลองขลุง", "คลองขลุบ")  # same size
    other = clubs.with_name("clubs.new")
    other.write_text(text, encoding="utf-8")
    os.utime(other, ns=(before.st_atime_ns, before.st_mtime_ns))  # as `cp -p` would leave it
    other.replace(clubs)
    after = clubs.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    # Size and mtime alone would call this unchanged; its inode and change time differ.
    assert recalled(home, aged["replaced"]) is None
    assert load(home, aged["replaced"]).status == "loaded"
    assert "ชมรมอาสาพัฒนาชุมชนอำเภอคลองขลุบ" in club_names(home)


def test_a_file_added_to_the_folder_is_noticed(home: Home, aged: dict[str, Path]) -> None:
    load(home, aged["added"])
    (aged["added"].parent / "6205" / "notes.txt").write_text("ส่งช้า\n", encoding="utf-8")
    assert recalled(home, aged["added"]) is None


def test_a_file_missing_from_the_archive_is_read_and_archived_again(
    home: Home, aged: dict[str, Path]
) -> None:
    load(home, aged["unarchived"])
    [source] = read_sources(aged["unarchived"])
    digest = pull(source).digests["clubs.csv"]
    stored = home.archive / digest[:2] / digest
    stored.unlink()
    assert recalled(home, aged["unarchived"]) is None
    assert load(home, aged["unarchived"]).status == "unchanged"  # read, hashed: the same
    assert stored.is_file()


def test_files_changed_just_now_are_read_every_time(home: Home, inbox: Path) -> None:
    # The inbox fixture was copied a moment ago: a later write in the same clock tick
    # could leave its times as they are, so it is not remembered, and is read again.
    assert load(home, inbox).status == "loaded"
    assert recalled(home, inbox) is None
    assert load(home, inbox).status == "unchanged"
