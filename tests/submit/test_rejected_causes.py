"""Rejected rows traced to their root, grouped by it, worded so a person can act, every one shown,
and still downloadable once sent: through the upload page as the browser calls it, on the pre-filled
workbook of district 6205 with one cell broken."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

import flask.testing
import openpyxl
import polars as pl

from accounts.store import open_store
from core import formats
from core.home import Home
from etl import dry_run
from etl.causes import root_causes
from etl.sources import Source
from tests.conftest import TODAY
from tests.dashboard.conftest import call
from tests.dashboard.support import first_view, table_of, visible_text
from tests.submit.support import audit_actions, dependency, prefilled, upload_file
from warehouse.rules import load_rules

Client = Callable[[str], flask.testing.FlaskClient]
THAI_STATE = {"lang": "th"}


def edited(data: bytes, cells: dict[tuple[str, str], object]) -> bytes:
    """The workbook with some cells set (None blanks one), as a person edits it."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    for (sheet, cell), value in cells.items():
        book[sheet][cell] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rows_of(data: bytes, sheet: str) -> list[list[object]]:
    return [
        [c.value for c in row]
        for row in openpyxl.load_workbook(io.BytesIO(data))[sheet].iter_rows()
    ]


def preview_of(home: Home, data: bytes) -> dry_run.Preview:
    return dry_run.dry_run(
        home, Source("62", "6205", "upload:6205.xlsx"), {"6205.xlsx": data}, load_rules(None), TODAY
    )


def component(tree: Any, component_id: str) -> dict[str, Any] | None:
    """The props of the component with this id in a callback's answer (a layout as JSON)."""
    if isinstance(tree, dict):
        props = tree.get("props")
        if isinstance(props, dict) and props.get("id") == component_id:
            return props
        for value in tree.values():
            found = component(value, component_id)
            if found is not None:
                return found
    elif isinstance(tree, list):
        for value in tree:
            found = component(value, component_id)
            if found is not None:
                return found
    return None


def uploaded(
    client: flask.testing.FlaskClient, data: bytes, name: str = "6205.xlsx"
) -> tuple[dict[str, Any], str]:
    """The upload's answer (the preview as JSON) and its token."""
    response = call(
        client,
        dependency(client, "submit-upload.contents"),
        {
            "submit-upload.contents": "data:application/octet-stream;base64,"
            + base64.b64encode(data).decode(),
            "submit-upload.filename": name,
            "submit-district.value": "6205",
            "submit-state.data": THAI_STATE,
        },
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    answer = response.json["response"]
    return answer["submit-preview"]["children"], answer["submit-token"]["data"]


def workbook_of(response: Any, output: str) -> openpyxl.Workbook:
    content = base64.b64decode(response.json["response"][output]["data"]["content"])
    return openpyxl.load_workbook(io.BytesIO(content))


def blank_club_name(home: Home) -> tuple[bytes, str]:
    """The pre-filled workbook with the second club's name (ชมรม!B3) blanked; and that club's id."""
    data = prefilled(home)
    club = rows_of(data, "ชมรม")[2][0]
    return edited(data, {("ชมรม", "B3"): None}), str(club)


def bad_meeting_date(home: Home) -> tuple[bytes, int, str]:
    """The pre-filled workbook with 31/02/2569 as the date of a meeting that has attendance rows;
    its row and "club/meeting". (A submission that still has every club, so it loads when sent.)"""
    data = prefilled(home)
    meetings = rows_of(data, "การประชุม")
    attended = {(a[0], a[1]) for a in rows_of(data, "รายชื่อผู้เข้าประชุม")[1:]}
    at, row = next((n, r) for n, r in enumerate(meetings[1:], start=2) if (r[0], r[1]) in attended)
    return edited(data, {("การประชุม", f"C{at}"): "31/02/2569"}), at, f"{row[0]}/{row[1]}"


def test_rows_of_a_rejected_club_are_traced_to_its_blank_name(home_copy: Home) -> None:
    data, club = blank_club_name(home_copy)
    rejected = preview_of(home_copy, data).rejected
    root = rejected.filter(pl.col("sheet") == "ชมรม")
    assert root.select("row_number", "column_name", "reason_code").rows() == [
        (3, "name", "missing_required")
    ]
    children = rejected.filter(pl.col("sheet") != "ชมรม")
    assert set(children["sheet"]) == {"สมาชิก", "การประชุม", "รายชื่อผู้เข้าประชุม", "กิจกรรม", "การบริหาร"}
    assert set(children["reason_code"]) == {
        "parent_rejected"
    }  # not unknown_club: the club is in the file
    assert set(
        children.select(
            "root_sheet", "root_row_number", "root_column_name", "root_reason_code"
        ).rows()
    ) == {("ชมรม", 3, "name", "missing_required")}
    member = children.filter(pl.col("sheet") == "สมาชิก").row(0, named=True)
    assert (
        member["message_th"] == f"ชมรม {club} ถูกปฏิเสธ (ชมรม แถว 3: ชื่อชมรม ว่าง — ไม่ได้กรอกข้อมูลที่จำเป็น)"
    )
    assert (
        member["message_en"]
        == f"club {club} was rejected (clubs row 3: name is empty — a required value is missing)"
    )
    # Attendance of the club's meetings goes to the first root (the club), not to the meeting.
    attendance = children.filter(pl.col("sheet") == "รายชื่อผู้เข้าประชุม")
    assert (
        attendance.height > 0
        and attendance["message_th"].str.contains("ชมรม แถว 3: ชื่อชมรม", literal=True).all()
    )


def test_a_meetings_attendance_is_traced_to_the_rejected_meeting(home_copy: Home) -> None:
    data, at, key = bad_meeting_date(home_copy)
    club, meeting = key.split("/")
    attended = sum(
        1 for a in rows_of(data, "รายชื่อผู้เข้าประชุม")[1:] if (a[0], a[1]) == (club, meeting)
    )
    rejected = preview_of(home_copy, data).rejected
    traced = rejected.filter(pl.col("sheet") == "รายชื่อผู้เข้าประชุม")
    assert traced.height == attended and set(traced["reason_code"]) == {"parent_rejected"}
    assert set(
        traced.select(
            "root_sheet", "root_row_number", "root_column_name", "root_reason_code"
        ).rows()
    ) == {("การประชุม", at, "held_on", "bad_date")}
    message = traced["message_th"][0]
    assert message.startswith(
        f"การประชุม {club}/{meeting} ถูกปฏิเสธ (การประชุม แถว {at}: วันที่ประชุม “31/02/2569” — อ่านวันที่ไม่ได้"
    )
    assert "ไม่มีวันที่ 31" in message
    assert (
        f"meeting {club}/{meeting} was rejected (meetings row {at}: held_on “31/02/2569”"
        in traced["message_en"][0]
    )


def test_attendance_of_a_member_with_a_bad_citizen_id_is_traced_to_the_member_row(
    home_copy: Home,
) -> None:
    data = prefilled(home_copy)
    members = rows_of(data, "สมาชิก")
    attendance = rows_of(data, "รายชื่อผู้เข้าประชุม")
    at, (club, member) = next(
        (n, (r[0], r[1]))
        for n, r in enumerate(members[1:], start=2)
        if any(a[0] == r[0] and a[2] == r[1] for a in attendance[1:])
    )
    attended = sum(1 for a in attendance[1:] if (a[0], a[2]) == (club, member))
    rejected = preview_of(home_copy, edited(data, {("สมาชิก", f"D{at}"): "1234567890123"})).rejected
    own = rejected.filter(pl.col("sheet") == "สมาชิก")
    assert own.select("row_number", "reason_code").rows() == [(at, "bad_citizen_id")]
    traced = rejected.filter(pl.col("sheet") == "รายชื่อผู้เข้าประชุม")
    assert traced.height == attended and set(traced["reason_code"]) == {"parent_rejected"}
    assert set(traced.select("root_sheet", "root_row_number", "root_column_name").rows()) == {
        ("สมาชิก", at, "citizen_id")
    }
    message = traced["message_th"][0]
    assert (
        f"สมาชิก {club}/{member} ถูกปฏิเสธ (สมาชิก แถว {at}: เลขประจำตัวประชาชน “1xxxxxxxxxxx3”"
        in message
    )
    assert "1234567890123" not in "".join(
        rejected["message"]
    )  # the ID is masked in every message too
    causes = root_causes(rejected)
    assert causes.select("sheet", "row_number", "rows").rows() == [("สมาชิก", at, attended + 1)]


def test_the_dry_run_groups_by_root_cause_and_its_grid_holds_every_row_in_thai(
    home_copy: Home, client_for: Client
) -> None:
    data, _club = blank_club_name(home_copy)
    total = preview_of(home_copy, data).rejected.height
    assert total > 100
    client = client_for("officer6205")
    preview, token = uploaded(client, data)
    assert token
    causes = component(preview, "submit-rejected-grid-causes")
    assert causes is not None and len(causes["rowData"]) == 1
    cause = causes["rowData"][0]
    assert cause["fallen"] == f"1 ช่อง → {total:,} แถว"
    assert (cause["sheet"], cause["row_number"], cause["column_name"]) == ("ชมรม", 3, "ชื่อชมรม")
    grid = component(preview, "submit-rejected-grid")
    assert grid is not None and len(grid["rowData"]) == total  # every row, paged
    assert grid["dashGridOptions"]["pagination"] is True
    message = next(c for c in grid["columnDefs"] if c["field"] == "message")
    assert message["wrapText"] and message["autoHeight"]  # read in full, not cut
    rows = grid["rowData"]
    assert rows[0]["cause"] == "แถวนี้" and {r["cause"] for r in rows[1:]} == {"ชมรม แถว 3"}
    assert {r["column_name"] for r in rows} == {
        "ชื่อชมรม",
        "รหัสชมรม",
    }  # Thai labels, never club_id or name
    assert {c["headerName"] for c in grid["columnDefs"]} >= {"คอลัมน์", "ข้อความ", "ต้นเหตุ"}


def test_the_workbook_of_rejected_rows_has_causes_first_and_thai_labels(
    home_copy: Home, client_for: Client
) -> None:
    data, club = blank_club_name(home_copy)
    client = client_for("officer6205")
    _preview, token = uploaded(client, data)
    response = call(
        client,
        dependency(client, "submit-rejected-button.n_clicks"),
        {
            "submit-rejected-button.n_clicks": 1,
            "submit-token.data": token,
            "submit-state.data": THAI_STATE,
        },
    )
    book = workbook_of(response, "submit-rejected")
    assert book.sheetnames == ["ต้นเหตุ", "แถวที่ถูกปฏิเสธ"]
    causes = [[c.value for c in row] for row in book["ต้นเหตุ"].iter_rows()]
    assert causes[0][0] == "ช่องต้นเหตุ → แถวที่ถูกปฏิเสธ" and causes[0][2:4] == ["แถว", "คอลัมน์"]
    assert (
        len(causes) == 2 and causes[1][0].startswith("1 ช่อง → ") and causes[1][2:4] == [3, "ชื่อชมรม"]
    )
    rows = [[c.value for c in row] for row in book["แถวที่ถูกปฏิเสธ"].iter_rows()]
    header = rows[0]
    column = header.index("คอลัมน์")
    assert {r[column] for r in rows[1:]} == {"ชื่อชมรม", "รหัสชมรม"}
    message = header.index("ข้อความ")
    assert rows[2][message] == f"ชมรม {club} ถูกปฏิเสธ (ชมรม แถว 3: ชื่อชมรม ว่าง — ไม่ได้กรอกข้อมูลที่จำเป็น)"


def test_a_dry_run_of_5000_rejected_rows_shows_them_all(
    home_copy: Home, client_for: Client
) -> None:
    clubs = "club_id,name,network_type,subdistrict_code\n6205-001,ชมรมหนึ่ง,cdv_club,620501\n"
    activities = "club_id,activity_id,held_on,kind,title\n" + "".join(
        f"6205-001,A{n:05d},15/03/2568,ประชุมใหญ่,กิจกรรม {n}\n" for n in range(5000)
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("clubs.csv", clubs)
        archive.writestr("activities.csv", activities)
    preview, token = uploaded(client_for("officer6205"), out.getvalue(), "6205.zip")
    assert token
    grid = component(preview, "submit-rejected-grid")
    assert grid is not None and len(grid["rowData"]) == 5000
    assert {r["row_number"] for r in grid["rowData"]} == set(range(2, 5002))
    assert {r["column_name"] for r in grid["rowData"]} == {"ประเภทกิจกรรม"}
    assert len(component(preview, "submit-rejected-grid-causes")["rowData"]) == 5000  # type: ignore[index]


def test_rejected_rows_stay_downloadable_after_sending_and_on_quality(
    home_copy: Home, client_for: Client
) -> None:
    data, at, key = bad_meeting_date(home_copy)
    total = preview_of(home_copy, data).rejected.height
    assert total > 2
    client = client_for("officer6205")
    _text, token = upload_file(client, "6205.xlsx", data)
    response = call(
        client,
        dependency(client, "submit-send.n_clicks"),
        {
            "submit-send.n_clicks": 1,
            "submit-token.data": token,
            "submit-accept-shrink.value": True,
            "submit-state.data": THAI_STATE,
        },
    )
    answer = response.json["response"]
    assert answer["submit-token"]["data"] is None  # sending forgets the upload...
    outcome = answer["submit-outcome"]["children"]
    offered = call(
        client,
        dependency(client, "submit-outcome.children"),
        {
            "submit-outcome.children": outcome,
            "submit-district.value": "6205",
            "submit-state.data": THAI_STATE,
        },
    )
    offer = offered.json["response"]
    batch = offer["submit-sent-batch"]["data"]
    assert batch and batch.startswith("6205-")
    assert f"ถูกปฏิเสธ {total:,} แถว" in visible_text(offered)
    download = dependency(client, "submit-sent-button.n_clicks")
    got = call(
        client,
        download,
        {
            "submit-sent-button.n_clicks": 1,
            "submit-sent-batch.data": batch,
            "submit-state.data": THAI_STATE,
        },
    )
    book = workbook_of(
        got, "submit-sent-download"
    )  # ...but the loaded batch's rejected rows are in the warehouse
    assert len(table_of(book["แถวที่ถูกปฏิเสธ"])) == total + 1
    causes = table_of(book["ต้นเหตุ"])
    assert causes[1][0] == f"1 ช่อง → {total:,} แถว" and causes[1][2] == at
    said = {row[0]: row[1] for row in book["ต้นเหตุ"].iter_rows(max_row=8, values_only=True)}
    assert said["อำเภอ"] == formats.district_name("6205", "th") and said["รอบการนำเข้า"] == batch
    file_name = got.json["response"]["submit-sent-download"]["data"]["filename"]
    assert file_name == f"tonbaeb-rejected-kamphaeng-phet-6205-{batch}.xlsx"
    last = audit_actions(home_copy)[-1]
    assert (
        last[:2] == ("officer6205", "export_rejected_rows")
        and f"batch={batch} rows={total}" in last[2]
    )

    # Another district's officer names the batch: nothing is served, nothing audited.
    other = client_for("officer6201")
    refused = call(
        other,
        dependency(other, "submit-sent-button.n_clicks"),
        {
            "submit-sent-button.n_clicks": 1,
            "submit-sent-batch.data": batch,
            "submit-state.data": THAI_STATE,
        },
    )
    assert "content" not in refused.get_data(as_text=True)
    assert audit_actions(home_copy)[-1] == last
    # A failure or a cancel in the outcome takes no offer.
    plain = call(
        client,
        dependency(client, "submit-outcome.children"),
        {
            "submit-outcome.children": "ยกเลิกแล้ว",
            "submit-district.value": "6205",
            "submit-state.data": THAI_STATE,
        },
    )
    assert plain.json["response"]["submit-sent-batch"]["data"] is None

    # On /quality: the batch is offered on its own, for the district's officer and the director.
    for username in ("officer6205", "director62"):
        reader = client_for(username)
        got = call(
            reader,
            dependency(reader, "quality-batch-button.n_clicks"),
            {
                "quality-batch-button.n_clicks": 1,
                "quality-batch.value": batch,
                "quality-state.data": {"lang": "en", "district": "6205", "province": "62"},
            },
        )
        book = workbook_of(got, "quality-batch-download")
        rows = [list(row) for row in table_of(book["rejected"])]
        assert len(rows) == total + 1 and "Column" in rows[0]
        assert book["rejected"]["A1"].value == "Rejected rows"  # the title block, in English
        assert (
            rows[1][rows[0].index("Column")] == "held_on"
            and rows[1][rows[0].index("Root cause")] == "this row"
        )
        assert "February 2569 has no 31st day" in rows[1][rows[0].index("Message")]
        assert rows[2][rows[0].index("Message")].startswith(
            f"meeting {key} was rejected (meetings row {at}: held_on “31/02/2569”"
        )
        assert rows[2][rows[0].index("Root cause")] == f"meetings row {at}"
        assert audit_actions(home_copy)[-1][:2] == (username, "export_rejected_rows")
    stranger = client_for("officer6201")
    refused = call(
        stranger,
        dependency(stranger, "quality-batch-button.n_clicks"),
        {
            "quality-batch-button.n_clicks": 1,
            "quality-batch.value": batch,
            "quality-state.data": {"lang": "th", "district": "6205", "province": "62"},
        },
    )
    assert "content" not in refused.get_data(as_text=True)
    store = open_store(home_copy)
    served = tuple(
        store.execute(
            "select count(*) from audit where action = 'export_rejected_rows' and detail like :like",
            {"like": f"%batch={batch}%"},
        ).fetchone()
    )
    store.close()
    assert served == (3,)


def test_the_quality_page_lists_the_batch_and_groups_its_rejected_rows(
    home_copy: Home, client_for: Client
) -> None:
    data, _at, _key = bad_meeting_date(home_copy)
    total = preview_of(home_copy, data).rejected.height
    client = client_for("officer6205")
    _text, token = upload_file(client, "6205.xlsx", data)
    call(
        client,
        dependency(client, "submit-send.n_clicks"),
        {
            "submit-send.n_clicks": 1,
            "submit-token.data": token,
            "submit-accept-shrink.value": True,
            "submit-state.data": THAI_STATE,
        },
    )
    shown = first_answer(client, "/quality", "?district=6205&lang=th")
    chooser = component(shown, "quality-batch")
    assert (
        chooser is not None
        and chooser["value"].startswith("6205-")
        and f"ถูกปฏิเสธ {total:,} แถว" in chooser["options"][0]["label"]
    )
    causes = component(shown, "quality-rejected-grid-causes")
    assert causes is not None and causes["rowData"][0]["fallen"] == f"1 ช่อง → {total:,} แถว"
    grid = component(shown, "quality-rejected-grid")
    assert grid is not None and len(grid["rowData"]) == total
    assert {r["column_name"] for r in grid["rowData"]} == {
        "วันที่ประชุม",
        "รหัสการประชุม",
    }  # Thai labels on /quality too


def first_answer(client: flask.testing.FlaskClient, path: str, search: str) -> Any:
    """The pages router's answer for a URL, as JSON."""
    return json.loads(first_view(client, path, search))
