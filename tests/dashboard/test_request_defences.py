"""Requests the real dashboard app refuses or bounds: bundles, request sizes, malformed callbacks,
the audit written only once a club is found, and file names without server paths."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlencode

import brotli
import pytest

from accounts.audit import read as read_audit
from accounts.scope import Scope
from accounts.store import open_store
from dashboard.compression import BundleCache
from tests.dashboard.conftest import call
from warehouse import queries

BROWSER = {"Accept-Encoding": "br, gzip"}
FORGED_CLUB = (
    "6201-001\n2026-11-24T09:00:00\tdirector10\tdirector\t10\tview_members\t6201-001\x1b[2J\x1b[H"
)


def nest(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = {"x": value}
    return value


def test_only_bundle_names_dash_registered_are_served(app: Any, client_as: Any) -> None:
    client = client_as("officer6205")
    page = client.get("/").get_data(as_text=True)
    bundle = next(p for p in re.findall(r'src="([^"]+)"', page) if "dash_renderer" in p)
    assert client.get(bundle, headers=BROWSER).status_code == 200
    cache = app.server.extensions["compress"].cache
    cache.wait()  # bundles already asked for are repacked (tighter, so smaller) before the count is taken
    before = (len(cache.data), cache.size)
    made_up = [bundle.replace(".v", f".v{n}x", 1) for n in range(30)]
    made_up += [re.sub(r"m\d+\.", f"m{n}.", bundle) for n in range(30)]
    made_up += [
        "/_dash-component-suites/dash/nothing.v1m1.js",
        "/_dash-component-suites/os/path.js",
    ]
    for name in made_up:
        answer = client.get(name, headers=BROWSER)
        assert answer.status_code == 404 and "Content-Encoding" not in answer.headers
    assert (len(cache.data), cache.size) == before  # no work done, nothing kept


def test_the_bundle_cache_is_bounded_in_entries_and_bytes() -> None:
    cache = BundleCache(max_entries=3, max_bytes=10_000)
    data = brotli.compress(b"x" * 50_000)
    for n in range(10):
        cache.set(f"gzip;/_dash-component-suites/dash/f{n}.js", data)
    assert len(cache.data) == 3 and cache.size == 3 * len(data)
    big = b"y" * 6_000
    cache.set("gzip;/vendor/a.css", big)
    cache.set("gzip;/vendor/b.css", big)
    assert (
        cache.size <= 10_000
        and "gzip;/vendor/b.css" in cache.data
        and "gzip;/vendor/a.css" not in cache.data
    )


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"{not json", 400),
        (b"[" * 50_000 + b"]" * 50_000, 400),  # deeper than any parser should go
        (json.dumps({"output": "app-nav.children"}).encode(), 400),  # inputs missing
        (
            json.dumps(
                {
                    "output": "app-nav.children",
                    "outputs": {"id": "app-nav", "property": "children"},
                    "inputs": "everything",
                    "changedPropIds": [],
                }
            ).encode(),
            400,
        ),
        (
            json.dumps(
                {
                    "output": "app-nav.children",
                    "outputs": {"id": "app-nav", "property": "children"},
                    "inputs": [{"id": 5, "property": None}],
                    "changedPropIds": [],
                }
            ).encode(),
            400,
        ),
        (
            json.dumps(
                {"output": "no-such.children", "outputs": {}, "inputs": [], "changedPropIds": []}
            ).encode(),
            400,
        ),
        (json.dumps({"output": {"x": [1]}, "outputs": [], "inputs": []}).encode(), 400),
        (json.dumps(["a", "list"]).encode(), 400),
        (
            json.dumps(
                {
                    "output": "app-nav.children",
                    "outputs": {"id": "app-nav", "property": "children"},
                    "inputs": [
                        {"id": "_pages_location", "property": "pathname", "value": nest(200)}
                    ],
                }
            ).encode(),
            400,
        ),
    ],
)
def test_malformed_callback_requests_get_a_short_400(
    client_as: Any, body: bytes, status: int
) -> None:
    answer = client_as("director62").post(
        "/_dash-update-component", data=body, content_type="application/json"
    )
    assert answer.status_code == status
    assert answer.is_json and answer.json["error"].startswith("malformed callback request")
    assert len(answer.get_data()) < 200


def test_request_bodies_have_a_size_limit_per_route(app: Any, client_as: Any) -> None:
    client = client_as("director62")
    huge = b'{"output": "' + b"x" * (10 * 1024 * 1024) + b'"}'
    answer = client_as("national").post(
        "/_dash-update-component", data=huge, content_type="application/json"
    )
    assert (
        answer.status_code == 413 and answer.is_json
    )  # a user who sends no data: callbacks stay small
    over = b'{"output": "' + b"x" * (app.server.config["TONBAEB_UPLOAD_LIMIT"] + 1) + b'"}'
    answer = client.post("/_dash-update-component", data=over, content_type="application/json")
    assert answer.status_code == 413 and answer.is_json  # a sender: no more than the largest upload
    assert client.post("/login", data={"username": "x" * 400_000}).status_code == 413
    app.server.config["TONBAEB_REQUEST_LIMITS"] = {
        "/upload": 20 * 1024 * 1024
    }  # a later upload route's room
    try:
        from dashboard.limits import limit_for

        assert limit_for(app.server, "/upload/workbook") == 20 * 1024 * 1024
        assert limit_for(app.server, "/_dash-update-component") < 20 * 1024 * 1024
    finally:
        app.server.config.pop("TONBAEB_REQUEST_LIMITS")


def test_a_forged_club_id_writes_no_audit_entry(two_provinces: Any, client_as: Any) -> None:
    client = client_as("director62")
    dependencies = client.get("/_dash-dependencies").json
    router = next(d for d in dependencies if "_pages_content.children" in d["output"])
    members = next(d for d in dependencies if d["output"] == "club-members.children")
    opened = {"club-members-list-fold.active_item": "club-members-list"}
    for club in (FORGED_CLUB, "6201-001"):  # a forged club, and a real club with a forged meeting
        forged = urlencode(
            {"district": "6201", "club": club, "meeting": "2568-01\n\x1b[2J", "lang": "th"}
        )
        assert (
            call(
                client,
                router,
                {"_pages_location.pathname": "/club", "_pages_location.search": f"?{forged}"},
            ).status_code
            == 200
        )
    state = {"province": "62", "district": "6201", "club": FORGED_CLUB, "fy": 2568, "lang": "th"}
    assert (
        call(client, members, opened | {"club-state.data": state}).status_code == 200
    )  # the fold of a forged club
    entries = read_audit(open_store(two_provinces), None, limit=10_000)
    assert not any(
        "\x1b" in (e["detail"] or "") or "director10" in (e["detail"] or "") for e in entries
    )
    call(client, members, opened | {"club-state.data": state | {"club": "6201-001"}})
    [newest] = read_audit(open_store(two_provinces), "62", limit=1)
    assert newest["action"] == "view_members" and json.loads(newest["fields"]) == {
        "club": "6201-001",
        "district": "6201",
        "rows": 10,
    }


def test_the_quality_page_and_its_workbook_name_files_without_server_folders(
    two_provinces: Any,
) -> None:
    director = Scope("director62", "director", "62")
    sources = queries.batches(two_provinces, director, "62")["source"].to_list()
    sources += queries.rejected(two_provinces, director, "6201")["source"].to_list()
    assert sources and all("/" not in s and "\\" not in s for s in sources)
    assert "6201.xlsx" in sources
