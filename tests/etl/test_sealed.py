"""Personal data at rest: the archive sealed per province, the home the owner's alone."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

from core.home import Home
from etl import sealed
from etl.archive import archived_files, read_archived
from tonbaeb.cli import main

CITIZEN_ID = "1000000000017"  # in tests/fixtures/6205/members.csv
NAME = "สมชาย ใจดี"


def etl(home: Home, sources: Path) -> int:
    return main(
        ["etl", "run", "--home", str(home.root), "--sources", str(sources), "--workers", "1"]
    )


def stored_files(home: Home) -> list[Path]:
    return [p for p in home.archive.rglob("*") if p.is_file() and len(p.name) == 64]


def test_archived_sources_are_sealed_and_open_only_with_the_provinces_key(
    home: Home, inbox: Path
) -> None:
    assert etl(home, inbox) == 0
    members = (inbox.parent / "6205" / "members.csv").read_bytes()
    files = stored_files(home)
    assert files and all(sealed.is_sealed(p.read_bytes()) for p in files)
    for path in files:
        data = path.read_bytes()
        assert CITIZEN_ID.encode() not in data and NAME.encode() not in data
    digest = hashlib.sha256(members).hexdigest()
    assert read_archived(home.archive, digest) == members
    swapped = home.archive / digest[:2] / digest
    other = next(p for p in files if p != swapped)
    swapped.write_bytes(other.read_bytes())  # another sealed file under this name
    with pytest.raises(sealed.SealError, match="altered"):
        read_archived(home.archive, digest)


def test_rotating_the_key_reseals_and_retires_the_old_one(
    home: Home, inbox: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert etl(home, inbox) == 0
    keys = sealed.Keyring(home.root / "secrets", "62")
    [first] = keys.numbers()
    before = {d: p.read_bytes() for d, p in archived_files(home.archive, "62")}
    assert main(["archive", "rotate-key", "--province", "62", "--home", str(home.root)]) == 0
    assert f"{len(before)} archived files" in capsys.readouterr().out
    assert keys.numbers() == [first + 1]
    for digest, path in archived_files(home.archive, "62"):
        assert (
            path.read_bytes() != before[digest]
            and sealed.HEADER.unpack_from(path.read_bytes())[2] == first + 1
        )
        assert hashlib.sha256(read_archived(home.archive, digest)).hexdigest() == digest
    assert etl(home, inbox) == 0  # later loads seal with the new key


def test_the_home_and_everything_in_it_are_the_owners_alone(
    home: Home, inbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    old = os.umask(0o022)
    try:
        assert etl(home, inbox) == 0
        monkeypatch.setattr("sys.stdin", io.StringIO("riverside-lantern-quarry\n"))
        assert (
            main(
                [
                    "users",
                    "add",
                    "dir62",
                    "--role",
                    "director",
                    "--province",
                    "62",
                    "--password-stdin",
                    "--home",
                    str(home.root),
                ]
            )
            == 0
        )
    finally:
        os.umask(old)
    assert stat.S_IMODE(home.root.stat().st_mode) == 0o700
    for path in home.root.rglob("*"):
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, f"{path.relative_to(home.root)} is {oct(mode)}"
