"""What the upload page's tests share (not a test module): uploading and sending as the browser
does (POST /_dash-update-component with the session cookie), the pre-filled workbook, zips, and
the audit log's actions.

Fixtures (the home of its own, its app, logged-in clients, the browser) are in conftest.py.
"""

from __future__ import annotations

import base64
import io
import zipfile
from collections.abc import Callable
from typing import Any

import flask.testing

from accounts.scope import Scope
from accounts.store import open_store
from core.home import Home
from etl import template
from tests.conftest import FIXTURES
from tests.dashboard.conftest import call
from tests.dashboard.support import visible_text
from warehouse.queries.submission import district_records

Client = Callable[[str], flask.testing.FlaskClient]
DIRECTOR = Scope("director62", "director", "62")


def data_url(data: bytes) -> str:
    return (
        "data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,"
        + base64.b64encode(data).decode()
    )


def dependency(client: flask.testing.FlaskClient, trigger: str) -> dict[str, Any]:
    """The callback fired by one input (id.property)."""
    return next(
        d
        for d in client.get("/_dash-dependencies").json
        if f"{d['inputs'][0]['id']}.{d['inputs'][0]['property']}" == trigger
    )


def upload_file(
    client: flask.testing.FlaskClient, name: str, data: bytes, district: str | None = "6205"
) -> tuple[str, str | None]:
    """Upload as the browser does; the visible answer and the token kept in the page."""
    response = call(
        client,
        dependency(client, "submit-upload.contents"),
        {
            "submit-upload.contents": data_url(data),
            "submit-upload.filename": name,
            "submit-district.value": district,
            "submit-state.data": {"lang": "th"},
        },
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    token = response.json["response"]["submit-token"]["data"]
    return visible_text(response), token


def send(
    client: flask.testing.FlaskClient, token: object, accept: object = None, reason: object = None
) -> str:
    response = call(
        client,
        dependency(client, "submit-send.n_clicks"),
        {
            "submit-send.n_clicks": 1,
            "submit-token.data": token,
            "submit-accept-shrink.value": accept,
            "submit-removal-reason.value": reason,
            "submit-state.data": {"lang": "th"},
        },
    )
    assert response.status_code == 200
    return visible_text(response)


def prefilled(home: Home, district: str = "6205") -> bytes:
    return template.workbook("62", district, district_records(home, DIRECTOR, district))


def audit_actions(home: Home) -> list[tuple[str, str, str]]:
    store = open_store(home)
    rows = store.execute("select username, action, detail from audit order by id").fetchall()
    store.close()
    return [tuple(r) for r in rows]


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def fixture_zip(folder: str = "6205/") -> bytes:
    return zipped(
        {f"{folder}{p.name}": p.read_bytes() for p in sorted((FIXTURES / "6205").glob("*.csv"))}
    )
