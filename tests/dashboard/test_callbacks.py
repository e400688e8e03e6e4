"""Callbacks called as plain functions, inside a request made by a logged-in user."""

from __future__ import annotations

import base64
import io
from typing import Any

import dash
import openpyxl
import plotly.graph_objects as go
import polars as pl

from accounts.audit import read as read_audit
from accounts.store import open_store
from core import formats
from core.texts import _
from dashboard import exports, figures, terms
from tests.dashboard.conftest import (
    FORMULA_CLUB,
    MEMBER_6205,
    SECRET_MEMBER_6201,
    XSS_CLUB,
    XSS_PARTNER,
)
from tests.dashboard.support import DIRECTOR, OFFICER, as_user, page, table_of, table_rows


def test_overview_callbacks_show_the_province_in_thai(app: Any) -> None:
    with as_user(app, DIRECTOR):
        state = {"province": "62", "fy": 2568, "lang": "th"}
        kpis = str(page("overview").show_kpis(state))
        assert "ผ่านมาตรฐาน" in kpis and "เทียบปีก่อน" in kpis
        figure = go.Figure(page("overview").show_areas(state))
        assert (
            isinstance(figure, go.Figure) and figure.data[0].y == ("เมืองกำแพงเพชร", "คลองขลุง")[::-1]
        ) or figure.data
        assert (
            "อัตราผ่านรายเกณฑ์" in go.Figure(page("overview").show_criteria(state)).layout.title.text
        )


def test_leaderboard_rows_come_one_block_at_a_time(app: Any) -> None:
    with as_user(app, DIRECTOR):
        response, count = page("leaderboard").rows(
            {"startRow": 0, "endRow": 3, "sortModel": [{"colId": "name", "sort": "desc"}]},
            {"fy": 2568, "lang": "en"},
        )
    assert response["rowCount"] == 7 and len(response["rowData"]) == 3 and count == "7 clubs found"
    assert [r["name"] for r in response["rowData"]] == sorted(
        (r["name"] for r in response["rowData"]), reverse=True
    )
    assert response["rowData"][0]["network"] in {
        terms.network(k, "en") for k in terms.NETWORK_TYPES
    }


def test_leaderboard_download_is_what_is_shown_with_formulas_neutralised_and_audited(
    app: Any, two_provinces: Any
) -> None:
    with as_user(app, DIRECTOR):
        sent = page("leaderboard").download(
            1,
            {"fy": 2568, "district": "6205", "lang": "th"},
            {"sortModel": [{"colId": "score", "sort": "asc"}]},
        )
    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(sent["content"])))
    sheet = book.active
    top = int(sheet.auto_filter.ref.split(":")[0][1:])  # the headers, under the title block
    first = top + 1
    names = [sheet.cell(row=r, column=2).value for r in range(first, sheet.max_row + 1)]
    assert len(names) == 4 and "'" + FORMULA_CLUB in names and XSS_CLUB in names
    assert all(
        sheet.cell(row=r, column=2).data_type == "s" for r in range(first, sheet.max_row + 1)
    )
    assert sheet.cell(row=top, column=3).value == "คะแนน"
    scores = [sheet.cell(row=r, column=3).value for r in range(first, sheet.max_row + 1)]
    assert scores == sorted(scores)
    assert sheet.cell(row=top, column=4).value == "การเข้าประชุม (%)"
    attendance = [sheet.cell(row=r, column=4) for r in range(first, sheet.max_row + 1)]
    assert all(
        isinstance(c.value, float) and 0 <= c.value <= 1 and c.number_format == "0.0%"
        for c in attendance
    )
    entries = read_audit(open_store(two_provinces), "62")
    assert any(
        e["action"] == "export_leaderboard" and e["username"] == "director62" for e in entries
    )


def test_a_repeated_download_is_the_kept_workbook_and_audited_again(
    app: Any, two_provinces: Any
) -> None:
    state, request = {"fy": 2568, "lang": "en"}, {"sortModel": [{"colId": "name", "sort": "desc"}]}
    before = len(
        [
            e
            for e in read_audit(open_store(two_provinces), "62")
            if e["action"] == "export_leaderboard"
        ]
    )
    with as_user(app, DIRECTOR):
        first = page("leaderboard").download(1, state, request)
        again = page("leaderboard").download(1, state, request)
        other = page("leaderboard").download(1, state | {"lang": "th"}, request)
    with as_user(app, OFFICER):
        officer = page("leaderboard").download(1, state, request)
    assert first["content"] == again["content"] != other["content"]
    sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(officer["content"]))).active
    table = table_of(sheet)
    assert len(table) == 8 and table[0][1] == "Club"
    after = [
        e
        for e in read_audit(open_store(two_provinces), "62")
        if e["action"] == "export_leaderboard"
    ]
    assert len(after) == before + 4


def test_rejected_rows_download_is_kept_neutralised_and_audited_each_time(
    app: Any, two_provinces: Any
) -> None:
    def count() -> int:
        entries = read_audit(open_store(two_provinces), "62")
        return len([e for e in entries if e["action"] == "export_rejected_rows"])

    before = count()
    with as_user(app, OFFICER):
        first = page("quality").download(1, {"district": "6205", "lang": "th"})
        again = page("quality").download(1, {"district": "6205", "lang": "th"})
        other = page("quality").download(1, {"district": "6201", "lang": "th"})
    assert first["content"] == again["content"] and other is dash.no_update
    sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(first["content"]))).active
    values = [sheet.cell(row=r, column=5).value for r in range(2, sheet.max_row + 1)]
    assert "'=1+1" in values and count() == before + 2


def test_member_list_is_shown_to_the_district_officer_and_audited(
    app: Any, two_provinces: Any
) -> None:
    with as_user(app, OFFICER):
        own = str(page("club").show_members({"district": "6205", "club": "6205-001", "lang": "th"}))
        other = str(
            page("club").show_members({"district": "6201", "club": "6201-001", "lang": "th"})
        )
    assert MEMBER_6205 in own
    assert SECRET_MEMBER_6201 not in other and "ยังไม่มีข้อมูล" in other
    entries = read_audit(open_store(two_provinces), "62")
    assert any(e["action"] == "view_members" and e["detail"] == "6205/6205-001" for e in entries)


def test_club_page_callbacks_keep_untrusted_text_as_text(app: Any) -> None:
    with as_user(app, DIRECTOR):
        state = {"district": "6205", "club": "6205-001", "lang": "th"}
        head = page("club").show_head(state)
        partners = go.Figure(page("club").show_partners(state))
        timeline = go.Figure(page("club").show_timeline(state))
    assert XSS_CLUB in str(head)
    assert "&lt;script&gt;" in str(partners.data[0].y)
    assert XSS_PARTNER not in str(partners.to_plotly_json())
    assert timeline.layout.shapes[0].y0 == 0.7


def test_meeting_attendance_is_audited(app: Any, two_provinces: Any) -> None:
    with as_user(app, DIRECTOR):
        shown = str(
            page("club").show_meeting(
                {"district": "6201", "club": "6201-001", "meeting": "2568-01", "lang": "th"}
            )
        )
    assert SECRET_MEMBER_6201 in shown
    entries = read_audit(open_store(two_provinces), "62")
    assert any(
        e["action"] == "view_attendance" and e["detail"] == "6201/6201-001/2568-01" for e in entries
    )


def test_district_quality_and_compare_callbacks(app: Any) -> None:
    with as_user(app, DIRECTOR):
        grid = go.Figure(page("district").show_grid({"district": "6205", "fy": 2568, "lang": "en"}))
        rejected = str(page("quality").show_rejected({"district": "6201", "lang": "en"}))
        table = str(
            page("compare").show_table({"clubs": ["6205/6205-001", "6201/6201-002"], "lang": "en"})
        )
    assert (
        len(grid.data[0].y) == 4
        and "&lt;img"
        in grid.data[0].y[0] + grid.data[0].y[1] + grid.data[0].y[2] + grid.data[0].y[3]
    )
    assert "bad date" in rejected and "=1+1" in rejected  # shown as text on screen
    assert "6205-001" in table and "6201-002" in table


def test_rejected_rows_by_reason_in_words_with_where_most_are(app: Any) -> None:
    with as_user(app, DIRECTOR):
        english = page("quality").show_reasons({"province": "62", "lang": "en"})
        thai = str(page("quality").show_reasons({"province": "62", "lang": "th"}))
    rows = table_rows(english)
    # each of the two districts rejected one bad date and one bad number: ties, broken by reason code and district code
    assert rows == [
        ["the date cannot be read", "2", "2", formats.district_name("6201", "en")],
        ["not a valid number", "2", "2", formats.district_name("6201", "en")],
    ]
    assert "อ่านวันที่ไม่ได้" in thai and "bad_date" not in thai


def test_errors_become_a_message_not_a_traceback(app: Any, monkeypatch: Any) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("warehouse.queries.headline", broken)
    with as_user(app, DIRECTOR):
        shown = str(page("overview").show_kpis({"fy": 2568}))
    assert "เกิดข้อผิดพลาด" in shown and "boom" not in shown and "Traceback" not in shown


def test_figures_of_empty_frames_say_so_in_the_language() -> None:
    figure = go.Figure(figures.trend(pl.DataFrame(), "en"))
    assert figure.layout.annotations[0].text == _("en", "No data you may see yet")
    assert go.Figure(figures.criteria_bars(pl.DataFrame(), "th")).layout.title.text == _(
        "th", "Pass rate of each criterion (which fails most)"
    )


def test_fiscal_years_and_dates_in_each_language() -> None:
    from datetime import date

    assert formats.fiscal_year(2568, "th") == "ปีงบประมาณ 2568"
    assert formats.fiscal_year(2568, "en") == "FY 2568 (2024–25)"
    assert formats.day(date(2016, 3, 15), "th") == "15 มี.ค. 2559"
    assert formats.day(date(2016, 3, 15), "en") == "15 Mar 2016"
    assert (
        exports.neutralised("=1+1") == "'=1+1"
        and exports.neutralised("\tx") == "'\tx"
        and exports.neutralised("ok") == "ok"
    )
