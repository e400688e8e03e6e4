"""An export's audit entry names what the file holds (its province and rows, from the server), never
the province the browser asked for."""

from __future__ import annotations

import base64
import io
from typing import Any

import geothai
import openpyxl

from accounts.audit import read as read_audit
from accounts.store import open_store
from core import formats
from core.home import Home
from tests.dashboard.conftest import call
from tests.dashboard.support import table_of


def newest(home: Home, action: str) -> str | None:
    """The newest entry's detail of this action (None: none yet, e.g. when this test runs first)."""
    return next(
        (
            e["detail"]
            for e in read_audit(open_store(home), None, limit=1000)
            if e["action"] == action
        ),
        None,
    )


def workbook_rows(response: Any, output: str) -> list[tuple[object, ...]]:
    content = base64.b64decode(response.json["response"][output]["data"]["content"])
    return table_of(openpyxl.load_workbook(io.BytesIO(content)).active)[1:]


def dependency(client: Any, output: str) -> dict[str, Any]:
    return next(d for d in client.get("/_dash-dependencies").json if d["output"] == output)


def test_a_leaderboard_export_asked_for_another_province_is_audited_as_the_province_served(
    client_as: Any, two_provinces: Home
) -> None:
    client = client_as("director62")
    download = dependency(client, "leaderboard-download.data")
    asked = {
        "leaderboard-download-button.n_clicks": 1,
        "leaderboard-state.data": {"province": "10", "fy": 2568, "lang": "en"},
    }
    response = call(client, download, asked)
    rows = workbook_rows(response, "leaderboard-download")
    assert rows and not any("Bangkok" in str(row) for row in rows)  # the file: province 62's clubs
    assert newest(two_provinces, "export_leaderboard") == f"fy=2568 province=62 rows={len(rows)}"


def test_a_national_leaderboard_export_names_every_province_it_holds(
    client_as: Any, two_provinces: Home
) -> None:
    client = client_as("national")
    download = dependency(client, "leaderboard-download.data")
    for asked, served in (("10", "10"), (None, "10,62"), ("64", None)):
        values = {
            "leaderboard-download-button.n_clicks": 1,
            "leaderboard-state.data": {"province": asked, "fy": 2568, "lang": "en"},
        }
        before = newest(two_provinces, "export_leaderboard")
        response = call(client, download, values)
        if served is None:  # a province not published: no file, nothing audited
            assert "leaderboard-download" not in (response.json or {}).get("response", {})
            assert newest(two_provinces, "export_leaderboard") == before
            continue
        rows = workbook_rows(response, "leaderboard-download")
        assert (
            newest(two_provinces, "export_leaderboard")
            == f"fy=2568 province={served} rows={len(rows)}"
        )


def test_an_overdue_export_asked_for_another_province_is_audited_as_the_province_served(
    client_as: Any, two_provinces: Home
) -> None:
    client = client_as("director62")
    overdue = dependency(client, "quality-overdue.data")
    response = call(
        client,
        overdue,
        {
            "quality-overdue-button.n_clicks": 1,
            "quality-state.data": {"province": "10", "fy": 2568},
        },
    )
    rows = workbook_rows(response, "quality-overdue")
    districts_62 = {formats.district_name(d.code, "th") for d in geothai.districts("62")}
    assert rows and all(row[0] in districts_62 for row in rows)  # the file: province 62's districts
    assert newest(two_provinces, "export_overdue") == f"province=62 fy=2568 rows={len(rows)}"
    assert (
        response.json["response"]["quality-overdue"]["data"]["filename"]
        == "tonbaeb-overdue-kamphaeng-phet-2568.xlsx"
    )
