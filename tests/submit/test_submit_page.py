"""The upload page through the Flask test client: dry run, submit, cancel, and every refusal.

Callbacks are called as the browser calls them (POST /_dash-update-component with the
session cookie), and as plain functions inside a request of a logged-in user, with forged
districts, tokens and files; the published version is checked to be unchanged after each refusal.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import sys
import zipfile
from typing import Any

import flask.testing
import openpyxl
import pytest

from accounts.scope import Scope
from core.home import Home
from etl import dry_run, template, upload
from etl.sources import Source
from tests.dashboard.conftest import call
from tests.dashboard.support import fires_on_mount, first_view, visible_text
from tests.etl import hostile
from tests.submit.support import (
    DIRECTOR,
    Client,
    audit_actions,
    data_url,
    dependency,
    fixture_zip,
    prefilled,
    send,
    upload_file,
    zipped,
)
from warehouse.connection import reading
from warehouse.publish import current
from warehouse.queries.submission import district_records


def with_errors(data: bytes) -> bytes:
    """The workbook with two bad cells that nothing else refers to: a governance date, an activity's kind."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    book["การบริหาร"]["C2"] = "31/02/2567"
    book["กิจกรรม"]["D2"] = "ประชุมใหญ่"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_officer_dry_runs_then_submits(home_copy: Home, client_for: Client) -> None:
    client = client_for("officer6205")
    version = current(home_copy, "62").version
    text, token = upload_file(client, "6205.xlsx", with_errors(prefilled(home_copy)))
    assert "ผลการทดลองนำเข้า" in text and "ถูกปฏิเสธ 2 แถว" in text, text[:3000]
    assert "อ่านวันที่ไม่ได้" in text and "ค่าไม่อยู่ในรายการที่กำหนด" in text and "ประชุมใหญ่" in text
    assert "ชมรมที่ผ่านเกณฑ์มาตรฐาน" in text
    # The rejected governance row costs a club the standard of FY 2566: warned, to be acknowledged.
    # (worded since the warning counts only clubs with rows rejected: etl/dry_run.lost_standard)
    warned = "ชมรมที่จะไม่ผ่านเกณฑ์มาตรฐานเพราะแถวข้อมูลของชมรมในแฟ้มนี้ถูกปฏิเสธ"
    assert warned in text and "6205-001" in text
    assert token and current(home_copy, "62").version == version  # a dry run publishes nothing
    assert "โปรดอ่านคำเตือนและยืนยันก่อนส่งข้อมูล" in send(client, token)
    assert current(home_copy, "62").version == version
    done = send(client, token, accept=True)
    assert "บันทึกข้อมูลอำเภอคลองขลุงแล้ว" in done, done[:500]
    assert current(home_copy, "62").version != version
    actions = [a for _u, a, _d in audit_actions(home_copy) if a.startswith("submit")]
    assert actions == ["submit_upload", "submit_dry_run", "submit_load"]
    load = next(d for _u, a, d in audit_actions(home_copy) if a == "submit_load")
    assert "sha256=" in load and "status=loaded" in load and "rejected=2" in load
    assert "บันทึกแล้ว" not in send(client, token)  # the same token cannot submit twice
    assert "ไม่พบแฟ้มที่ส่ง" in send(client, token)


def test_director_sends_for_any_district_of_the_province(
    home_copy: Home, client_for: Client
) -> None:
    client = client_for("director62")
    text, token = upload_file(client, "6201.xlsx", prefilled(home_copy, "6201"), district="6201")
    assert "ถูกปฏิเสธ 0 แถว" in text
    assert "บันทึกข้อมูลอำเภอเมืองกำแพงเพชรแล้ว" in send(client, token)


@pytest.mark.parametrize(
    ("username", "district"),
    [
        ("director10", "6205"),
        ("director10", "62"),
        ("national", "6205"),
        ("admin62", "6205"),
        ("director62", "1001"),
        ("director62", "6299"),
    ],
)
def test_forged_uploads_are_refused(
    home_copy: Home, client_for: Client, username: str, district: str
) -> None:
    version = current(home_copy, "62").version
    text, token = upload_file(
        client_for(username), "6205.xlsx", prefilled(home_copy), district=district
    )
    assert token is None and "ส่งข้อมูลได้" in text
    assert current(home_copy, "62").version == version and current(home_copy, "10") is None


def test_an_officer_cannot_send_for_another_district(home_copy: Home, client_for: Client) -> None:
    client = client_for("officer6201")
    _text, token = upload_file(client, "6205.xlsx", prefilled(home_copy), district="6205")
    assert (
        token is not None
    )  # received, but for the officer's own district, whatever the browser named
    with submit_app_request(client) as pending_of:
        assert pending_of(token).district == "6201"


def test_tokens_are_bound_to_their_user_and_session(home_copy: Home, client_for: Client) -> None:
    _text, token = upload_file(client_for("officer6205"), "6205.xlsx", prefilled(home_copy))
    version = current(home_copy, "62").version
    for other in (
        client_for("director62"),
        client_for("officer6205"),
    ):  # another user; the same user, another session
        assert "ไม่พบแฟ้มที่ส่ง" in send(other, token, accept=True)
    for forged in ("../../secrets/62.key", "x" * 43, None, 1, ["a"], {"district": "6205"}):
        assert "ไม่พบแฟ้มที่ส่ง" in send(client_for("officer6205"), forged)
    assert current(home_copy, "62").version == version


def with_entities(data: bytes) -> bytes:
    """The workbook with a billion-laughs DOCTYPE in its shared strings."""
    source = zipfile.ZipFile(io.BytesIO(data))
    laughs = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
    members = {}
    for name in source.namelist():
        content = source.read(name)
        if name == "xl/workbook.xml":
            content = laughs + content.split(b"?>", 1)[1]
        members[name] = content
    return zipped(members)


def with_formulas(data: bytes) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    book["ชมรม"]["B2"] = '=HYPERLINK("http://example.invalid","x")'
    book["ชมรม"]["A3"] = "=1+1"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


HOSTILE = {
    "corrupt": ("6205.xlsx", lambda good: good[: len(good) // 2], "แฟ้มเสียหาย"),
    "not a zip": ("6205.xlsx", lambda _good: b"<html>not a workbook</html>", "แฟ้มเสียหาย"),
    "huge": ("6205.xlsx", lambda _good: b"PK" + b"\0" * (upload.MAX_BYTES + 10), "แฟ้มใหญ่เกิน"),
    "zip bomb": (
        "6205.zip",
        lambda _good: zipped({"clubs.csv": b"0" * (upload.MAX_EXPANDED + 1)}),
        "zip bomb",
    ),
    "traversal": ("6205.zip", lambda _good: zipped({"../../clubs.csv": b"club_id\n"}), "ไม่ปลอดภัย"),
    "absolute": ("6205.zip", lambda _good: zipped({"/etc/clubs.csv": b"club_id\n"}), "ไม่ปลอดภัย"),
    "nested zip": (
        "6205.zip",
        lambda _good: zipped({"inner.zip": zipped({"clubs.csv": b"x"})}),
        "zip ซ้อน",
    ),
    "entities": ("6205.xlsx", with_entities, "DOCTYPE"),
    "wrong kind": ("6205.exe", lambda good: good, "รับเฉพาะแฟ้ม"),
    "empty": ("6205.xlsx", lambda _good: b"", "ว่างเปล่า"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_files_get_a_clear_message_and_publish_nothing(
    home_copy: Home, client_for: Client, case: str
) -> None:
    name, make, expected = HOSTILE[case]
    client = client_for("officer6205")
    version = current(home_copy, "62").version
    data = make(prefilled(home_copy))
    text, token = upload_file(client, name, data)
    assert expected in text and "ไม่รับแฟ้มนี้" in text, text[:400]
    assert token is None and "Traceback" not in text
    assert current(home_copy, "62").version == version
    _user, action, detail = audit_actions(home_copy)[-1]
    assert action == "submit_refused"  # with the file's fingerprint, as submit_upload's
    assert f"sha256={hashlib.sha256(data).hexdigest()} bytes={len(data)} why=" in detail


def test_a_file_that_kills_the_reading_child_is_audited_before_it_is_read(
    home_copy: Home, client_for: Client
) -> None:
    # Cells a million rows down with no references: no check sees them, and the reader asks for
    # 1,000 × 1,000,000 cells (32 GB): the child reading it dies, the server answers.
    data = hostile.unreferenced_cells(1000)
    client = client_for("officer6205")
    version = current(home_copy, "62").version
    text, _token = upload_file(client, "6205.xlsx", data)
    assert "อ่านแฟ้มไม่ได้ ไม่มีข้อมูลใดถูกบันทึก: 6205.xlsx: reading it needs more than" in text
    assert "Traceback" not in text
    assert current(home_copy, "62").version == version
    entries = audit_actions(home_copy)
    uploaded = [d for _u, a, d in entries if a == "submit_upload"]
    assert uploaded and uploaded[-1] == (
        f"6205 file=6205.xlsx sha256={hashlib.sha256(data).hexdigest()} bytes={len(data)}"
    )
    assert [a for _u, a, _d in entries][-2:] == ["submit_upload", "submit_dry_run"]
    assert "failure=yes" in entries[-1][2]
    assert client.get("/submit").status_code == 200  # the worker still serves


def test_an_upload_that_cannot_be_decoded_is_refused_with_what_was_sent_audited(
    home_copy: Home, client_for: Client
) -> None:
    client = client_for("officer6205")
    response = call(
        client,
        dependency(client, "submit-upload.contents"),
        {
            "submit-upload.contents": "data:application/octet-stream;base64,not*base64",
            "submit-upload.filename": "6205.xlsx",
            "submit-district.value": "6205",
            "submit-state.data": {"lang": "th"},
        },
    )
    assert "ส่งแฟ้มไม่สมบูรณ์" in visible_text(response)
    _user, action, detail = audit_actions(home_copy)[-1]
    assert action == "submit_refused"
    assert f"sha256={hashlib.sha256(b'not*base64').hexdigest()} bytes=10 sent=base64" in detail


def test_formulas_are_rejected_rows_and_exported_as_text(
    home_copy: Home, client_for: Client
) -> None:
    client = client_for("officer6205")
    text, token = upload_file(client, "6205.xlsx", with_formulas(prefilled(home_copy)))
    assert "ผลการทดลองนำเข้า" in text and token
    response = call(
        client,
        dependency(client, "submit-rejected-button.n_clicks"),
        {
            "submit-rejected-button.n_clicks": 1,
            "submit-token.data": token,
            "submit-state.data": {"lang": "th"},
        },
    )
    content = base64.b64decode(response.json["response"]["submit-rejected"]["data"]["content"])
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    values = [
        str(c.value) for row in sheet.iter_rows(min_row=2) for c in row if c.value is not None
    ]
    assert values and not any(v.startswith("=") for v in values)


def test_a_second_submission_of_the_district_is_refused_while_one_loads(
    home_copy: Home, client_for: Client
) -> None:
    client = client_for("officer6205")
    _text, token = upload_file(client, "6205.xlsx", prefilled(home_copy))
    version = current(home_copy, "62").version
    with dry_run.district_lock(home_copy, Source("62", "6205", "upload")):
        assert "กำลังบันทึกอยู่" in send(client, token)
    assert current(home_copy, "62").version == version
    assert "บันทึกข้อมูลอำเภอคลองขลุงแล้ว" in send(client, token)  # the upload is still kept: send again


def test_a_shrinking_upload_warns_and_needs_accepting(home_copy: Home, client_for: Client) -> None:
    client = client_for("officer6205")
    blank = template.workbook(
        "62", "6205", {"clubs": district_records(home_copy, DIRECTOR, "6205")["clubs"]}
    )
    text, token = upload_file(client, "6205.xlsx", blank)
    assert "คำเตือน: แฟ้มนี้จะลดข้อมูลที่อำเภอเคยส่งไว้มาก" in text and "สมาชิก: จาก" in text
    version = current(home_copy, "62").version
    assert "คำเตือน" in send(client, token, accept=False)
    assert "โปรดระบุเหตุผล" in send(
        client, token, accept=True
    )  # clubs' members and meetings would go
    assert current(home_copy, "62").version == version
    assert "บันทึกข้อมูลอำเภอคลองขลุงแล้ว" in send(client, token, accept=True, reason="ส่งเฉพาะรายชื่อชมรม")
    [audited] = [d for _u, a, d in audit_actions(home_copy) if a == "submit_removal"]
    assert "reason=ส่งเฉพาะรายชื่อชมรม" in audited and ":members" in audited


def blank_club_name(data: bytes, row: int = 3) -> tuple[bytes, str]:
    """The workbook with the club name of ชมรม!B{row} emptied; and that club's id."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["ชมรม"]
    club = str(sheet[f"A{row}"].value)
    sheet[f"B{row}"] = None
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), club


def test_one_blank_club_name_is_held_until_the_removal_is_confirmed_with_a_reason(
    home_copy: Home, client_for: Client
) -> None:
    client = client_for("officer6205")
    data, club = blank_club_name(prefilled(home_copy))
    text, token = upload_file(client, "6205.xlsx", data)
    assert (
        "ชมรมที่จะถูกลบ 1 ชมรม" in text and club in text and "แถวที่ 3 ของแผ่นงานชมรมถูกปฏิเสธ" in text
    ), text[:3000]
    assert text.index("ชมรมที่จะถูกลบ") < text.index("ผลการทดลองนำเข้า") + 10_000  # above the counts
    raw = call(
        client,
        dependency(client, "submit-upload.contents"),
        {
            "submit-upload.contents": data_url(data),
            "submit-upload.filename": "6205.xlsx",
            "submit-district.value": "6205",
            "submit-state.data": {"lang": "th"},
        },
    ).get_data(as_text=True)
    assert re.search(
        r'"disabled": ?true, ?"id": ?"submit-send"|"id": ?"submit-send"[^}]*"disabled": ?true', raw
    )
    token = json.loads(raw)["response"]["submit-token"][
        "data"
    ]  # the newest upload (a user keeps a few)
    version = current(home_copy, "62").version
    assert "โปรดอ่านคำเตือน" in send(client, token)
    assert "โปรดระบุเหตุผล" in send(client, token, accept=True, reason="   ")
    assert current(home_copy, "62").version == version  # nothing disappeared
    with reading(home_copy, "62") as (con, _v):
        assert con.execute("select count(*) from clubs where club_id = ?", [club]).fetchone() == (
            1,
        )
    assert "บันทึกข้อมูลอำเภอคลองขลุงแล้ว" in send(
        client, token, accept=True, reason="ชมรมยุบแล้ว ตามมติที่ประชุม"
    )
    with reading(home_copy, "62") as (con, _v):
        assert con.execute("select count(*) from clubs where club_id = ?", [club]).fetchone() == (
            0,
        )
    [audited] = [d for _u, a, d in audit_actions(home_copy) if a == "submit_removal"]
    assert f"{club}:club" in audited and "reason=ชมรมยุบแล้ว ตามมติที่ประชุม" in audited


def test_the_send_button_waits_for_the_acknowledgement_and_a_reason() -> None:
    from dashboard.pages.submit import removals as removals_view

    needs = {"ack": True, "reason": True}
    assert removals_view.send_disabled(None, None, needs)
    assert removals_view.send_disabled(True, "  ", needs)
    assert not removals_view.send_disabled(True, "ยุบชมรม", needs)
    assert removals_view.send_disabled(False, "ยุบชมรม", {"ack": True, "reason": False})
    assert not removals_view.send_disabled(None, None, {"ack": False, "reason": False})


def test_template_download_is_prefilled_and_audited(home_copy: Home, client_for: Client) -> None:
    client = client_for("officer6205")
    response = call(
        client,
        dependency(client, "submit-template-button.n_clicks"),
        {"submit-template-button.n_clicks": 1, "submit-district.value": "6201"},
    )
    content = base64.b64decode(response.json["response"]["submit-template"]["data"]["content"])
    clubs = openpyxl.load_workbook(io.BytesIO(content))["ชมรม"]
    assert all(
        str(row[0].value).startswith("6205-") for row in clubs.iter_rows(min_row=2) if row[0].value
    )
    assert clubs.max_row > 2
    assert audit_actions(home_copy)[-1][:2] == ("officer6205", "export_template")
    assert "members=" in audit_actions(home_copy)[-1][2]
    national = client_for("national")
    response = call(
        national,
        dependency(national, "submit-template-button.n_clicks"),
        {"submit-template-button.n_clicks": 1, "submit-district.value": "6205"},
    )
    assert "content" not in json.dumps(response.json if response.status_code == 200 else {})


def submit_app_request(client: flask.testing.FlaskClient) -> Any:
    """A request context of this client's session, giving `find(token)` for its user."""
    from contextlib import contextmanager

    from dashboard import context, uploads

    @contextmanager
    def opened():  # type: ignore[no-untyped-def]
        app = client.application
        cookie = client.get_cookie("tonbaeb_session")
        with app.test_request_context("/", headers={"Cookie": f"tonbaeb_session={cookie.value}"}):
            app.preprocess_request()
            yield lambda token: uploads.find(context.home(), context.scope(), token)

    return opened()


def page_module() -> Any:
    """The page module as the app imported it (Dash imports pages itself, under its own names)."""
    return next(
        m
        for m in list(sys.modules.values())
        if getattr(m, "__file__", "") and m.__file__.endswith("dashboard/pages/submit/__init__.py")
    )


def test_callbacks_called_as_functions_take_the_district_from_the_session(
    home_copy: Home, client_for: Client
) -> None:
    client = client_for("officer6205")
    submit = page_module()
    with submit_app_request(client):
        assert submit.allowed("6201") == "6205"
        preview, token, _outcome = submit.receive(
            data_url(prefilled(home_copy)), "x.xlsx", "1001", {"lang": "en"}
        )
        assert token and "Dry run" in json.dumps(preview.to_plotly_json(), default=str)
    national = client_for("national")
    with submit_app_request(national):
        assert submit.allowed("6205") is None
        preview, token, _outcome = submit.receive(
            data_url(prefilled(home_copy)), "x.xlsx", "6205", {"lang": "en"}
        )
        assert token is None
        assert submit.download_template(1, "6205") is submit.dash.no_update


def test_quality_knows_each_batch_channel(home_copy: Home, client_for: Client) -> None:
    from dashboard.pages.quality.batch_channels import batch_grid
    from warehouse import queries

    client = client_for("officer6205")
    _text, token = upload_file(client, "6205.xlsx", prefilled(home_copy))
    send(client, token)
    frame = queries.batches(home_copy, DIRECTOR, "62")
    assert (
        frame.row(0, named=True)["channel"] == "uploaded"
        and frame.row(0, named=True)["sent_by"] == "officer6205"
    )
    assert set(frame["channel"]) == {"uploaded", "pulled"}
    rows = batch_grid(frame, "th").rowData
    assert (
        rows[0]["channel_text"] == "ส่งผ่านระบบโดย officer6205"
        and rows[-1]["channel_text"] == "ดึงจากแหล่งข้อมูล"
    )
    assert queries.batches(home_copy, Scope("x", "director", "10"), "62").is_empty()


def test_a_zip_of_csv_files_dry_runs_in_english(home_copy: Home, client_for: Client) -> None:
    client = client_for("officer6205")
    response = call(
        client,
        dependency(client, "submit-upload.contents"),
        {
            "submit-upload.contents": "data:application/zip;base64,"
            + base64.b64encode(fixture_zip()).decode(),
            "submit-upload.filename": "6205.zip",
            "submit-district.value": "6205",
            "submit-state.data": {"lang": "en"},
        },
    )
    text = visible_text(response)
    assert "Dry run (nothing saved yet) · 6205.zip" in text
    assert "code unknown to DOPA or not in this district" in text and "rejected" in text
    assert (
        "Warning: this file would cut the district" in text
    )  # the fixture is far smaller than what is published


def test_a_readable_file_the_etl_cannot_use_fails_with_its_reason_and_no_submit(
    home_copy: Home, client_for: Client
) -> None:
    book = openpyxl.load_workbook(io.BytesIO(prefilled(home_copy)))
    del book["ชมรม"]
    out = io.BytesIO()
    book.save(out)
    version = current(home_copy, "62").version
    text, _token = upload_file(client_for("officer6205"), "6205.xlsx", out.getvalue())
    assert "อ่านแฟ้มไม่ได้ ไม่มีข้อมูลใดถูกบันทึก" in text and "no clubs sheet" in text
    assert "submit-send" not in text and "submit-cancel" in text
    assert current(home_copy, "62").version == version


def test_cancel_forgets_the_upload_and_publishes_nothing(
    home_copy: Home, client_for: Client
) -> None:
    client = client_for("officer6205")
    _text, token = upload_file(client, "6205.xlsx", prefilled(home_copy))
    version = current(home_copy, "62").version
    response = call(
        client,
        dependency(client, "submit-cancel.n_clicks"),
        {
            "submit-cancel.n_clicks": 1,
            "submit-token.data": token,
            "submit-state.data": {"lang": "th"},
        },
    )
    answer = response.json["response"]
    assert "ยกเลิกแล้ว" in visible_text(response) and answer["submit-token"]["data"] is None
    assert answer["submit-upload"]["contents"] is None  # the same file can be chosen again
    assert "ไม่พบแฟ้มที่ส่ง" in send(client, token)
    assert current(home_copy, "62").version == version
    assert [a for _u, a, _d in audit_actions(home_copy)][-1] == "submit_cancel"


def test_the_page_is_the_routers_one_answer_and_waits_for_the_upload(client_for: Client) -> None:
    """No callback fires when the page mounts: the upload, buttons and downloads wait for the user."""
    client = client_for("officer6205")
    shown = first_view(client, "/submit", "")
    assert "submit-upload" in shown and '"value": "6205"' in shown and "คลองขลุง" in shown
    assert fires_on_mount(client, "submit-") == []
