"""Every callback, replayed with another tenant's and another district's identifiers.

Callbacks are enumerated from the app's own /_dash-dependencies, so callbacks added
later are covered without editing this file.
"""

from __future__ import annotations

import base64
import io
import zipfile
from typing import Any

import pytest

from tests.dashboard.conftest import (
    CLUB_6201,
    SECRET_CLUB_10,
    SECRET_COUNT_10,
    SECRET_KNOWLEDGE_10,
    SECRET_KNOWLEDGE_6201,
    SECRET_MEMBER_10,
    SECRET_MEMBER_6201,
    SECRET_REASON_10,
    SECRET_VALUE_6201,
    call,
)
from tests.dashboard.support import visible_text

PAGES = (
    "/",
    "/scorecard",
    "/leaderboard",
    "/district",
    "/club",
    "/quality",
    "/compare",
    "/exemplars",
    "/knowledge",
    "/knowledge/print",
    "/plan",
    "/submit",
    "/approval",
    "/nowhere",
)
SEARCHES = (
    "?province=10&district=1001&club=1001-001&fy=2568&meeting=2568-01",
    "?province=10&district=1001&club=1001-001&lang=en&clubs=1001/1001-001,1002/1002-001",
    "?province=10&district=1001&fy=2568&provisional=1",  # provisional figures asked for
    "?district=6201&club=6201-001&fy=2568&meeting=2568-01&clubs=6201/6201-001",
    "?district=6201&club=6201-001",
    "?district=../../10&club=';drop table clubs;--&fy=abc&province=1%27",
    "",
)
FORGED = (
    "10",
    "1001",
    "1002",
    "6201",
    "6201-001",
    "1001-001",
    "1001/1001-001",
    None,
    2568,
    -1,
    10**12,
    "' or 1=1 --",
    "",
    ["10", "1001"],
    {"province": "10", "district": "1001"},
    True,
)
# An upload (the /submit page) naming another tenant's district: a zip of one clubs.csv of 1001.
_UPLOAD = io.BytesIO()
with zipfile.ZipFile(_UPLOAD, "w") as _archive:
    _archive.writestr(
        "clubs.csv", "club_id,name,network_type,subdistrict_code\n1001-001,x,other,100101\n"
    )
UPLOAD_URL = "data:application/zip;base64," + base64.b64encode(_UPLOAD.getvalue()).decode()
FORGED_STATES = (
    {
        "province": "10",
        "district": "1001",
        "club": "1001-001",
        "fy": 2568,
        "meeting": "2568-01",
        "clubs": ["1001/1001-001", "1002/1002-001"],
        "provisional": True,
    },
    {
        "province": "62",
        "district": "6201",
        "club": "6201-001",
        "fy": 2568,
        "meeting": "2568-01",
        "clubs": ["6201/6201-001"],
    },
    {"province": ["10"], "district": {"x": 1}, "fy": "2568", "clubs": "1001/1001-001"},
    "1001",
)


def attacks(dependency: dict[str, Any]) -> list[dict[str, Any]]:
    """Input and state values naming other tenants and districts (and garbage), for one callback."""
    names = [f"{i['id']}.{i['property']}" for i in dependency["inputs"] + dependency["state"]]
    plans: list[dict[str, Any]] = []
    for page in PAGES:
        for search in SEARCHES:
            plans.append({"_pages_location.pathname": page, "_pages_location.search": search})
    for state in FORGED_STATES:
        plans.append(
            {name: state for name in names if name.endswith("-state.data")}
            | {
                name: {
                    "startRow": 0,
                    "endRow": 1000,
                    "sortModel": [{"colId": "name", "sort": "asc"}],
                }
                for name in names
                if name.endswith("getRowsRequest")
            }
            | {name: 1 for name in names if name.endswith("n_clicks")}
            | {
                name: name.split(".")[0].removesuffix("-fold")
                for name in names
                if name.endswith(".active_item")  # the fold opened
            }
        )
    for forged in FORGED:
        values: dict[str, Any] = {}
        for name in names:
            if name.endswith("getRowsRequest"):
                values[name] = {
                    "startRow": forged if isinstance(forged, int) else 0,
                    "endRow": 10**9,
                    "sortModel": [{"colId": forged, "sort": "desc"}],
                    "filterModel": {"province": forged},
                }
            elif name.endswith("n_clicks"):
                values[name] = 1
            elif name.endswith(".search"):
                values[name] = f"?province=10&district=1001&club=1001-001&q={forged}"
            elif name.endswith(".contents"):
                values[name] = UPLOAD_URL if isinstance(forged, str) else forged
            elif name.endswith(".pathname"):
                values[name] = "/club"
            elif name.endswith("cellClicked"):
                values[name] = {"colId": "name", "rowId": "1001/1001-001", "value": forged}
            elif name.endswith("clickData"):
                values[name] = {"points": [{"customdata": [forged, "x"]}]}
            else:
                values[name] = forged
        plans.append(values)
    return plans


FOREIGN_10 = (
    SECRET_CLUB_10,
    SECRET_MEMBER_10,
    str(SECRET_COUNT_10),
    f"{SECRET_COUNT_10:,}",
    SECRET_REASON_10,
    SECRET_KNOWLEDGE_10,
)
RECORDS_6201 = (SECRET_MEMBER_6201, SECRET_VALUE_6201, SECRET_KNOWLEDGE_6201)


@pytest.mark.parametrize(
    ("username", "forbidden"),
    [
        ("director62", FOREIGN_10),
        ("officer6205", FOREIGN_10 + RECORDS_6201),
        (
            "national",
            (
                SECRET_MEMBER_6201,
                SECRET_MEMBER_10,
                SECRET_VALUE_6201,
                SECRET_KNOWLEDGE_6201,
                SECRET_KNOWLEDGE_10,
            ),
        ),
        ("director10", (*RECORDS_6201, CLUB_6201)),
        ("admin62", (*FOREIGN_10, *RECORDS_6201, CLUB_6201)),
    ],
)
def test_no_callback_leaks_across_tenants_or_districts(
    client_as: Any, username: str, forbidden: tuple[str, ...]
) -> None:
    client = client_as(username)
    dependencies = client.get("/_dash-dependencies").json
    assert len(dependencies) >= 12
    replayed = 0
    for dependency in dependencies:
        if dependency.get("clientside_function"):
            continue
        for values in attacks(dependency):
            response = call(client, dependency, values)
            text = visible_text(response)
            assert response.status_code in (200, 204), (dependency["output"], values, text[:300])
            assert "Traceback" not in text and "Internal Server Error" not in text
            for name in forbidden:
                assert name not in text, (username, name, dependency["output"], values)
            replayed += 1
    assert replayed > 500


def test_the_check_can_see_names_where_they_are_allowed(client_as: Any) -> None:
    """Positive control: the same replays do show a director their own district's member names."""
    client = client_as("director62")
    router = next(
        d
        for d in client.get("/_dash-dependencies").json
        if "_pages_content.children" in d["output"]
    )
    members = next(
        d for d in client.get("/_dash-dependencies").json if d["output"] == "club-members.children"
    )
    club = {
        "_pages_location.pathname": "/club",
        "_pages_location.search": "?district=6201&club=6201-001",
    }
    assert CLUB_6201 in visible_text(
        call(client, router, club)
    ) and SECRET_MEMBER_6201 not in visible_text(call(client, router, club))
    opened = {"club-members-list-fold.active_item": "club-members-list"}
    state = {"province": "62", "district": "6201", "club": "6201-001", "fy": 2568, "lang": "th"}
    assert SECRET_MEMBER_6201 in visible_text(
        call(client, members, opened | {"club-state.data": state})
    )
    client10 = client_as("director10")
    state = {"province": "10", "district": "1001", "club": "1001-001", "fy": 2568, "lang": "th"}
    assert SECRET_MEMBER_10 in visible_text(
        call(client10, members, opened | {"club-state.data": state})
    )
    dependencies = client10.get("/_dash-dependencies").json
    history = next(d for d in dependencies if d["output"] == "exemplars-history.children")
    response = call(
        client10, history, {"exemplars-state.data": {"fy": 2568}, "exemplars-version.data": 0}
    )
    assert SECRET_REASON_10 in visible_text(response)
    dependencies = client.get("/_dash-dependencies").json
    page = next(d for d in dependencies if "_pages_content.children" in d["output"])
    search = "?district=6201&club=6201-001&fy=2568"
    for path in ("/knowledge", "/knowledge/print"):
        where = {"_pages_location.pathname": path, "_pages_location.search": search}
        assert SECRET_KNOWLEDGE_6201 in visible_text(call(client, page, where)), path
    for path, own, own_10 in (
        ("/exemplars", f"{CLUB_6201} 1", SECRET_REASON_10),
        ("/plan", CLUB_6201, SECRET_CLUB_10),
    ):
        where = {
            "_pages_location.pathname": path,
            "_pages_location.search": "?fy=2568",
        }  # the first view, drawn by the layout
        assert own in visible_text(call(client, page, where)), path
        assert own_10 in visible_text(call(client10, page, where)), path
    plan = next(d for d in dependencies if "plan-pairs.children" in d["output"])
    assert CLUB_6201 in visible_text(call(client, plan, {"plan-state.data": {"fy": 2568}}))
    plan_10 = next(
        d for d in client10.get("/_dash-dependencies").json if "plan-pairs.children" in d["output"]
    )
    assert SECRET_CLUB_10 in visible_text(
        call(client10, plan_10, {"plan-state.data": {"fy": 2568}})
    )


def test_unauthenticated_callbacks_get_nothing(app: Any) -> None:
    client = app.server.test_client()
    response = client.post("/_dash-update-component", json={"output": "app-nav.children"})
    assert response.status_code == 401
    assert client.get("/_dash-dependencies").status_code == 401
    assert client.get("/_dash-layout").status_code == 401


def test_the_check_sees_what_the_new_views_may_show(client_as: Any) -> None:
    """Positive control for the scorecard, the leaderboard's count and sort, quality by period and the
    province picker: replayed as the browser would, each shows its own tenant's data."""
    client10 = client_as("director10")
    dependencies = {d["output"]: d for d in client10.get("/_dash-dependencies").json}
    page = next(d for o, d in dependencies.items() if "_pages_content.children" in o)
    scorecard = call(
        client10,
        page,
        {"_pages_location.pathname": "/scorecard", "_pages_location.search": "?fy=2568&lang=th"},
    )
    assert "พระนคร" in visible_text(scorecard) and "ทั้งจังหวัด" in visible_text(
        scorecard
    )  # district 1001 of Bangkok
    rows = next(d for o, d in dependencies.items() if "leaderboard-count.children" in o)
    answer = visible_text(
        call(
            client10,
            rows,
            {
                "leaderboard-grid.getRowsRequest": {"startRow": 0, "endRow": 10},
                "leaderboard-state.data": {"fy": 2568},
            },
        )
    )
    assert SECRET_CLUB_10 in answer and "พบ 6 ชมรม" in answer
    periods = call(
        client10,
        page,
        {"_pages_location.pathname": "/quality", "_pages_location.search": "?fy=2568&lang=th"},
    )
    assert "พระนคร" in visible_text(periods) and "ข้อมูลย้อนหลัง" in visible_text(periods)
    overdue = call(
        client10,
        dependencies["quality-overdue.data"],
        {"quality-overdue-button.n_clicks": 1, "quality-state.data": {"fy": 2568}},
    )
    assert "ยังไม่ได้ส่ง" in visible_text(overdue)  # Bangkok's districts that sent nothing
    national = client_as("national")
    dependencies = {d["output"]: d for d in national.get("/_dash-dependencies").json}
    league = visible_text(
        call(
            national,
            page,
            {"_pages_location.pathname": "/scorecard", "_pages_location.search": "?fy=2568"},
        )
    )
    assert "กรุงเทพมหานคร" in league and "กำแพงเพชร" in league
    picked = next(
        d
        for o, d in dependencies.items()
        if o.startswith("_pages_location.search") and d["inputs"][0]["id"] == "app-province"
    )
    moved = call(
        national, picked, {"app-province.value": "10", "_pages_location.search": "?district=6201"}
    )
    assert "?province=10" in visible_text(moved) and "6201" not in visible_text(moved)
