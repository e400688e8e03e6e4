"""Files crafted to take a reader down: each is refused with a message naming the
file, sheet and cell, or read within bounds, and what the checks cannot see is read in a
child process whose death is the district's failure, never the caller's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from etl import extract, isolated, upload
from etl.errors import BadFile
from etl.limits import Limits
from tests.conftest import FIXTURES, REPO
from tests.etl import hostile


def test_a_value_in_the_last_cell_of_a_sheet_is_refused_before_the_grid_is_built() -> None:
    with pytest.raises(
        BadFile, match=r"6205\.xlsx \[ชมรม\]: cell XFD1048576 holds a value beyond column BL"
    ):
        isolated.read_submission({"6205.xlsx": hostile.far_cell("XFD1048576")})


def test_a_value_far_right_is_refused_in_process_without_building_its_grid() -> None:
    # Read here, not in a child: were the check gone, this would build a 60,000 × 702 grid (2 GB).
    with pytest.raises(
        BadFile, match=r"cell ZZ60000 holds a value beyond column BL: at most 64 columns"
    ):
        extract.read_submission({"6205.xlsx": hostile.far_cell("ZZ60000")})


def test_a_value_far_down_is_refused_naming_the_row_limit() -> None:
    with pytest.raises(BadFile, match=r"cell A1048576 holds a value beyond row 1,000,021"):
        extract.read_submission({"6205.xlsx": hostile.far_cell("A1048576")})


def test_formatting_far_away_is_no_value_and_the_sheet_is_read() -> None:
    book = hostile.workbook(b'<row r="1048576"><c r="XFD1048576" s="0"/></row>')
    assert extract.read_submission({"6205.xlsx": book})["clubs"].frame["club_id"].to_list() == [
        "6205-001",
        "6205-002",
    ]


def test_columns_just_inside_the_limit_are_read() -> None:
    book = hostile.workbook(b'<row r="4"><c r="BL4" t="inlineStr"><is><t>note</t></is></c></row>')
    assert extract.read_submission({"6205.xlsx": book})["clubs"].frame.height == 2


def test_what_the_checks_cannot_see_kills_the_child_not_the_caller() -> None:
    before = isolated.started
    with pytest.raises(BadFile, match=r"6205\.xlsx: reading it needs more than 1,024 MB of memory"):
        isolated.read_submission({"6205.xlsx": hostile.unreferenced_cells()}, Limits(parse_mb=1024))
    # The dead child is not used again: the next file is read by a new one, and read whole.
    clubs = isolated.read_submission({"6205.xlsx": hostile.workbook()}, Limits(parse_mb=1024))[
        "clubs"
    ]
    assert clubs.frame.height == 2 and isolated.started == before + 2


def test_a_read_that_runs_past_its_time_is_stopped() -> None:
    with pytest.raises(BadFile, match=r"clubs\.csv: reading it took longer than 1e-06 s: stopped"):
        isolated.read_submission(
            {"clubs.csv": (FIXTURES / "6205" / "clubs.csv").read_bytes()},
            Limits(parse_seconds=1e-6),
        )


def test_a_csv_of_thirty_thousand_empty_columns_is_read_as_the_columns_it_has() -> None:
    # 2 GB of address space (the interpreter and polars take ~0.5 GB): read as 30,000
    # columns, the same file needed 1.7 GB more than that.
    sheets = isolated.read_submission({"6205.zip": hostile.wide_csv_zip()}, Limits(parse_mb=2048))
    frame = sheets["clubs"].frame
    assert frame.height == 4000 and frame.columns == ["row_number", *extract.SHEETS[0].names]


def test_a_csv_line_past_the_limit_is_refused_naming_the_line() -> None:
    text = (
        "club_id,name,network_type,subdistrict_code\n6205-001,x,cdv_club,620501\n6205-002,"
        + "y" * 9_000_000
        + ",women,620502\n"
    )
    with pytest.raises(
        BadFile, match=r"clubs\.csv: line 3 is 9,000,022 bytes long: at most 8,388,608"
    ):
        extract.read_submission({"clubs.csv": text.encode()})


def test_a_csv_whose_header_is_wider_than_the_limit_is_refused() -> None:
    header = ",".join(
        ["club_id", "name", "network_type", "subdistrict_code"] + [f"note{n}" for n in range(70)]
    )
    with pytest.raises(
        BadFile, match=r"clubs\.csv: its first rows have 74 columns holding something: at most 64"
    ):
        extract.read_submission({"clubs.csv": (header + "\n6205-001,x,cdv_club,620501\n").encode()})


def test_a_workbook_inside_a_zip_counts_against_the_zips_unpacking_budget() -> None:
    nested = hostile.zipped_workbook(hostile.inflating_workbook(8))
    assert len(nested) < 100_000
    with pytest.raises(BadFile, match=r"6205\.zip/6205\.xlsx: unpacks to more than 4 MB"):
        extract.read_submission({"6205.zip": nested}, max_unzipped=4 * 2**20)
    assert extract.read_submission({"6205.zip": nested})["clubs"].frame.height == 2


def test_an_upload_of_a_zip_holding_a_bomb_workbook_is_refused() -> None:
    nested = hostile.zipped_workbook(hostile.inflating_workbook(upload.MAX_EXPANDED // 2**20 + 20))
    assert len(nested) < upload.MAX_BYTES
    with pytest.raises(upload.Refused, match="expands past 256 MB"):
        upload.check("6205.zip", nested)


def test_entities_in_a_workbook_inside_a_zip_are_refused_by_the_upload_and_the_reader() -> None:
    nested = hostile.zipped_workbook(hostile.entity_workbook())
    with pytest.raises(
        upload.Refused, match=r"6205\.zip/6205\.xlsx xl/sharedStrings\.xml: XML declares a DOCTYPE"
    ):
        upload.check("6205.zip", nested)
    with pytest.raises(
        BadFile, match=r"xl/sharedStrings\.xml: the XML declares a DOCTYPE or entities"
    ):
        extract.read_submission({"6205.zip": nested})
    assert set(upload.check("6205.zip", hostile.zipped_workbook(hostile.workbook()))) == {
        "6205.zip"
    }


def test_a_nightly_run_with_hostile_workbooks_fails_those_districts_and_loads_the_rest(
    tmp_path: Path,
) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "6205").mkdir(parents=True)
    for path in (FIXTURES / "6205").glob("*.csv"):
        (inbox / "6205" / path.name).write_bytes(path.read_bytes())
    (inbox / "6203.xlsx").write_bytes(hostile.far_cell("XFD1048576"))
    (inbox / "6204.xlsx").write_bytes(hostile.unreferenced_cells())
    sources = inbox / "sources.toml"
    sources.write_text(
        "".join(
            f'[[source]]\nprovince = "62"\ndistrict = "{district}"\nuri = "{uri}"\n\n'
            for district, uri in (("6203", "6203.xlsx"), ("6204", "6204.xlsx"), ("6205", "6205"))
        ),
        encoding="utf-8",
    )
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "tonbaeb.cli",
            "--home",
            str(tmp_path / "home"),
            "etl",
            "run",
            "--sources",
            str(sources),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=600,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "400"},
    )
    assert run.returncode == 1, run.stderr[-2000:]
    lines = {line.split()[1]: line for line in run.stdout.splitlines() if line.startswith("62 ")}
    assert "loaded" in lines["6205"], run.stdout
    assert "failed" in lines["6203"] and "XFD1048576" in lines["6203"], run.stdout
    assert "failed" in lines["6204"] and "MB of memory" in lines["6204"], run.stdout
    assert "Traceback" not in run.stdout + run.stderr
