"""Reading a district's files as a person sees them: the header among the first rows, CSV as
it comes (delimiters, line endings, encodings), blank rows, error cells, sheets twice or unknown."""

from __future__ import annotations

import codecs
import io
import re
import zipfile

import openpyxl
import pytest

from etl import workbook_xml
from etl.errors import BadFile
from etl.extract import read_submission
from tests.etl.support import workbook

HEADER = ["club_id", "name", "network_type", "subdistrict_code"]
ROWS = [["6205-001", "ก", "otop", "620501"], ["6205-002", "ข", "women", "620502"]]


def csv_text(rows: list[list[str]], sep: str = ",", end: str = "\n") -> str:
    return "".join(sep.join(row) + end for row in rows)


@pytest.mark.parametrize("sep", [",", ";", "\t", "|"])
@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_csv_delimiters_and_line_endings(sep: str, end: str) -> None:
    data = csv_text([HEADER, *ROWS], sep, end).encode()
    clubs = read_submission({"clubs.csv": data})["clubs"]
    assert clubs.frame.select("row_number", "club_id", "subdistrict_code").rows() == [
        (2, "6205-001", "620501"),
        (3, "6205-002", "620502"),
    ]


def test_mixed_line_endings_and_quoted_delimiters() -> None:
    data = (
        b"club_id;name;network_type;subdistrict_code\r\n"
        b'6205-001;"a; b";otop;620501\r6205-002;"c";otop;620501\n'
    )
    frame = read_submission({"clubs.csv": data})["clubs"].frame
    assert frame.select("row_number", "name").rows() == [(2, "a; b"), (3, "c")]


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.encode("utf-16"),  # with its BOM
        lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
        lambda t: t.encode("cp874"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le", "utf-16-be", "cp874"],
)
def test_csv_encodings(encode) -> None:  # type: ignore[no-untyped-def]
    text = csv_text(
        [
            ["รหัสชมรม", "ชื่อชมรม", "ประเภทเครือข่าย", "รหัสตำบล"],
            ["6205-001", "ชมรม “ก”", "otop", "620501"],
        ]
    )
    frame = read_submission({"clubs.csv": encode(text)})["clubs"].frame
    assert frame.select("club_id", "name").rows() == [("6205-001", "ชมรม “ก”")]


@pytest.mark.parametrize("titles", [0, 1, 2, 5])
def test_title_rows_above_the_header_are_counted_not_read(titles: int) -> None:
    rows = [[f"รายงานชมรม แถว {n}"] for n in range(titles)] + [HEADER, *ROWS]
    for sheets in (
        read_submission({"clubs.csv": csv_text(rows).encode()}),
        read_submission({"6205.xlsx": workbook({"clubs": rows})}),
    ):
        clubs = sheets["clubs"]
        assert clubs.title_rows == titles
        assert clubs.header_row == titles + 1
        assert clubs.frame.select("row_number", "club_id").rows() == [
            (titles + 2, "6205-001"),
            (titles + 3, "6205-002"),
        ]
        assert any("title row" in note for note in sheets.notes) == (titles > 0)


def test_title_and_blank_rows_above_a_header_lower_down_in_a_workbook() -> None:
    rows = [["รายงาน"], [None], HEADER, ROWS[0]]
    clubs = read_submission({"6205.xlsx": workbook({"clubs": rows}, first_row=3)})["clubs"]
    assert (clubs.title_rows, clubs.header_row) == (1, 6)
    assert clubs.frame["row_number"].to_list() == [7]


@pytest.mark.parametrize(
    "header",
    [
        ["clubid", "nmae", "network", "subdistrict"],
        ["a", "b", "c", "d"],
        ["รหัส", "ชื่อ", "ประเภท", "ตำบล"],
    ],
)
def test_a_sheet_whose_header_is_not_understood_fails_naming_file_sheet_and_headers(
    header: list[str],
) -> None:
    for files, where in (
        ({"clubs.csv": csv_text([header, *ROWS]).encode()}, "clubs.csv"),
        ({"6205.xlsx": workbook({"ชมรม": [header, *ROWS]})}, "6205.xlsx [ชมรม]"),
    ):
        with pytest.raises(BadFile) as failure:
            read_submission(files)
        assert failure.value.file == where
        assert repr(header[0]) in failure.value.problem
        assert "club_id" in failure.value.problem


def test_nearest_expected_header_is_named() -> None:
    data = csv_text([["club_idd", "name", "network_typ", "subdistrict_code"], ROWS[0]]).encode()
    with pytest.raises(BadFile, match=r"'club_idd' → 'club_id'.*'network_typ' → 'network_type'"):
        read_submission({"clubs.csv": data})


def test_a_column_twice_is_read_once_and_noted() -> None:
    data = csv_text([[*HEADER, "name"], [*ROWS[0], "other"]]).encode()
    sheets = read_submission({"clubs.csv": data})
    assert sheets["clubs"].frame["name"].to_list() == ["ก"]
    assert any("'name (a second name column)'" in note for note in sheets.notes)


def test_unknown_extra_headers_are_noted() -> None:
    data = csv_text([[*HEADER, "หมายเหตุ"], [*ROWS[0], "x"]]).encode()
    sheets = read_submission({"clubs.csv": data})
    assert sheets["clubs"].unknown == ("หมายเหตุ",)
    assert any("'หมายเหตุ'" in note for note in sheets.notes)


@pytest.mark.parametrize(
    "blank",
    ["", " ", "\u3000", "\u200b", "\u200b\u3000 \u00a0", "\ufeff", "\u2060\u202f"],
    ids=["empty", "space", "ideographic", "zero-width", "mix", "bom", "joiner"],
)
def test_rows_of_spaces_are_blank_but_keep_numbering(blank: str) -> None:
    rows = [HEADER, ROWS[0], [blank] * 4, ROWS[1]]
    for files in ({"clubs.csv": csv_text(rows).encode()}, {"6205.xlsx": workbook({"clubs": rows})}):
        frame = read_submission(files)["clubs"].frame
        assert frame.select("row_number", "club_id").rows() == [(2, "6205-001"), (4, "6205-002")]


def test_a_row_with_data_only_in_an_unknown_column_is_blank() -> None:
    rows = [[*HEADER, "extra"], [*ROWS[0], ""], ["", "", "", "", "x"], [*ROWS[1], ""]]
    frame = read_submission({"clubs.csv": csv_text(rows).encode()})["clubs"].frame
    assert frame["row_number"].to_list() == [2, 4]


def test_two_sheets_for_the_same_sheet_fail_naming_both() -> None:
    data = workbook({"clubs": [HEADER, ROWS[0]], "ชมรม": [HEADER, ROWS[1]]})
    with pytest.raises(BadFile, match=r"\[clubs\] and 6205.xlsx \[ชมรม\]"):
        read_submission({"6205.xlsx": data})
    files = {
        "clubs.csv": csv_text([HEADER, ROWS[0]]).encode(),
        "ชมรม.csv": csv_text([HEADER, ROWS[1]]).encode(),
    }
    with pytest.raises(BadFile, match=r"clubs\.csv.*ชมรม\.csv.*both the clubs sheet"):
        read_submission(files)


def test_a_sheet_matching_nothing_is_noted_with_the_nearest_name() -> None:
    data = workbook({"clubs": [HEADER, ROWS[0]], "member": [["club_id"], ["6205-001"]]})
    sheets = read_submission({"6205.xlsx": data})
    assert sorted(sheets) == ["clubs"]
    assert any("'member'" in n and "'members'" in n for n in sheets.notes)


def test_no_clubs_sheet_names_the_sheets_seen() -> None:
    with pytest.raises(BadFile, match=r"no clubs sheet.*'club'.*did you mean 'clubs'"):
        read_submission({"6205.xlsx": workbook({"club": [HEADER, ROWS[0]]})})


def test_row_limit_per_sheet() -> None:
    rows = [HEADER] + [[f"6205-{n:03}", "ก", "otop", "620501"] for n in range(6)]
    assert (
        read_submission({"clubs.csv": csv_text(rows).encode()}, max_rows=6)["clubs"].frame.height
        == 6
    )
    for files in ({"clubs.csv": csv_text(rows).encode()}, {"6205.xlsx": workbook({"clubs": rows})}):
        with pytest.raises(BadFile, match="more than 5 rows: the limit per sheet"):
            read_submission(files, max_rows=5)


def test_error_cells_and_formulas_without_a_value_are_read_as_what_they_show() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "clubs"
    sheet.append(HEADER)
    sheet.append(["6205-001", "=A1&B1", "otop", "620501"])  # openpyxl saves no cached value
    sheet.append(["6205-002", "#N/A", "otop", "#DIV/0!"])  # strings in the file: typed text
    sheet["B3"].data_type = "e"
    sheet["D3"].data_type = "e"
    buffer = io.BytesIO()
    book.save(buffer)
    frame = read_submission({"6205.xlsx": buffer.getvalue()})["clubs"].frame
    assert frame.select("row_number", "name", "subdistrict_code").rows() == [
        (2, "=A1&B1", "620501"),
        (3, "#N/A", "#DIV/0!"),
    ]


def test_hidden_sheets_are_read_and_noted() -> None:
    book = openpyxl.Workbook()
    book.active.title = "cover"
    clubs = book.create_sheet("clubs")
    for row in [HEADER, ROWS[0]]:
        clubs.append(row)
    clubs.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    sheets = read_submission({"6205.xlsx": buffer.getvalue()})
    assert sheets["clubs"].frame.height == 1
    assert any("hidden" in n for n in sheets.notes)


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ('<c r="B2"><f>A1&amp;B1</f></c>', "=A1&B1"),  # no <v>: nothing cached
        ('<c r="B2"><f>A1</f><v></v></c>', "=A1"),  # an empty <v> without t="str": nothing cached
        ('<c r="B2" t="str"><f>""</f><v></v></c>', None),  # Excel's cached empty text: a blank cell
        ('<c r="B2" t="str"><f>A1</f><v>ok</v></c>', None),  # a cached value: calamine reads it
        ('<c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c>', "#DIV/0!"),
        ('<c r="B2" t="e"><v>#N/A</v></c>', "#N/A"),
    ],
)
def test_cells_calamine_reads_as_empty(cell: str, shown: str | None) -> None:
    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.title = "clubs"
    book.active["A1"] = "x"
    book.active["B2"] = "PLACEHOLDER"
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<c r="B2"[^>]*>.*?</c>', cell.encode(), data)
            target.writestr(info, data)
    facts = workbook_xml.sheets(out.getvalue())["clubs"]
    assert facts.unvalued == ([(2, 1, shown)] if shown else [])


def test_a_zip_that_unzips_to_too_much_fails() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("clubs.csv", csv_text([HEADER, *ROWS]) + ("\n" + " " * 999) * 2_000)
    with pytest.raises(BadFile, match=r"6205\.zip: unpacks to more than 1,000,000 bytes"):
        read_submission({"6205.zip": buffer.getvalue()}, max_unzipped=1_000_000)
    assert read_submission({"6205.zip": buffer.getvalue()})["clubs"].frame.height == 2
