"""Figures say what they are: a workbook's title block says how many districts' figures are
approved (or that it holds approved figures only); the scorecard's and the leaderboard's workbooks
mark each row approved or provisional; the brief says its figures' sign-off; the knowledge record's
Word document carries the mark its page shows; the scorecard labels what it shows, nationally and
in a national user's view of one province.

This module has a home of its own: provinces 62 and 10 as the session's, FY 2568 approved for
district 6201 alone (6205, 1001 and 1002 provisional).
"""

from __future__ import annotations

import base64
import io
import re
import subprocess
import unicodedata
from datetime import timedelta
from pathlib import Path
from typing import Any

import docx
import openpyxl
import polars as pl
import pytest

from accounts.scope import Scope
from accounts.store import open_store
from core.home import Home
from exemplars import decisions, expansion, knowledge
from tests.dashboard.conftest import NOW, call
from tests.dashboard.support import first_view, table_of, unsigned_app
from warehouse import approvals, queries

DIRECTOR = Scope("director62", "director", "62")


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The dashboard on this module's home: 6201's FY 2568 approved, a knowledge record in 6201
    and one in 6205, an expansion plan of province 62."""
    app = unsigned_app(tmp_path_factory.mktemp("figures"))
    home = app.server.config["TONBAEB_HOME"]
    at = (NOW - timedelta(days=1)).timestamp()
    store = open_store(home)
    approvals.transition(
        store, home, DIRECTOR, "approve_history", "6201", 2568, at=at, history_before=2569
    )
    for district in ("6201", "6205"):
        club = f"{district}-001"
        officer = Scope(f"officer{district}", "officer", "62", district)
        for scope, action in ((officer, "propose"), (DIRECTOR, "select")):
            decisions.decide(store, home, scope, action, district, club, 2568, "ต้นแบบ", at=at)
        fields = knowledge.record(store, home, DIRECTOR, district, club, 2568).fields
        knowledge.save(store, home, DIRECTOR, district, club, 2568, fields, at=at)
    expansion.propose_plan(store, home, DIRECTOR, "62", 2568, 3, now=at)
    store.close()
    return app


def downloaded(client: Any, output: str, values: dict[str, Any]) -> bytes:
    """The file a download callback sends (`output`: the dcc.Download's id)."""
    dependency = next(
        d for d in client.get("/_dash-dependencies").json if d["output"] == f"{output}.data"
    )
    sent = call(client, dependency, values).json["response"][output]["data"]
    return base64.b64decode(sent["content"])


def sheet_of(content: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(content)).active


def title_block(sheet: Any) -> dict[object, object]:
    """The (label, value) rows above the table."""
    first = int(re.sub(r"\D", "", sheet.auto_filter.ref.split(":")[0]))
    return {r[0]: r[1] for r in sheet.iter_rows(max_row=first - 1, max_col=2, values_only=True)}


def column(sheet: Any, name: str, key: str = "") -> dict[object, object]:
    """One column of the table by its header, keyed by the first column named `key` (or the first)."""
    heads, *rows = table_of(sheet)
    at = heads.index(name)
    by = heads.index(key) if key else 0
    return {row[by]: row[at] for row in rows}


def scorecard(client: Any, state: dict[str, Any]) -> Any:
    values = {"scorecard-download-button.n_clicks": 1, "scorecard-state.data": state}
    return sheet_of(downloaded(client, "scorecard-download", values))


def test_a_province_scorecard_workbook_marks_each_row_and_says_its_sign_off(
    client_as: Any,
) -> None:
    sheet = scorecard(client_as("director62"), {"province": "62", "fy": 2568, "lang": "en"})
    assert title_block(sheet)["Sign-off"] == "Approved: 1 of 2 districts"
    assert column(sheet, "Sign-off", "District") == {
        "Mueang Kamphaeng Phet": "Approved",
        "Khlong Khlung": "Provisional",
        "Whole province": "Provisional (approved: 1 of 2 districts)",
    }
    thai = scorecard(client_as("director62"), {"province": "62", "fy": 2568, "lang": "th"})
    assert title_block(thai)["การรับรองข้อมูล"] == "รับรองแล้ว 1 จาก 2 อำเภอ"


def test_a_national_scorecard_workbook_holds_approved_figures_only_unless_asked(
    client_as: Any,
) -> None:
    national = client_as("national")
    only = scorecard(national, {"province": None, "fy": 2568, "lang": "en"})
    assert title_block(only)["Sign-off"] == ("Approved figures only (approved: 1 of 4 districts)")
    assert column(only, "Sign-off", "Province") == {
        "Kamphaeng Phet": "Approved: 1 of 2 districts",  # not "provisional": 6201's figures only
        "Whole country (2 of 77 provinces)": "Approved: 1 of 4 districts",
    }
    both = scorecard(national, {"province": None, "fy": 2568, "lang": "en", "provisional": True})
    assert title_block(both)["Sign-off"] == "Approved: 1 of 4 districts"
    assert column(both, "Sign-off", "Province") == {
        "Kamphaeng Phet": "Provisional (approved: 1 of 2 districts)",
        "Bangkok": "Provisional (approved: 0 of 2 districts)",
        "Whole country (2 of 77 provinces)": "Provisional (approved: 1 of 4 districts)",
    }


def test_the_national_scorecard_labels_what_it_shows_and_marks_the_whole_country(
    client_as: Any,
) -> None:
    national = client_as("national")
    only = first_view(national, "/scorecard", "?lang=en&fy=2568")
    assert "Showing approved figures only" in only
    assert only.count("sc-provisional") == 2  # Kamphaeng Phet's row and the whole country's
    assert " · Approved: 1 of 2 districts" in only and " · Approved: 1 of 4 districts" in only
    assert "Provisional" not in only  # only approved districts' figures are shown
    both = first_view(national, "/scorecard", "?lang=en&fy=2568&provisional=1")
    assert " · Provisional (approved: 1 of 4 districts)" in both  # the whole country
    assert "provisional=1" in re.search(r"/scorecard\?province=62[^\"]*", both).group(0)


def test_a_national_users_view_of_one_province_is_approved_only_with_the_switch(
    client_as: Any, app: Any
) -> None:
    national = client_as("national")
    only = first_view(national, "/scorecard", "?province=62&lang=en&fy=2568")
    assert "Showing approved figures only" in only and "Include provisional figures" in only
    assert "district=6201" in only and "district=6205" not in only
    assert " · Approved: 1 of 2 districts" in only  # the whole province, of 6201 alone
    both = first_view(national, "/scorecard", "?province=62&lang=en&fy=2568&provisional=1")
    assert "Approved figures only" in both and "district=6205" in both
    assert " · Provisional" in both
    director = first_view(client_as("director62"), "/scorecard", "?province=62&lang=en&fy=2568")
    assert "district=6205" in director and "Include provisional figures" not in director
    home: Home = app.server.config["TONBAEB_HOME"]
    store = open_store(home)
    approved = approvals.approved_pairs(store, ["62"])
    store.close()
    scope = Scope("national", "national", None)
    kept = queries.scorecard(home, scope, "62", 2568, approved)
    whole = queries.scorecard_whole(home, scope, "62", 2568, approved)
    assert kept["area_code"].to_list() == ["6201"]
    assert whole["clubs"].to_list() == kept["clubs"].to_list()  # the whole of 6201 alone
    full = queries.scorecard_whole(home, scope, "62", 2568)
    assert int(full["clubs"][0]) > int(whole["clubs"][0])


def test_the_leaderboard_workbook_marks_each_club_and_says_its_sign_off(client_as: Any) -> None:
    values = {
        "leaderboard-download-button.n_clicks": 1,
        "leaderboard-state.data": {"province": "62", "fy": 2568, "lang": "en"},
    }
    sheet = sheet_of(downloaded(client_as("director62"), "leaderboard-download", values))
    assert title_block(sheet)["Sign-off"] == "Approved: 1 of 2 districts"
    heads, *rows = table_of(sheet)
    marks = pl.DataFrame(
        {"club": [r[heads.index("Club ID")] for r in rows],
         "mark": [r[heads.index("Sign-off")] for r in rows]}
    )  # fmt: skip
    assert set(marks.filter(pl.col("club").str.starts_with("6201"))["mark"]) == {"Approved"}
    assert set(marks.filter(pl.col("club").str.starts_with("6205"))["mark"]) == {"Provisional"}


def test_the_plan_and_overdue_workbooks_say_their_sign_off(client_as: Any) -> None:
    director = client_as("director62")
    state = {"province": "62", "fy": 2568, "lang": "en"}
    plan = downloaded(
        director, "plan-download", {"plan-download-button.n_clicks": 1, "plan-state.data": state}
    )
    overdue = downloaded(
        director,
        "quality-overdue",
        {"quality-overdue-button.n_clicks": 1, "quality-state.data": state},
    )
    for content in (plan, overdue):
        assert title_block(sheet_of(content))["Sign-off"] == "Approved: 1 of 2 districts"


def pdf_text(pdf: bytes, folder: Path) -> str:
    """The PDF's text as pdftotext reads it, whitespace as single spaces (NFKC: brief_pdf.py)."""
    path = folder / "brief.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftotext", "-raw", str(path), str(folder / "brief.txt")], check=True)
    text = (folder / "brief.txt").read_text(encoding="utf-8")
    return " ".join(unicodedata.normalize("NFKC", text).split())


def test_the_brief_says_its_figures_sign_off(client_as: Any, tmp_path: Path) -> None:
    province = client_as("director62").get("/brief?province=62&fy=2568&lang=en")
    text = pdf_text(province.get_data(), tmp_path)
    assert (
        "Sign-off of FY 2568 (2024–25): Approved: 1 of 2 districts; the others' figures are provisional"
        in text
    )
    assert "Clubs · provisional" in text and "Khlong Khlung · provisional" in text
    assert "Mueang Kamphaeng Phet · provisional" not in text
    district = client_as("officer6205").get("/brief?district=6205&fy=2568&lang=en")
    text = pdf_text(district.get_data(), tmp_path)
    assert (
        "Sign-off of FY 2568 (2024–25): Draft: the figures are provisional and may change" in text
    )
    approved = client_as("officer6201").get("/brief?district=6201&fy=2568")
    text = pdf_text(approved.get_data(), tmp_path)
    assert "การรับรองข้อมูลปีงบประมาณ 2568: รับรองแล้ว" in text
    assert "· ตัวเลขเบื้องต้น" not in text  # no figure of the year is marked
    this_year = text.split("ปีงบประมาณปัจจุบัน")
    assert len(this_year) == 2 and "ตัวเลขเบื้องต้น" in this_year[1]  # its year isn't approved


def test_the_knowledge_records_word_document_is_marked_approved_or_provisional(
    client_as: Any,
) -> None:
    director = client_as("director62")
    marks = {}
    for district in ("6201", "6205"):
        state = {"district": district, "club": f"{district}-001", "fy": 2568, "lang": "en"}
        content = downloaded(
            director,
            "knowledge-docx",
            {"knowledge-docx-button.n_clicks": 1, "knowledge-state.data": state},
        )
        marks[district] = docx.Document(io.BytesIO(content)).paragraphs[1].text
    assert marks["6201"].startswith("รับรองแล้ว") and "เมืองกำแพงเพชร" in marks["6201"]
    assert marks["6205"].startswith("ตัวเลขเบื้องต้น") and "คลองขลุง" in marks["6205"]
