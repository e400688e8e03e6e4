"""A run over a folder of broken submissions: one row per district with its reason, never a
traceback, exit status 1, and the district that is fine still loads."""

from __future__ import annotations

import io
import os
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl

from tests.conftest import FIXTURES, REPO

BROKEN = {  # district -> what its uri is, and words its reason must hold
    "6201": ("a FIFO", "not a regular file but a FIFO"),
    "6202": ("a symlink loop", "Too many levels of symbolic links"),
    "6203": (
        "a workbook whose zip stream is corrupt",
        "6203.xlsx [clubs]: sheet cannot be read: calamine error: Xlsx error: Xml error: "
        "I/O error: corrupt deflate stream",
    ),
    "6204": ("a folder holding no file", "the folder holds no readable files"),
    "6206": ("a sparse file over the size limit", "over the limit of 200 MB"),
    "6207": ("a missing file", "no such file or folder"),
    "6208": ("/dev/zero", "not a regular file but a character device"),
    "6209": ("a NUL byte in the path", "NUL byte"),
    "6210": ("an empty file", "6210.xlsx"),
}


def corrupt_workbook(path: Path) -> None:
    """A real workbook whose worksheet's deflate stream is overwritten in the middle."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "clubs"
    sheet.append(["club_id", "name", "network_type", "subdistrict_code"])
    for n in range(200):
        sheet.append([f"6203-{n:03d}", f"ชมรม {n}", "cdv_club", "620301"])
    buffer = io.BytesIO()
    book.save(buffer)
    data = bytearray(buffer.getvalue())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/worksheets/sheet1.xml")
    name, extra = struct.unpack("<HH", data[info.header_offset + 26 : info.header_offset + 30])
    start = info.header_offset + 30 + name + extra + 5
    data[start : start + 40] = b"\xff" * 40
    path.write_bytes(bytes(data))


def broken_inbox(root: Path) -> Path:
    """Submissions broken in as many ways as there are districts, and one good one (6205)."""
    inbox = root / "inbox"
    inbox.mkdir()
    shutil.copytree(FIXTURES / "6205", inbox / "6205")
    os.mkfifo(inbox / "6201.xlsx")
    os.symlink(inbox / "6202b.xlsx", inbox / "6202.xlsx")
    os.symlink(inbox / "6202.xlsx", inbox / "6202b.xlsx")
    corrupt_workbook(inbox / "6203.xlsx")
    (inbox / "6204.xlsx" / "inner").mkdir(parents=True)
    with open(inbox / "6206.xlsx", "wb") as sparse:
        sparse.truncate(300 * 2**20)  # 300 MB that take no disk
    (inbox / "6210.xlsx").write_bytes(b"")
    uris = {
        "6201": "6201.xlsx",
        "6202": "6202.xlsx",
        "6203": "6203.xlsx",
        "6204": "6204.xlsx",
        "6205": "6205",
        "6206": "6206.xlsx",
        "6207": "6207.xlsx",
        "6208": "/dev/zero",
        "6209": "69\\u0000.xlsx",
        "6210": "6210.xlsx",
    }
    text = "".join(
        f'[[source]]\nprovince = "62"\ndistrict = "{d}"\nuri = "{uri}"\n\n'
        for d, uri in uris.items()
    )
    (inbox / "sources.toml").write_text(text, encoding="utf-8")
    return inbox / "sources.toml"


def test_every_broken_district_gets_a_row_with_its_reason(tmp_path: Path) -> None:
    sources = broken_inbox(tmp_path)
    command = [
        sys.executable,
        "-m",
        "tonbaeb.cli",
        "etl",
        "run",
        "--home",
        str(tmp_path / "home"),
        "--sources",
        str(sources),
        "--workers",
        "1",
    ]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    assert done.returncode == 1, done.stdout + done.stderr
    rows = {
        line.split()[1]: line for line in done.stdout.splitlines()[1:] if line.startswith("62 ")
    }
    assert set(rows) == {*BROKEN, "6205"}, done.stdout
    assert " loaded" in rows["6205"]
    for district, (what, reason) in BROKEN.items():
        assert " failed " in rows[district], (what, rows[district])
        assert reason in rows[district], (what, rows[district])
    assert "1 loaded, 0 unchanged, 9 failed" in done.stdout


def test_broken_sources_of_two_provinces_fail_alone(tmp_path: Path) -> None:
    """Provinces load side by side (each in its own job): a bad one fails its districts only."""
    from core.home import Home
    from etl.pipeline import run
    from etl.sources import read_sources
    from tests.conftest import TODAY
    from warehouse.rules import load_rules

    sources = broken_inbox(tmp_path)
    corrupt_workbook(sources.parent / "1001.xlsx")
    with sources.open("a", encoding="utf-8") as out:
        out.write('[[source]]\nprovince = "10"\ndistrict = "1001"\nuri = "1001.xlsx"\n\n')
        out.write('[[source]]\nprovince = "10"\ndistrict = "1002"\nuri = "6201.xlsx"\n')
    outcomes = run(
        Home(tmp_path / "home"), read_sources(sources), load_rules(None), today=TODAY, workers=2
    )
    status = {o.source.district: (o.status, o.message) for o in outcomes}
    assert status["6205"][0] == "loaded"
    assert status["1001"][0] == "failed" and "corrupt deflate stream" in status["1001"][1]
    assert status["1002"][0] == "failed" and "FIFO" in status["1002"][1]
    assert all(s == "failed" for d, (s, _m) in status.items() if d != "6205")
