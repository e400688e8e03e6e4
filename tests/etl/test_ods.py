""".ods (OpenDocument, as LibreOffice saves it) is read wherever .xlsx is: a single file, a file
in a folder, a URL, a zip; with the same unpacking budget, DOCTYPE check and bound on how far a
sheet reaches, counted with the repeats an .ods places its cells by, before calamine is given it."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.home import Home
from etl import extract, isolated, upload
from etl.errors import BadFile
from etl.pipeline import run
from etl.sources import read_sources
from tests.conftest import TODAY
from tests.etl import hostile
from tests.etl import ods_files as odf
from tests.etl.ods_files import EDGE_COLUMNS, EDGE_ROWS, cell, formula_only, row
from warehouse.connection import reading
from warehouse.rules import load_rules

TABLES = ("clubs", "members", "meetings", "attendance", "activities", "governance", "rejected_rows")


def load(home: Home, inbox: Path, uri: str) -> object:
    """Run the ETL over one source (district 6205) and return its outcome."""
    inbox.mkdir(parents=True, exist_ok=True)
    sources = inbox / "sources.toml"
    sources.write_text(
        f'[[source]]\nprovince = "62"\ndistrict = "6205"\nuri = "{uri}"\n', encoding="utf-8"
    )
    [outcome] = run(home, read_sources(sources), load_rules(None), today=TODAY, workers=1)
    return outcome


def published(home: Home) -> dict[str, list[tuple]]:
    """What the warehouse holds of the district, but the batch and the file it came from."""
    tables = {}
    with reading(home, "62") as (con, _version):
        for table in TABLES:
            columns = [
                c
                for (c,) in con.execute(
                    "select column_name from information_schema.columns where table_name = ? order by ordinal_position",
                    [table],
                ).fetchall()
                if c not in ("batch_id", "source")
            ]
            tables[table] = sorted(
                con.execute(f"select {', '.join(columns)} from {table}").fetchall(), key=repr
            )
    return tables


def test_a_district_saved_as_ods_loads_as_the_same_district_saved_as_xlsx(tmp_path: Path) -> None:
    sheets = odf.district()
    ods, xlsx = odf.spreadsheet(sheets), odf.workbook(sheets)
    read_ods = extract.read_submission({"khlong_khlung.ods": ods})
    read_xlsx = extract.read_submission({"khlong_khlung.xlsx": xlsx})
    assert (
        sorted(read_ods)
        == sorted(read_xlsx)
        == ["activities", "attendance", "clubs", "governance", "meetings", "members"]
    )
    for name, raw in read_ods.items():
        assert raw.frame.equals(read_xlsx[name].frame), name
        assert (raw.label, raw.header_row, raw.missing) == (
            read_xlsx[name].label,
            read_xlsx[name].header_row,
            read_xlsx[name].missing,
        )
    assert read_ods["clubs"].frame["row_number"].to_list() == [
        2,
        3,
        4,
        6,
        7,
        8,
    ]  # the blank row 5 counted
    # Loaded one after the other into one home (one key for citizen IDs): the same warehouse.
    home, seen = Home(tmp_path / "home"), {}
    for name, data in (("khlong_khlung.xlsx", xlsx), ("khlong_khlung.ods", ods)):
        (tmp_path / "inbox").mkdir(exist_ok=True)
        (tmp_path / "inbox" / name).write_bytes(data)
        outcome = load(home, tmp_path / "inbox", name)
        assert outcome.status == "loaded", outcome.message
        seen[name] = (
            outcome.rows_read,
            outcome.rows_loaded,
            outcome.rows_rejected,
            outcome.sheets,
            published(home),
        )
    assert seen["khlong_khlung.ods"] == seen["khlong_khlung.xlsx"]
    assert seen["khlong_khlung.ods"][3]["clubs"] == (6, 3, 3)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A folder served over HTTP on loopback, and its address."""
    folder = tmp_path / "www"
    folder.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *_args: None  # type: ignore[attr-defined]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield folder, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_pulled_folder_and_a_url_holding_an_ods_are_read(
    tmp_path: Path, served: tuple[Path, str]
) -> None:
    data = odf.spreadsheet(odf.district(thai=False))
    inbox = tmp_path / "inbox"
    (inbox / "6205").mkdir(parents=True)
    (inbox / "6205" / "khlong_khlung.ods").write_bytes(data)
    from_folder = load(Home(tmp_path / "a"), inbox, "6205")
    folder, address = served
    (folder / "khlong_khlung.ods").write_bytes(data)
    from_url = load(Home(tmp_path / "b"), inbox, f"{address}/khlong_khlung.ods")
    for outcome in (from_folder, from_url):
        assert outcome.status == "loaded", outcome.message
        assert outcome.sheets["clubs"] == (6, 3, 3) and outcome.sheets["attendance"][0] == 22


def test_an_ods_inside_a_zip_is_read_within_the_zips_budget() -> None:
    nested = hostile.zipped_workbook(odf.spreadsheet(odf.district()), "ส่งข้อมูล/khlong_khlung.ods")
    assert extract.read_submission({"6205.zip": nested})["members"].frame.height == 14
    padded = hostile.zipped_workbook(
        odf.content(odf.spreadsheet(odf.district()), lambda xml: xml + b" " * (6 * 2**20)),
        "khlong_khlung.ods",
    )
    with pytest.raises(BadFile, match=r"6205\.zip/khlong_khlung\.ods: unpacks to more than 4 MB"):
        extract.read_submission({"6205.zip": padded}, max_unzipped=4 * 2**20)


@pytest.fixture
def calamine_untouched(monkeypatch: pytest.MonkeyPatch) -> None:
    """calamine must not be given the file: these files are refused before it builds a grid."""

    def given(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("calamine was given the file")

    monkeypatch.setattr(extract.fastexcel, "read_excel", given)


@pytest.mark.parametrize(
    ("extra", "sheet", "message"),
    [
        # One text cell repeated across the sheet's 16,384 columns (rows 1-8 are the clubs).
        (
            [row([cell("x", EDGE_COLUMNS)])],
            "ชมรม",
            r"\[ชมรม\]: cell XFD9 holds a value beyond column BL: at most 64 columns",
        ),
        # ... and that row repeated to the sheet's last row: 17 billion cells.
        (
            [row([cell("x", EDGE_COLUMNS)], EDGE_ROWS - 8)],
            "ชมรม",
            r"\[ชมรม\]: cell XFD9 holds a value beyond column BL",
        ),
        # A row holding a value repeated down to the sheet's last row.
        (
            [row([cell("x")], EDGE_ROWS - 8)],
            "ชมรม",
            r"\[ชมรม\]: cell A1048576 holds a value beyond row 1,000,021: at most 1,000,000 rows",
        ),
        # A value below a million empty rows.
        (
            [row([cell(None, 4)], 1_048_000), row([cell("x")])],
            "ชมรม",
            r"\[ชมรม\]: cell A1048009 holds a value beyond row 1,000,021",
        ),
        # A value right of 100 empty cells.
        (
            [row([cell(None, 100), cell("x")])],
            "ชมรม",
            r"\[ชมรม\]: cell CW9 holds a value beyond column BL",
        ),
        # In a sheet no contract sheet is read from: calamine builds every sheet's grid as it opens an .ods.
        (
            [row([cell("x", EDGE_COLUMNS)])],
            "หมายเหตุ",
            r"\[หมายเหตุ\]: cell XFD2 holds a value beyond column BL",
        ),
    ],
)
def test_a_value_repeated_far_is_refused_before_calamine_sees_the_file(
    calamine_untouched: None, extra: list, sheet: str, message: str
) -> None:
    with pytest.raises(BadFile, match=r"^khlong_khlung\.ods " + message):
        extract.read_submission({"khlong_khlung.ods": odf.clubs_with(*extra, sheet=sheet)})


def test_repeats_within_the_limits_are_read() -> None:
    # A note in BL (the last column read) right of 63 empty cells; a club's row repeated 999 times.
    book = odf.clubs_with(
        row([cell(None, 63), cell("note")]),
        row([cell("6205-009"), cell("x"), cell("otop"), cell("620501")], 999),
    )
    clubs = extract.read_submission({"khlong_khlung.ods": book})["clubs"]
    assert clubs.frame.height == 6 + 999 and clubs.frame["row_number"].max() == 9 + 999
    assert clubs.unknown == ()  # the note is in no column of the header


def test_the_child_refuses_seventeen_billion_cells_with_the_message_and_lives_on() -> None:
    huge = odf.clubs_with(row([cell("x", EDGE_COLUMNS)], EDGE_ROWS - 8))
    assert len(huge) < 10_000
    with pytest.raises(
        BadFile, match=r"khlong_khlung\.ods \[ชมรม\]: cell XFD9 holds a value beyond column BL"
    ):
        isolated.read_submission({"khlong_khlung.ods": huge})
    before = isolated.started
    assert (
        isolated.read_submission({"khlong_khlung.ods": odf.spreadsheet(odf.district())})[
            "clubs"
        ].frame.height
        == 6
    )
    assert isolated.started == before  # the child that refused it read the next one


def test_an_ods_whose_content_declares_a_doctype_is_refused() -> None:
    bad = odf.with_doctype(odf.spreadsheet(odf.district()))
    with pytest.raises(
        BadFile, match=r"khlong_khlung\.ods content\.xml: the XML declares a DOCTYPE or entities"
    ):
        extract.read_submission({"khlong_khlung.ods": bad})
    with pytest.raises(
        upload.Refused, match=r"khlong_khlung\.ods content\.xml: XML declares a DOCTYPE"
    ):
        upload.check("khlong_khlung.ods", bad)
    with pytest.raises(
        upload.Refused, match=r"6205\.zip/khlong_khlung\.ods content\.xml: XML declares a DOCTYPE"
    ):
        upload.check("6205.zip", hostile.zipped_workbook(bad, "khlong_khlung.ods"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda xml: xml.replace(
                b"<table:table-row>", b"<!-- </table:table-row> --><table:table-row>", 1
            ),
            r"khlong_khlung\.ods: content\.xml holds an XML comment, which no spreadsheet program writes",
        ),
        (
            lambda xml: xml.replace(
                b"</table:table-row>",
                b'</table:table-row><table:table-cell table:number-columns-repeated="99"/>',
                1,
            ),
            r"khlong_khlung\.ods \[กิจกรรม\]: a cell outside a row \(row 2\)",
        ),
        (
            lambda xml: xml.replace(
                b"</table:table-row>", b"<table:table-row/></table:table-row>", 1
            ),
            r"khlong_khlung\.ods \[กิจกรรม\]: a row inside a row \(row 1\)",
        ),
    ],
)
def test_what_could_hide_cells_from_the_count_is_refused(change, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(BadFile, match=message):
        extract.read_submission(
            {"khlong_khlung.ods": odf.content(odf.spreadsheet(odf.district()), change)}
        )


def test_error_cells_formulas_without_a_value_hidden_sheets_and_rows_above_are_read_as_in_an_xlsx() -> (
    None
):
    sheets = odf.district()
    sheets["ชมรม"] = [[None], [None], *sheets["ชมรม"]]  # two empty rows above the header
    # As LibreOffice saves =1/0: an empty text value, marked an error, showing #DIV/0!.
    error = cell("#DIV/0!", formula="of:=1/0", stringvalue="")
    extra = {
        "ชมรม": [row([cell("6205-009"), error, formula_only('of:=[.A1]&"x"'), cell("620501")])]
    }
    book = odf.spreadsheet(sheets, extra, hidden=("การประชุม",))
    book = odf.content(
        book,
        lambda xml: xml.replace(
            b'table:formula="of:=1/0"', b'table:formula="of:=1/0" calcext:value-type="error"'
        ),
    )
    found = extract.read_submission({"khlong_khlung.ods": book})
    clubs = found["clubs"].frame
    assert clubs["row_number"].to_list() == [4, 5, 6, 8, 9, 10, 11]
    assert clubs.row(-1) == (
        11,
        "6205-009",
        "#DIV/0!",
        '=[.A1]&"x"',
        "620501",
        None,
        None,
        None,
        None,
    )
    assert "khlong_khlung.ods [การประชุม]: a hidden sheet, read" in found.notes
    assert found["meetings"].frame.height == 7
