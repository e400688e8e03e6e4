"""The exemplars and knowledge-record pages' callbacks: as plain functions, and forged requests."""

from __future__ import annotations

import base64
import io
import json
from typing import Any

import dash
import docx
import plotly.graph_objects as go
import polars as pl

from accounts.audit import read as read_audit
from accounts.scope import Scope
from accounts.store import open_store
from dashboard import cache, reasons
from tests.dashboard.conftest import CLUB_6201, SECRET_KNOWLEDGE_6201, XSS_CLUB, call
from tests.dashboard.support import DIRECTOR, OFFICER, as_user, fires_on_mount, first_view, page

NATIONAL = Scope("national", "national", None)
STATE = {"fy": 2568, "lang": "th"}


def test_candidates_show_every_part_and_strong_clubs_say_why(app: Any) -> None:
    with as_user(app, DIRECTOR):
        table = str(page("exemplars").show_candidates(STATE, 0))
        figure = go.Figure(
            page("exemplars").show_figure(STATE)
        )  # kept as the plain dict it is sent as
        weights = str(page("exemplars").show_weights(STATE))
        strong = str(page("exemplars").show_strong(STATE))
    assert XSS_CLUB in table and CLUB_6201 in table and "ผ่านมาตรฐานต่อเนื่อง" in table
    assert [t.name for t in figure.data] == [
        "ผ่านมาตรฐานต่อเนื่อง",
        "ขั้นตอนที่ 5–7",  # the en dash of a range
        "การเข้าประชุม",
        "ภาคีเครือข่าย",
        "การคงอยู่ของสมาชิก",
        "สมาชิกเพิ่มขึ้น",
        "แนวโน้ม",
    ]
    assert "&lt;img" in " ".join(figure.data[0].y) and XSS_CLUB not in str(figure.to_plotly_json())
    total = sum(figure.data[n].x[0] for n in range(7))  # the parts' points add up to the score
    assert f"{total:.1f}" in table
    assert "0.30" in weights and "30.0" in weights
    assert "ชมรมเมืองกำแพงเพชร 3" in strong and "ยังไม่ได้เผยแพร่ผลการดำเนินงานในปีนี้" in strong


def test_national_reads_the_page_without_the_workflow(app: Any) -> None:
    with as_user(app, NATIONAL):
        shown = str(page("exemplars").layout(province="62", fy="2568"))
        table = str(page("exemplars").show_candidates({"province": "62", "fy": 2568}, 0))
        choices = page("exemplars").show_choices({"province": "62", "fy": 2568}, 0)
    assert "ส่วนกลางดูได้อย่างเดียว" in shown and "exemplars-submit" not in shown
    assert XSS_CLUB in table
    assert choices == ([], None)


def test_an_officer_cannot_select_through_the_page(app: Any, two_provinces: Any) -> None:
    with as_user(app, OFFICER):
        said = str(page("exemplars").submit(1, "6205/6205-004", "select", "ดีมาก", STATE, 0))
        offered = page("exemplars").show_actions("6205/6205-004", STATE)
    assert "ท่านไม่มีสิทธิ์ดำเนินการนี้กับชมรมนี้" in said
    assert offered == ([{"label": "เสนอชื่อ", "value": "propose"}], "propose")
    query = "select count(*) from exemplar_decisions where club_id = :club and action = 'select'"
    assert open_store(two_provinces).execute(query, {"club": "6205-004"}).scalar() == 0


def test_a_director_of_another_province_cannot_act_by_a_forged_request(
    client_as: Any, two_provinces: Any
) -> None:
    client = client_as("director10")
    submit = next(
        d
        for d in client.get("/_dash-dependencies").json
        if d["output"].startswith("..exemplars-feedback.children")
    )
    values = {
        "exemplars-submit.n_clicks": 1,
        "exemplars-club.value": "6205/6205-004",
        "exemplars-action.value": "propose",
        "exemplars-reason.value": "ปลอม",
        "exemplars-state.data": {"province": "62", "district": "6205", "fy": 2568},
        "exemplars-version.data": 0,
    }
    response = call(client, submit, values)
    assert response.status_code == 200 and "ท่านไม่มีสิทธิ์" in json.dumps(
        response.json, ensure_ascii=False
    )
    query = (
        "select count(*) from exemplar_decisions where username = :name and province_code = '62'"
    )
    assert open_store(two_provinces).execute(query, {"name": "director10"}).scalar() == 0


def test_the_knowledge_record_downloads_as_a_docx_for_its_editors_only(
    app: Any, two_provinces: Any
) -> None:
    state = {"district": "6201", "club": "6201-001", "fy": 2568, "lang": "th"}
    with as_user(app, DIRECTOR):
        sent = page("knowledge").download(1, state)
    with as_user(app, OFFICER):
        refused = page("knowledge").download(1, state)
        saved = page("knowledge").save(1, *([""] * 11), state)
    document = docx.Document(io.BytesIO(base64.b64decode(sent["content"])))
    text = "\n".join(p.text for p in document.paragraphs)
    assert sent["filename"] == "tonbaeb-knowledge-6201-001-2568.docx"
    assert SECRET_KNOWLEDGE_6201 in text and f"{CLUB_6201} 1" in text and "ชมรมมีสมาชิก ๑๐ คน" in text
    assert refused is dash.no_update and "แบบบันทึกองค์ความรู้ดูและแก้ไขได้เฉพาะ" in str(saved)
    entries = read_audit(open_store(two_provinces), "62")
    assert any(
        e["action"] == "export_knowledge_record" and e["detail"] == "6201/6201-001 fy 2568"
        for e in entries
    )


def test_reasons_are_sentences_with_what_was_wrong_with_the_year() -> None:
    late = {"reasons": ["late"], "days_late": 40, "missing_sheets": [], "rejected_share": 0.01}
    incomplete = {"reasons": ["missing_sheets", "too_many_rejected"], "days_late": None,
                  "missing_sheets": ["governance"], "rejected_share": 0.125}  # fmt: skip
    years = reasons.district_years(pl.DataFrame([
        {"district_code": "6205", "fiscal_year": 2567} | late,
        {"district_code": "6205", "fiscal_year": 2568} | incomplete,
    ]))  # fmt: skip
    codes = ["no_publicity", "district_late:2567", "district_incomplete:2568"]
    assert reasons.sentences(codes, "6205", years, "en") == (
        "has not publicised its results this year · "
        "Khlong Khlung's FY 2567 submission arrived 40 days late · "
        "Khlong Khlung's FY 2568 submission is incomplete: missing sheets governance; "
        "12.5% of the rows read were rejected"
    )
    assert (
        reasons.sentence("district_late:2567", "6205", years, "th")
        == "อำเภอคลองขลุงส่งข้อมูลปีงบประมาณ 2567 ล่าช้า 40 วัน"
    )


def test_the_first_view_is_the_routers_one_answer(client_as: Any) -> None:
    client = client_as("director62")
    shown = first_view(client, "/exemplars", "?fy=2568")
    assert XSS_CLUB in shown and f"{CLUB_6201} 1" in shown  # the candidates
    assert "ผ่านมาตรฐานต่อเนื่อง" in shown and '"type": "bar"' in shown  # the figure's parts
    assert "0.30" in shown  # how the score is made
    assert "ต้นแบบด้านการประชุม" in shown  # the history (the fixture's decision)
    assert "ยังไม่ได้เผยแพร่ผลการดำเนินงานในปีนี้" in shown  # why strong clubs are not candidates
    assert '"value": "6205/6205-003"' in shown  # the clubs the director may act on
    assert fires_on_mount(client, "exemplars-") == []


def test_a_failing_section_says_so_and_the_rest_still_draws(app: Any, monkeypatch: Any) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("warehouse.queries.strong_non_candidates", broken)
    cache.clear()  # the section is kept once drawn: a query failing now must be what draws it
    with as_user(app, DIRECTOR):
        shown = str(page("exemplars").layout(fy="2568"))
    assert "เกิดข้อผิดพลาด" in shown and "boom" not in shown
    assert XSS_CLUB in shown and "0.30" in shown
