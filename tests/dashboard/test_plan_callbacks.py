"""The expansion plan page's callbacks: as plain functions inside a user's request, and as forged
requests through the real Dash endpoint.

The session's home has one selected exemplar in province 62 (6201-001) and networks in need
6201-002 and 6205-002 (whose name is a spreadsheet formula). Other tests may select 6205-003 as
well and propose plans of their own, so each test proposes the plan it needs first and asserts
only what holds either way.
"""

from __future__ import annotations

import base64
import io
import json
import re
from pathlib import Path
from typing import Any

import dash
import openpyxl
import plotly.graph_objects as go
import pytest

from accounts.audit import read as read_audit
from accounts.scope import Scope
from accounts.store import open_store
from core.texts import _
from dashboard import terms
from exemplars import expansion, plan_board, plans
from tests.dashboard.conftest import CLUB_6201, FORMULA_CLUB, SECRET_CLUB_10, call
from tests.dashboard.support import (
    DIRECTOR,
    OFFICER,
    as_user,
    fires_on_mount,
    first_view,
    page,
    table_of,
)

NATIONAL = Scope("national", "national", None)
STATE = {"fy": 2568, "lang": "th"}
EXEMPLAR, FAR = "6201/6201-001", "6205/6205-002"


def plan() -> Any:
    return page("plan")


def changes() -> Any:
    """The director's change callbacks (dashboard/pages/plan/changes.py)."""
    from dashboard.pages.plan import changes as plan_changes

    return plan_changes


def newest_pairs(home: Any, province: str = "62") -> list[tuple[str, str]]:
    """(exemplar club, mentee club) of the province's newest FY 2568 plan."""
    store = open_store(home)
    scope = Scope("reader", "director", province)
    newest = plans.latest_plan(store, scope, province, 2568)
    assert newest is not None
    return [(p.exemplar[1], p.mentee[1]) for p in plans.plan_pairs(store, scope, newest)]


def remove_request(client: Any, mentee: str, state: dict[str, Any]) -> Any:
    """Press the remove button of one pair, as the browser would send it."""
    button = {"mentee": mentee, "type": "plan-remove"}
    changed = json.dumps(button, separators=(",", ":"), sort_keys=True) + ".n_clicks"
    dependency = next(
        d
        for d in client.get("/_dash-dependencies").json
        if "plan-remove" in json.dumps(d["inputs"])
    )
    body = {
        "output": dependency["output"],
        "outputs": [
            {"id": "plan-feedback", "property": "children"},
            {"id": "plan-version", "property": "data"},
        ],
        "inputs": [[{"id": button, "property": "n_clicks", "value": 1}]],
        "state": [
            {"id": "plan-state", "property": "data", "value": state},
            {"id": "plan-version", "property": "data", "value": 0},
        ],
        "changedPropIds": [changed],
    }
    return client.post("/_dash-update-component", json=body)


def test_the_director_proposes_and_sees_the_plan_on_the_map_and_in_the_table(app: Any) -> None:
    with as_user(app, DIRECTOR):
        said = str(changes().propose(1, 3, STATE, 0))
        headline, drawn_map, pairs, uncovered = plan().show_plan(STATE, 1)
    figure = go.Figure(drawn_map)
    assert "จัดทำแผนใหม่แล้ว: 2 คู่" in said
    shown = str(headline)
    assert "แผนปีงบประมาณ 2568 จัดทำโดย director62" in shown and "ต้นแบบละไม่เกิน 3" in shown
    table = str(pairs)
    assert f"{CLUB_6201} 1" in table and f"{CLUB_6201} 2" in table and FORMULA_CLUB in table
    assert "/club?district=6205&club=6205-002&lang=th" in table
    assert "plan-remove" in table  # the director may take pairs out
    assert "เครือข่ายที่ยังไม่ผ่านมาตรฐานทุกแห่งมีพี่เลี้ยงแล้ว" in str(uncovered)
    points = {
        tuple(c)
        for t in figure.data
        if t.customdata and len(t.customdata[0]) == 2
        for c in t.customdata
    }
    assert {("6201", "6201-001"), ("6201", "6201-002"), ("6205", "6205-002")} <= points
    lines = [t for t in figure.data if t.mode == "lines" and t.name == "คู่พี่เลี้ยง"]
    assert len(lines) == 1 and list(lines[0].x).count(None) == 2  # two pairs, one trace
    hovers = json.dumps([t.hovertext for t in figure.data if t.hovertext], ensure_ascii=False)
    assert "พี่เลี้ยง: " in hovers and "=HYPERLINK(&quot;" not in hovers


def test_the_workbook_is_the_plan_shown_with_formulas_neutralised_and_is_audited(
    app: Any, two_provinces: Any
) -> None:
    with as_user(app, DIRECTOR):
        changes().propose(1, 3, STATE, 0)
        sent = plan().download(1, STATE)
    assert sent["filename"] == "tonbaeb-plan-kamphaeng-phet-2568.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(sent["content"])))
    assert book.sheetnames == ["แผนขยายผล", "ยังไม่มีพี่เลี้ยง"]
    rows = table_of(book["แผนขยายผล"])
    assert rows[0][:4] == ("ชมรมต้นแบบ", "รหัสต้นแบบ", "อำเภอของต้นแบบ", "ประเภทของต้นแบบ")
    mentees = {r[5]: r for r in rows[1:]}
    assert set(mentees) == {"6201-002", "6205-002"}
    assert mentees["6205-002"][4] == "'" + FORMULA_CLUB  # text, never a formula
    assert mentees["6201-002"][4] == f"{CLUB_6201} 2" and mentees["6201-002"][6] == "เมืองกำแพงเพชร"
    assert all(isinstance(r[10], int | float) and r[10] > 0 for r in rows[1:])  # km, as numbers
    entries = read_audit(open_store(two_provinces), "62")
    assert any(e["action"] == "export_plan" and "fy=2568" in e["detail"] for e in entries)


def test_a_pair_taken_out_and_a_network_paired_by_hand(
    app: Any, client_as: Any, two_provinces: Any
) -> None:
    with as_user(app, DIRECTOR):
        changes().propose(1, 3, STATE, 0)
    response = remove_request(client_as("director62"), FAR, STATE)
    assert "นำ 6205-002 ออกจากแผนแล้ว" in json.dumps(response.json, ensure_ascii=False)
    assert "6205-002" not in {m for _e, m in newest_pairs(two_provinces)}
    with as_user(app, DIRECTOR):
        exemplars, _skip = plan().show_exemplars(STATE, 2)
        networks, _skip = plan().show_networks(EXEMPLAR, STATE)
        said = str(changes().pair(1, EXEMPLAR, FAR, STATE, 2))
        _headline, _figure, pairs, _uncovered = plan().show_plan(STATE, 3)
    assert EXEMPLAR in [o["value"] for o in exemplars]
    far = next(o for o in networks if o["value"] == FAR)
    assert (
        far["label"].startswith(FORMULA_CLUB)
        and "คลองขลุง" in far["label"]
        and "กม." in far["label"]
    )
    assert "จับคู่แล้ว: 6201-001 → 6205-002" in said
    assert ("6201-001", "6205-002") in newest_pairs(two_provinces)
    assert "จับคู่เอง" in str(pairs)


def test_officers_and_the_national_role_read_the_plan_but_change_nothing(
    app: Any, client_as: Any, two_provinces: Any
) -> None:
    with as_user(app, DIRECTOR):
        changes().propose(1, 3, STATE, 0)
    before = newest_pairs(two_provinces)
    for scope, where in ((OFFICER, {}), (NATIONAL, {"province": "62"})):
        state = STATE | where
        with as_user(app, scope):
            shown = str(plan().layout(fy="2568", **where))
            refused = str(changes().propose(1, 3, state, 0))
            paired = str(changes().pair(1, EXEMPLAR, FAR, state, 0))
            _headline, _figure, pairs, _uncovered = plan().show_plan(state, 0)
            assert plan().show_exemplars(state, 0) == ([], None)
        assert "ดูได้อย่างเดียว" in shown and "plan-propose" not in shown
        assert "เฉพาะพัฒนาการจังหวัดเท่านั้น" in refused and "เฉพาะพัฒนาการจังหวัดเท่านั้น" in paired
        assert f"{CLUB_6201} 2" in str(pairs) and "plan-remove" not in str(pairs)
    response = remove_request(client_as("officer6205"), FAR, STATE)
    assert "เฉพาะพัฒนาการจังหวัดเท่านั้น" in json.dumps(response.json, ensure_ascii=False)
    assert newest_pairs(two_provinces) == before


def test_another_provinces_director_cannot_change_this_plan_by_forged_requests(
    client_as: Any, two_provinces: Any
) -> None:
    before, before_10 = newest_pairs(two_provinces), newest_pairs(two_provinces, "10")
    client = client_as("director10")
    forged = {"province": "62", "fy": 2568, "lang": "th"}
    response = remove_request(client, "6201/6201-002", forged)
    said = json.dumps(response.json, ensure_ascii=False)
    assert "เครือข่ายนี้ไม่อยู่ในแผนแล้ว" in said  # looked for in province 10's own plan
    dependencies = client.get("/_dash-dependencies").json
    pair = next(
        d for d in dependencies if {"id": "plan-pair", "property": "n_clicks"} in d["inputs"]
    )
    values = {
        "plan-pair.n_clicks": 1,
        "plan-exemplar.value": EXEMPLAR,
        "plan-network.value": FAR,
        "plan-state.data": forged,
        "plan-version.data": 0,
    }
    said = json.dumps(call(client, pair, values).json, ensure_ascii=False)
    assert "ชมรมนี้ไม่ได้คัดเลือกเป็นต้นแบบของปีนี้" in said  # 6201-001 is no exemplar of 10
    assert newest_pairs(two_provinces) == before and newest_pairs(two_provinces, "10") == before_10
    shown = next(d for d in dependencies if "plan-pairs.children" in d["output"])
    text = json.dumps(call(client, shown, {"plan-state.data": forged}).json, ensure_ascii=False)
    assert SECRET_CLUB_10 in text and CLUB_6201 not in text  # their own province, never 62


def test_without_exemplars_the_page_says_to_select_them_first(app: Any) -> None:
    with as_user(app, DIRECTOR):
        shown = str(plan().layout(fy="2567"))
    assert "ยังไม่มีชมรมที่คัดเลือกเป็นต้นแบบในปีงบประมาณ 2567" in shown
    assert "/exemplars?fy=2567&lang=th" in shown and "plan-map" not in shown


def test_the_national_role_chooses_a_province_first(app: Any) -> None:
    with as_user(app, NATIONAL):
        shown = str(plan().layout(lang="en"))
    assert "Choose a province" in shown and "Whole country (2 of 77 provinces)" in shown
    assert "/plan?province=62&fy=2568&lang=en" in shown
    assert "/plan?province=10&fy=2568&lang=en" in shown


@pytest.mark.parametrize(
    ("click", "opened"),
    [
        (
            {"points": [{"customdata": ["6201", "6201-001"]}]},
            "/club?district=6201&club=6201-001&lang=th",
        ),
        ({"points": [{"customdata": ["6201"]}]}, dash.no_update),
        ({"points": [{"customdata": ["1001", "1001-001"]}]}, dash.no_update),
    ],
)
def test_a_click_on_a_club_point_opens_its_page(app: Any, click: Any, opened: object) -> None:
    with as_user(app, DIRECTOR):
        assert plan().open_clicked(click, STATE) == opened


def test_every_refusal_reason_and_note_reads_in_both_languages() -> None:
    source = (Path(expansion.__file__)).read_text(encoding="utf-8")
    codes = set(re.findall(r'PlanError\("([a-z_]+)"\)', source)) | {"choose"}
    reasons = {plan_board.OUT_OF_REACH, plan_board.FULL, plan_board.ROOM}
    notes = {plan_board.EXEMPLAR_NOT_SELECTED, plan_board.MENTEE_NOT_IN_NEED}
    tables = ((terms.PLAN_REFUSALS, codes), (terms.PLAN_WHY, reasons), (terms.PLAN_NOTES, notes))
    tables += ((terms.PLAN_ORIGINS, {"proposed", "manual"}),)
    for table, keys in tables:
        for key in keys:
            th, en = _("th", table[key]), _("en", table[key])
            assert th and en and th != en, key
    assert len(codes) >= 10


def test_the_first_view_is_the_routers_one_answer(app: Any, client_as: Any) -> None:
    with as_user(app, DIRECTOR):
        changes().propose(1, 3, STATE, 0)
    client = client_as("director62")
    remove_request(client, FAR, STATE)  # so that an exemplar has a network to take by hand
    shown = first_view(client, "/plan", "?fy=2568")
    assert "แผนปีงบประมาณ 2568 จัดทำโดย director62" in shown  # the headline
    assert f"{CLUB_6201} 2" in shown and "plan-remove" in shown  # the pairs, removable
    assert "คู่พี่เลี้ยง" in shown  # the map's pair lines
    assert f'"value": "{EXEMPLAR}"' in shown  # the exemplars to pair by hand
    assert fires_on_mount(client, "plan-") == []
