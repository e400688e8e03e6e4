"""Two published provinces (62 and 10) built by direct inserts, accounts of every role, clients.

Names are distinctive per province and district, so a test can tell whether anything of
another tenant or district leaked into a response. For the browser tests: the app on a loopback
server and headless Chromium, one of each per test module (what they do with it: tests/browser.py).
Helpers for calling callbacks and reading the router's answers: support.py.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import threading
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import flask.testing
import polars as pl
import pytest
from werkzeug.serving import make_server

os.environ.setdefault("TONBAEB_FAST_HASH", "1")

from accounts.scope import Scope
from accounts.store import open_store
from accounts.users import add_user
from core.home import Home
from etl.geo import load_boundaries
from exemplars import decisions, expansion, knowledge
from tests.conftest import PROVINCES_FILE, districts_of, shared_geo
from warehouse import approvals, metrics, sql
from warehouse.publish import new_version, province_lock
from warehouse.rules import load_rules

PASSWORD = "correct-horse-62"
NOW = datetime(2026, 11, 24, 9, 0)
SECRET_CLUB_10 = "ชมรมลับจังหวัดสิบ"  # prefix of every club name of province 10
SECRET_MEMBER_10 = "สมาชิกลับสิบ"
SECRET_MEMBER_6201 = "สมศรี ลับเฉพาะเมือง"  # prefix of every member name of district 6201
SECRET_VALUE_6201 = "ค่าลับหกสองศูนย์หนึ่ง"  # a rejected raw value of district 6201
SECRET_COUNT_10 = 98765  # members of province 10 in its roll-ups
CLUB_6201 = "ชมรมเมืองกำแพงเพชร"
MEMBER_6205 = "สมชาย คลองขลุง"
XSS_CLUB = "<img src=x onerror=alert(1)>"
XSS_PARTNER = "<script>alert(1)</script>"
FORMULA_CLUB = '=HYPERLINK("http://x","y")'
SECRET_REASON_10 = "เหตุผลลับจังหวัดสิบ"  # a decision's reason in province 10
SECRET_KNOWLEDGE_10 = "ขุมความรู้ลับจังหวัดสิบ"  # a knowledge record's text in province 10
SECRET_KNOWLEDGE_6201 = "ขุมความรู้ลับเมืองกำแพงเพชร"  # a knowledge record's text of district 6201
# Clubs passing all nine criteria in both years: exemplar candidates of FY 2568.
MODEL_CLUBS = {("6205", 1), ("6205", 3), ("6205", 4), ("6201", 1), ("1001", 1)}
YEARS = (2567, 2568)
CRITERIA = (
    "committee",
    "rules",
    "meetings",
    "capacity",
    "problem_partner",
    "forum",
    "evaluation",
    "knowledge",
    "publicity",
)
ACCOUNTS = {
    "director62": ("director", "62", None),
    "officer6205": ("officer", "62", "6205"),
    "officer6201": ("officer", "62", "6201"),
    "director10": ("director", "10", None),
    "national": ("national", None, None),
    "admin62": ("admin", "62", None),
}
DISTRICTS = {"62": ("6201", "6205"), "10": ("1001", "1002")}
OWN_PLACE = ("6205-003", 99.70, 16.25)  # the one club with coordinates (inside Khlong Khlung)


def club_names(district: str) -> list[str]:
    """The distinctive names of a district's clubs (club ids DDDD-001 ...)."""
    if district.startswith("10"):
        return [f"{SECRET_CLUB_10} {district}-{n}" for n in range(1, 4)]
    if district == "6205":
        return [XSS_CLUB, FORMULA_CLUB, "ชมรมอาสาคลองขลุง", "กลุ่มออมทรัพย์คลองขลุง"]
    return [f"{CLUB_6201} {n}" for n in range(1, 4)]


def member_name(district: str, club: int, member: int) -> str:
    """A member's distinctive name."""
    prefix = {"6201": SECRET_MEMBER_6201, "6205": MEMBER_6205}.get(district, SECRET_MEMBER_10)
    return f"{prefix} {club}-{member}"


def _fy_start(year: int) -> date:
    return date(year - 544, 10, 1)


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]]) -> None:
    if rows:
        frame = pl.DataFrame(rows, infer_schema_length=None)  # noqa: F841 (read by name below)
        con.execute(f"insert into {table} by name select * from frame")


def _province_rows(province: str) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {
        t: []
        for t in (
            "clubs",
            "members",
            "meetings",
            "attendance",
            "activities",
            "governance",
            "club_year_compliance",
            "load_batches",
            "load_sheets",
            "rejected_rows",
        )
    }
    for district in DISTRICTS[province]:
        batch = f"b-{district}"
        names = club_names(district)
        for n, name in enumerate(names, start=1):
            club = f"{district}-{n:03d}"
            base = {
                "province_code": province,
                "district_code": district,
                "club_id": club,
                "batch_id": batch,
            }
            lon, lat = OWN_PLACE[1:] if club == OWN_PLACE[0] else (None, None)
            rows["clubs"].append(
                base
                | {
                    "name": name,
                    "network_type": ("cdv_club", "women", "savings", "otop")[n % 4],
                    "subdistrict_code": f"{district}01",
                    "founded_on": date(2015, 1, n),
                    "entered_standard_fy": 2566,
                    "lon": lon,
                    "lat": lat,
                }
            )
            for m in range(1, 11):
                rows["members"].append(
                    base
                    | {
                        "member_id": f"M{m:02d}",
                        "full_name": member_name(district, n, m),
                        "person_key": f"k{district}{n}{m}",
                        "gender": "FM"[m % 2],
                        "role": ("chair", "secretary", "treasurer")[m - 1] if m <= 3 else "member",
                        "joined_on": date(2022, 1, 1),
                        "left_on": None,
                    }
                )
            for y, year in enumerate(YEARS):
                start = _fy_start(year)
                for k in range(4):
                    meeting = f"{year}-{k + 1:02d}"
                    attendees = None if k == 0 else 5 + ((n + k + y) % 6)
                    rows["meetings"].append(
                        base
                        | {
                            "meeting_id": meeting,
                            "held_on": start + timedelta(days=40 + 80 * k),
                            "fiscal_year": year,
                            "kind": ("regular", "community_forum", "regular", "evaluation_forum")[
                                k
                            ],
                            "attendees": attendees,
                        }
                    )
                    if attendees is None:
                        for m in range(1, 9):
                            rows["attendance"].append(
                                base | {"meeting_id": meeting, "member_id": f"M{m:02d}"}
                            )
                for k, kind in enumerate(
                    (
                        "capacity_building",
                        "capacity_building",
                        "problem_solving",
                        "partner_joint",
                        "partner_joint",
                        "publicity",
                    )
                ):
                    partner = None
                    if kind == "partner_joint":
                        partner = (
                            XSS_PARTNER
                            if (district, n, k) == ("6205", 1, 3)
                            else f"อบต.ภาคี {district}-{k}"
                        )
                    rows["activities"].append(
                        base
                        | {
                            "activity_id": f"A{year}-{k}",
                            "held_on": start + timedelta(days=30 + 40 * k),
                            "fiscal_year": year,
                            "kind": kind,
                            "title": f"กิจกรรม {kind} {year}",
                            "partner_org": partner,
                            "participants": 12,
                        }
                    )
                failing = (
                    -1 if (n + y) % 2 == 0 else (n + y + int(district)) % 5
                )  # a failing core criterion
                passes = {
                    c: i != failing and (i < 5 or (n + i + y) % 3 != 0)
                    for i, c in enumerate(CRITERIA)
                }
                if (district, n) in MODEL_CLUBS:
                    passes = dict.fromkeys(CRITERIA, True)
                meets = all(passes[c] for c in CRITERIA[:5])
                members_end = SECRET_COUNT_10 if province == "10" else 10
                rows["club_year_compliance"].append(
                    {
                        "province_code": province,
                        "district_code": district,
                        "club_id": club,
                        "fiscal_year": year,
                    }
                    | passes
                    | {
                        "meets_standard": meets,
                        "qualifying_meetings": 3,
                        "meetings_held": 4,
                        "attendance_rate": 0.55 + 0.1 * ((n + y) % 4),
                        "score": 100.0 * sum(passes.values()) / 9,
                        "members_end": members_end,
                        "capacity_activities": 2,
                        "problem_solving_activities": 1,
                        "partner_activities": 2,
                        "distinct_partners": 2,
                        "rules_version": "2568.1",
                    }
                )
            rows["governance"].append(
                base
                | {
                    "record_number": 2,
                    "kind": "committee_appointed",
                    "effective_on": date(2023, 1, 1),
                    "expires_on": None,
                    "document_ref": f"คำสั่ง {n}/2566",
                }
            )
            rows["governance"].append(
                base
                | {
                    "record_number": 3,
                    "kind": "rules_adopted",
                    "effective_on": date(2023, 2, 1),
                    "expires_on": None,
                    "document_ref": None,
                }
            )
        rows["load_batches"].append(
            {
                "batch_id": batch,
                "province_code": province,
                "district_code": district,
                "source": f"inbox/{district}.xlsx",
                "content_sha256": "0" * 64,
                "started_at": NOW - timedelta(days=3),
                "finished_at": NOW - timedelta(days=3) + timedelta(minutes=1),
                "status": "loaded",
                "rows_read": 120,
                "rows_loaded": 118,
                "rows_rejected": 2,
                "message": None,
                "latest_fiscal_year": YEARS[-1],
                "rules_version": "2568.1",
            }
        )
        for sheet in ("clubs", "members", "meetings", "activities", "governance"):
            rows["load_sheets"].append(
                {
                    "batch_id": batch,
                    "district_code": district,
                    "sheet": sheet,
                    "rows_read": 24,
                    "rows_loaded": 23 if sheet in ("members", "meetings") else 24,
                    "rows_rejected": 1 if sheet in ("members", "meetings") else 0,
                }
            )
        secret = SECRET_VALUE_6201 if district == "6201" else f"ค่าผิด {district}"
        for r, (sheet, reason) in enumerate((("members", "bad_date"), ("meetings", "bad_number"))):
            rows["rejected_rows"].append(
                {
                    "batch_id": batch,
                    "province_code": province,
                    "district_code": district,
                    "source": f"inbox/{district}.xlsx",
                    "sheet": sheet,
                    "row_number": 5 + r,
                    "column_name": "joined_on" if r == 0 else "attendees",
                    "raw_value": secret if r == 0 else "=1+1",
                    "reason_code": reason,
                    "message": "วันที่ไม่ถูกต้อง / bad date",
                    "message_th": "วันที่ไม่ถูกต้อง",
                    "message_en": "bad date",
                }
            )
    return rows


SUMMARY = """
insert into {table} by name
select province_code, {by} fiscal_year, count(*)::integer as clubs,
       (count(*) filter (where meets_standard))::integer as clubs_meeting_standard,
       avg(meets_standard::integer) as meets_share,
       {rates},
       sum(members_end)::integer as members, sum(meetings_held)::integer as meetings_held,
       avg(attendance_rate) as mean_attendance, null as meets_share_change
from club_year_compliance group by all
"""
CLUB_SCORES = """
select c.province_code, c.district_code, c.club_id, k.name, k.network_type, k.subdistrict_code,
       c.* exclude (province_code, district_code, club_id)
from club_year_compliance c join clubs k on k.district_code = c.district_code and k.club_id = c.club_id
"""


def publish_province(home: Home, province: str) -> None:
    """Publish one province's warehouse version and its roll-up files."""
    rows = _province_rows(province)
    rates = ", ".join(f"avg({c}::integer) as {c}_rate" for c in CRITERIA)
    files: dict[str, bytes] = {}
    with province_lock(home, province), new_version(home, province, lambda _con: files) as con:
        for table, table_rows in rows.items():
            _insert(con, table, table_rows)
        metrics.ensure_exemplar_rules(
            con, province, dataclasses.replace(load_rules(None), version="2568.1")
        )
        for model in metrics.CLUB_MODELS[1:]:  # the real exemplar models, over these rows
            con.execute(
                f"insert into {model} by name " + sql.text(model),
                {"districts": list(DISTRICTS[province])},
            )
        con.execute(SUMMARY.format(table="district_year_summary", by="district_code,", rates=rates))
        con.execute(SUMMARY.format(table="province_year_summary", by="", rates=rates))
        for table in ("district_year_summary", "province_year_summary"):
            con.execute(
                f"update {table} t set meets_share_change = t.meets_share - p.meets_share from {table} p "
                f"where p.fiscal_year = t.fiscal_year - 1 and p.province_code = t.province_code"
                + (" and p.district_code = t.district_code" if table.startswith("district") else "")
            )
        for name, query in (
            (
                "province_year_summary.parquet",
                "select * from province_year_summary order by fiscal_year",
            ),
            (
                "district_year_summary.parquet",
                "select * from district_year_summary order by district_code, fiscal_year",
            ),
            ("club_scores.parquet", CLUB_SCORES),
        ):
            buffer = io.BytesIO()
            con.sql(query).pl().write_parquet(buffer)
            files[name] = buffer.getvalue()


@pytest.fixture(scope="session")
def two_provinces(tmp_path_factory: pytest.TempPathFactory) -> Home:
    """Provinces 62 and 10 published, boundaries (all provinces, their districts), every role."""
    root = tmp_path_factory.mktemp("dash")
    home = Home(root / "home")
    for province in DISTRICTS:
        publish_province(home, province)
    load_boundaries(home, str(shared_geo() / PROVINCES_FILE))
    load_boundaries(home, str(districts_of(tuple(DISTRICTS), root / "districts-62-10.geojson")))
    store = open_store(home)
    for username, (role, province, district) in ACCOUNTS.items():
        add_user(store, username, role, province, district, PASSWORD)
    decide_and_record(store, home)
    plan_both(store, home)
    approve_all_years(store, home)
    store.close()
    return home


def approve_all_years(store: Any, home: Home) -> None:
    """Every district's years approved (as history), so national views show every figure."""
    at = (NOW - timedelta(days=2)).timestamp()
    for province in DISTRICTS:
        director = Scope(f"director{province}", "director", province)
        approvals.approve_history(store, home, director, province, max(YEARS) + 1, at=at)


def decide_and_record(store: Any, home: Home) -> None:
    """Selected exemplars with knowledge records in 6201 and in province 10 (distinctive texts)."""
    at = (NOW - timedelta(days=1)).timestamp()
    for director, district, reason, secret in (
        (Scope("director62", "director", "62"), "6201", "ต้นแบบด้านการประชุม", SECRET_KNOWLEDGE_6201),
        (Scope("director10", "director", "10"), "1001", SECRET_REASON_10, SECRET_KNOWLEDGE_10),
    ):
        club = f"{district}-001"
        officer = Scope(f"officer{district}", "officer", district[:2], district)
        for scope, action in ((officer, "propose"), (director, "select")):  # four eyes
            decisions.decide(store, home, scope, action, district, club, 2568, reason, at=at)
        fields = knowledge.record(store, home, director, district, club, 2568).fields | {
            "assets": secret
        }
        knowledge.save(store, home, director, district, club, 2568, fields, at=at)


def plan_both(store: Any, home: Home) -> None:
    """An expansion plan of FY 2568 in each province: 6201-001 mentors 6201-002 and, across
    the border, 6205-002; 1001-001 mentors 1001-002 and 1002-002 (province 10's secret names)."""
    for director in (Scope("director62", "director", "62"), Scope("director10", "director", "10")):
        expansion.propose_plan(
            store, home, director, director.province_code, 2568, 3, now=NOW.timestamp()
        )


@pytest.fixture(scope="session")
def app(two_provinces: Home) -> Any:
    """The dashboard app on the two-province home (clock fixed at NOW)."""
    from dashboard.app import create_app

    return create_app(two_provinces, clock=lambda: NOW.timestamp())


def login(client: flask.testing.FlaskClient, username: str, password: str = PASSWORD) -> Any:
    """Sign in through the real login form (with its CSRF token)."""
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))
    assert token, "login page has a CSRF field"
    return client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token.group(1)}
    )


@pytest.fixture
def client_as(app: Any) -> Iterator[Callable[[str], flask.testing.FlaskClient]]:
    """A function giving a logged-in test client for a user."""

    def make(username: str) -> flask.testing.FlaskClient:
        client = app.server.test_client()
        response = login(client, username)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    yield make


def call(
    client: flask.testing.FlaskClient, dependency: dict[str, Any], values: dict[str, Any]
) -> Any:
    """POST one callback as the browser would, filling inputs and state from `values` (by id.prop)."""

    def fill(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            {
                "id": i["id"],
                "property": i["property"],
                "value": values.get(f"{i['id']}.{i['property']}"),
            }
            for i in items
        ]

    outputs = []
    for part in dependency["output"].strip(".").split("..."):
        name, _, prop = part.partition("@")[0].rpartition(".")
        outputs.append({"id": name, "property": prop})
    body = {
        "output": dependency["output"],
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": fill(dependency["inputs"]),
        "state": fill(dependency["state"]),
        "changedPropIds": [f"{i['id']}.{i['property']}" for i in dependency["inputs"]][:1],
    }
    # As the renderer's JSON.stringify writes it: keys in this order (output first), no spaces.
    sent = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    return client.post("/_dash-update-component", data=sent, content_type="application/json")


# --- the browser tests: this app on a loopback server, and headless Chromium (one per module) ---


@pytest.fixture(scope="module")
def base_url(app: Any) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory, downloads: Path) -> Iterator[Any]:
    from tests.browser import chrome  # tests.browser imports this module's PASSWORD

    if not Path("/usr/bin/chromium").exists() or not Path("/usr/bin/chromedriver").exists():
        pytest.skip("needs Debian's chromium and chromium-driver (.ci/run installs them)")
    driver = chrome(tmp_path_factory.mktemp("chrome"), downloads)
    yield driver
    driver.quit()
