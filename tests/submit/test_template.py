"""The entry workbook: what it offers a person, and that it loads through the ETL unchanged."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from accounts.scope import Scope
from core.home import Home
from etl import dry_run, extract, template, upload
from etl.pipeline import run
from etl.schemas import (
    ACTIVITY_KINDS,
    GENDERS,
    GOVERNANCE_KINDS,
    MEETING_KINDS,
    NETWORK_TYPES,
    ROLES,
    SHEETS,
)
from etl.sources import Source, read_sources
from tests.conftest import TODAY
from tonbaeb.generate import generate
from warehouse.connection import reading
from warehouse.queries.submission import district_records
from warehouse.rules import load_rules

DIRECTOR = Scope("director62", "director", "62")
COMPARED = {
    "clubs": "club_id, name, network_type, subdistrict_code, founded_on, entered_standard_fy, lat, lon",
    "members": "club_id, member_id, full_name, gender, role, joined_on, left_on",
    "meetings": "club_id, meeting_id, held_on, fiscal_year, kind, attendees",
    "attendance": "club_id, meeting_id, member_id",
    "activities": "club_id, activity_id, held_on, fiscal_year, kind, title, partner_org, participants",
    "governance": "club_id, kind, effective_on, expires_on, document_ref",
}


def published(home: Home, district: str) -> dict[str, list[tuple]]:
    """Every record of the district as a person would compare them (batch and row numbers aside)."""
    with reading(home, "62") as (con, _version):
        return {
            table: sorted(
                con.execute(
                    f"select {columns} from {table} where district_code = ?", [district]
                ).fetchall(),
                key=repr,
            )
            for table, columns in COMPARED.items()
        }


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Home:
    """District 6205 as `tonbaeb generate` writes it (with its invalid rows), loaded."""
    root = tmp_path_factory.mktemp("template")
    result = generate(
        root / "inbox",
        ["62"],
        [2566, 2567, 2568],
        districts=["6205"],
        fmt="xlsx",
        today=TODAY,
        clubs_per_district=(8, 10),
    )
    home = Home(root / "home")
    [outcome] = run(home, read_sources(result.sources), load_rules(None), today=TODAY, workers=1)
    assert outcome.status == "loaded" and outcome.rows_rejected > 0
    return home


def person_keys(home: Home, district: str) -> list[tuple]:
    """Each member's keyed citizen-ID hash (the workbook never carries the ID itself)."""
    with reading(home, "62") as (con, _version):
        return con.execute(
            "select club_id, member_id, person_key from members where district_code = ? "
            "order by all",
            [district],
        ).fetchall()


def test_prefilled_template_round_trips_through_the_etl(loaded: Home) -> None:
    before = published(loaded, "6205")
    keys = person_keys(loaded, "6205")
    assert sum(key is not None for _club, _member, key in keys) > len(keys) // 2
    records = district_records(loaded, DIRECTOR, "6205")
    assert records is not None and records["members"].height == len(before["members"])
    data = template.workbook("62", "6205", records)
    files = upload.check("6205.xlsx", data)
    source = Source("62", "6205", "upload:6205.xlsx")
    seen = dry_run.dry_run(loaded, source, files, load_rules(None), TODAY)
    assert seen.failure is None
    assert seen.rejected.is_empty(), seen.rejected.head(5)
    assert seen.after == seen.before == {t: len(rows) for t, rows in before.items()}
    assert seen.shrinks == []
    assert seen.standard_after.equals(seen.standard_before)
    outcome = dry_run.submit(loaded, source, files, load_rules(None), TODAY, "director62")
    assert outcome.status == "loaded" and outcome.rows_rejected == 0
    assert published(loaded, "6205") == before
    assert (
        person_keys(loaded, "6205") == keys
    )  # members sent again without their IDs keep their keys
    with reading(loaded, "62") as (con, _version):
        channel = con.execute(
            "select channel, sent_by from load_batches order by started_at desc limit 1"
        ).fetchone()
    assert channel == ("uploaded", "director62")


def test_blank_template_reads_as_six_empty_sheets() -> None:
    files = upload.check("blank.xlsx", template.workbook("62", "6205"))
    sheets = extract.read_submission(files)
    assert set(sheets) == {s.name for s in SHEETS}
    assert all(s.frame.height == 0 and not s.missing for s in sheets.values())


def test_template_offers_lists_messages_and_thai_dates() -> None:
    book = openpyxl.load_workbook(io.BytesIO(template.workbook("62", "6205")))
    assert book.sheetnames[0] == template.INSTRUCTIONS and template.SUBDISTRICTS in book.sheetnames
    lists = {}
    for sheet in SHEETS:
        ws = book[sheet.thai]
        headers = [c.value for c in ws[1]]
        assert headers == [f"{c.thai} *" if c.required else c.thai for c in sheet.columns]
        for cell, column in zip(ws[1], sheet.columns, strict=True):
            assert cell.comment is not None and column.name in cell.comment.text
        for rule in ws.data_validations.dataValidation:
            if rule.type == "list":
                lists[(sheet.name, str(rule.sqref).split(":")[0])] = rule.formula1
        messages = [r for r in ws.data_validations.dataValidation if r.promptTitle]
        assert len(messages) >= 2 * len(sheet.columns)  # the header and the cells below it
    quoted = lambda values: '"' + ",".join(values.values()) + '"'  # noqa: E731
    assert lists[("clubs", "C2")] == quoted(NETWORK_TYPES)
    assert lists[("clubs", "D2")].startswith(f"'{template.SUBDISTRICTS}'!$A$2")
    assert lists[("members", "E2")] == quoted(GENDERS)
    assert lists[("members", "F2")] == quoted(ROLES)
    assert lists[("meetings", "D2")] == quoted(MEETING_KINDS)
    assert lists[("activities", "D2")] == quoted(ACTIVITY_KINDS)
    assert lists[("governance", "B2")] == quoted(GOVERNANCE_KINDS)
    places = book[template.SUBDISTRICTS]
    codes = [row[0].value for row in places.iter_rows(min_row=2)]
    assert "620501" in codes and all(c.startswith("6205") for c in codes)
    assert any("คลองขลุง" in (row[1].value or "") for row in places.iter_rows(min_row=2))
    assert "พ.ศ." in " ".join(str(c.value) for c in book[template.INSTRUCTIONS]["A"])


def test_prefilled_dates_are_date_cells_in_thai_format(loaded: Home) -> None:
    data = template.workbook("62", "6205", district_records(loaded, DIRECTOR, "6205"))
    ws = openpyxl.load_workbook(io.BytesIO(data))["สมาชิก"]
    joined = ws.cell(row=2, column=7)
    assert joined.is_date and joined.number_format == template.THAI_DATE


def test_officers_get_their_own_district_only(loaded: Home) -> None:
    assert district_records(loaded, Scope("o", "officer", "62", "6205"), "6205") is not None
    assert district_records(loaded, Scope("o", "officer", "62", "6201"), "6205") is None
    assert district_records(loaded, Scope("n", "national", None), "6205") is None
    assert district_records(loaded, Scope("d", "director", "10"), "6205") is None


def test_cli_writes_the_template(tmp_path: Path, loaded: Home) -> None:
    from tonbaeb.cli import main

    out = tmp_path / "t.xlsx"
    assert main(["template", "--province", "62", "--district", "6205", "--out", str(out)]) == 0
    assert set(extract.read_submission({"t.xlsx": out.read_bytes()})) == {s.name for s in SHEETS}
    assert main(["template", "--province", "62", "--district", "1001", "--out", str(out)]) == 2
    filled = tmp_path / "f.xlsx"
    assert (
        main(
            [
                "template",
                "--home",
                str(loaded.root),
                "--province",
                "62",
                "--district",
                "6205",
                "--prefill",
                "--out",
                str(filled),
            ]
        )
        == 0
    )
    clubs = extract.read_submission({"f.xlsx": filled.read_bytes()})["clubs"].frame
    assert clubs.height == len(published(loaded, "6205")["clubs"])
    assert isinstance(clubs, pl.DataFrame)
