"""Uploads waiting between their dry run and their submission: sealed on disk, removed after the keep
time by the server itself, refused by `find` once expired; and only the upload's callback may be large."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from core.home import Home
from dashboard import uploads
from dashboard.limits import CALLBACK_LIMIT
from etl import sealed
from tests.conftest import FIXTURES
from tests.dashboard.conftest import NOW, login
from tests.submit.support import Client, prefilled, send, upload_file

CITIZEN_ID = b"1000000000017"  # a member of the fixture district 6205
DAY = 24 * 3600


def stored_zip() -> bytes:
    """The fixture district as a zip of CSVs stored uncompressed: its citizen IDs are in the bytes as sent."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for path in sorted((FIXTURES / "6205").glob("*.csv")):
            archive.writestr(path.name, path.read_bytes())
    return out.getvalue()


def waiting(home: Home) -> list[Path]:
    root = home.state / uploads.FOLDER
    return sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []


def age(folder: Path, seconds: float) -> None:
    """Make a waiting upload `seconds` older than when it was kept (its meta's time)."""
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    (folder / "meta.json").write_text(
        json.dumps(meta | {"at": meta["at"] - seconds}), encoding="utf-8"
    )


def test_a_waiting_upload_is_sealed_on_disk_and_submits_as_sent(
    home_copy: Home, client_for: Client
) -> None:
    data = stored_zip()
    assert CITIZEN_ID in data
    client = client_for("officer6205")
    _text, token = upload_file(client, "6205.zip", data)
    [folder] = waiting(home_copy)
    for path in folder.rglob("*"):
        kept = path.read_bytes()
        assert CITIZEN_ID not in kept and data[:4096] not in kept
    blob = (folder / "file").read_bytes()
    assert sealed.is_sealed(blob) and sealed.province_of(blob) == "62" and data not in blob
    # (the fixture's few clubs in place of the generated district's: a removal, with its reason)
    done = send(client, token, accept=True, reason="ทดสอบ")
    assert "บันทึกข้อมูลอำเภอคลองขลุงแล้ว" in done  # opened with the archive key


def test_a_waiting_upload_altered_on_disk_is_not_found(home_copy: Home, client_for: Client) -> None:
    client = client_for("officer6205")
    _text, token = upload_file(client, "6205.xlsx", prefilled(home_copy))
    [folder] = waiting(home_copy)
    blob = bytearray((folder / "file").read_bytes())
    blob[-1] ^= 1
    (folder / "file").write_bytes(bytes(blob))
    assert "ไม่พบแฟ้มที่ส่ง" in send(client, token)


def test_sweep_removes_uploads_older_than_the_keep_time(
    home_copy: Home, client_for: Client
) -> None:
    upload_file(client_for("officer6205"), "6205.xlsx", prefilled(home_copy))
    upload_file(
        client_for("director62"), "6201.xlsx", prefilled(home_copy, "6201"), district="6201"
    )
    by_user = {
        json.loads((f / "meta.json").read_text(encoding="utf-8"))["username"]: f
        for f in waiting(home_copy)
    }
    older, newer = by_user["officer6205"], by_user["director62"]
    age(older, 3600)
    now = NOW.timestamp()
    assert uploads.sweep(home_copy, now + DAY - 3600 - 1) == 0 and len(waiting(home_copy)) == 2
    assert uploads.sweep(home_copy, now + DAY - 3600) == 1 and waiting(home_copy) == [newer]
    (home_copy.root / "settings.toml").write_text(
        "[retention]\nversions = 3\n\n[uploads]\nkeep_hours = 2\n", encoding="utf-8"
    )
    assert uploads.keep_seconds(home_copy) == 2 * 3600
    assert uploads.sweep(home_copy, now + 2 * 3600) == 1 and waiting(home_copy) == []


def test_an_expired_upload_is_not_found_even_before_it_is_swept(
    home_copy: Home, client_for: Client
) -> None:
    client = client_for("officer6205")
    _text, token = upload_file(client, "6205.xlsx", prefilled(home_copy))
    [folder] = waiting(home_copy)
    age(folder, DAY)
    assert "ไม่พบแฟ้มที่ส่ง" in send(client, token)


def test_a_user_keeps_at_most_three_uploads(home_copy: Home, client_for: Client) -> None:
    client = client_for("officer6205")
    tokens = [
        upload_file(client, "6205.xlsx", prefilled(home_copy))[1]
        for _ in range(uploads.KEEP_PER_USER + 1)
    ]
    assert len(waiting(home_copy)) == uploads.KEEP_PER_USER
    assert "ไม่พบแฟ้มที่ส่ง" in send(client, tokens[0])  # the oldest made room
    assert "บันทึกข้อมูลอำเภอคลองขลุงแล้ว" in send(client, tokens[-1])


def test_the_server_sweeps_expired_uploads_at_start_and_then_by_itself(home_copy: Home) -> None:
    from dashboard.app import create_app

    clock = [NOW.timestamp()]
    app = create_app(home_copy, clock=lambda: clock[0])
    client = client_for_app(app, "officer6205")
    upload_file(client, "6205.xlsx", prefilled(home_copy))
    [kept] = waiting(home_copy)
    clock[0] += uploads.SWEEP_SECONDS
    client.get("/login")  # swept: nothing expired yet
    assert waiting(home_copy) == [kept]
    clock[0] += DAY - uploads.SWEEP_SECONDS
    client.get("/login")  # no sign-in needed: any request may be the one that sweeps
    assert waiting(home_copy) == []
    upload_file(client_for_app(app, "officer6205"), "6205.xlsx", prefilled(home_copy))
    assert len(waiting(home_copy)) == 1
    clock[0] += DAY
    create_app(
        home_copy, clock=lambda: clock[0]
    )  # a server starting sweeps before its first request
    assert waiting(home_copy) == []


def client_for_app(app: Any, username: str) -> Any:
    client = app.server.test_client()
    assert login(client, username).status_code == 302
    return client


@pytest.mark.parametrize("username", ["officer6205", "director62"])
def test_a_sender_may_send_a_large_body_to_the_upload_callback(
    home_copy: Home, client_for: Client, username: str
) -> None:
    large = b"PK" + b"\0" * (
        CALLBACK_LIMIT + 1024
    )  # not a workbook: refused by the callback, which ran
    text, token = upload_file(client_for(username), "6205.xlsx", large, district="6205")
    assert token is None and "แฟ้มเสียหาย" in text
