"""Every callback, replayed with another tenant's and another district's identifiers.

The callbacks are enumerated from the app's own /_dash-dependencies, so callbacks
added later are covered without editing this file.
"""

from __future__ import annotations

import base64
import io
import json
import zipfile
from typing import Any

import pytest

from tests.dashboard.conftest import SECRET_CLUB_10, SECRET_MEMBER_6201, call

PAGES = ("/", "/leaderboard", "/district", "/club", "/quality", "/nowhere")
SEARCHES = (
    "?province=10&district=1001&club=1001-001&fy=2568",
    "?province=10&district=1001&club=1001-001&lang=en",
    "?district=6201&club=6201-001&fy=2568",
    "?district=6201&club=6201-001",
    "?district=../../10&club=';drop table clubs;--&fy=abc",
    "",
)
FORGED_VALUES = ("1001", "10", "6201", "6201-001", "1001-001", None, 2568, "' or 1=1 --", {"province": "10"})


def visible_text(response: Any) -> str:
    """Everything a response carries, with downloads (base64 workbooks) opened up."""
    raw = response.get_data(as_text=True)
    try:
        payload = json.loads(raw)
    except ValueError:
        return raw
    texts = [json.dumps(payload, ensure_ascii=False)]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("base64") and isinstance(node.get("content"), str):
                data = base64.b64decode(node["content"])
                try:
                    with zipfile.ZipFile(io.BytesIO(data)) as archive:
                        texts.extend(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
                except zipfile.BadZipFile:
                    texts.append(data.decode("utf-8", "replace"))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(payload)
    return "\n".join(texts)


def attacks(dependency: dict[str, Any]) -> list[dict[str, Any]]:
    """Input and state values naming other tenants and districts, for one callback."""
    names = [f"{i['id']}.{i['property']}" for i in dependency["inputs"] + dependency["state"]]
    plans = []
    for page in PAGES:
        for search in SEARCHES:
            plans.append({"_pages_location.pathname": page, "_pages_location.search": search, "app-url.pathname": page, "app-url.search": search})
    for forged in FORGED_VALUES:
        values: dict[str, Any] = {}
        for name in names:
            if name.endswith("getRowsRequest"):
                values[name] = {"startRow": 0, "endRow": 1000, "sortModel": [], "filterModel": {"province": forged}}
            elif name.endswith("n_clicks"):
                values[name] = 1
            elif name.endswith(".search"):
                values[name] = f"?province=10&district=1001&club=1001-001&q={forged}"
            elif name.endswith(".pathname"):
                values[name] = "/club"
            else:
                values[name] = forged
        plans.append(values)
    return plans


@pytest.mark.parametrize(
    ("username", "forbidden"),
    [
        ("director62", (SECRET_CLUB_10,)),
        ("officer6205", (SECRET_CLUB_10, SECRET_MEMBER_6201)),
        ("national", (SECRET_MEMBER_6201,)),
        ("director10", (SECRET_MEMBER_6201, "ชมรมเมืองกำแพงเพชร")),
        ("admin62", (SECRET_MEMBER_6201, "ชมรมเมืองกำแพงเพชร", SECRET_CLUB_10)),
    ],
)
def test_no_callback_leaks_across_tenants_or_districts(client_as: Any, username: str, forbidden: tuple[str, ...]) -> None:
    client = client_as(username)
    dependencies = client.get("/_dash-dependencies").json
    assert len(dependencies) >= 8
    replayed = 0
    for dependency in dependencies:
        if dependency.get("clientside_function"):
            continue
        for values in attacks(dependency):
            response = call(client, dependency, values)
            text = visible_text(response)
            assert response.status_code in (200, 204), (dependency["output"], values, text[:300])
            assert "Traceback" not in text
            for name in forbidden:
                assert name not in text, (username, dependency["output"], values)
            replayed += 1
    assert replayed > 100


def test_the_check_can_see_names_where_they_are_allowed(client_as: Any) -> None:
    """The positive control: the director of 62 does get the member name of district 6201."""
    client = client_as("director62")
    router = next(d for d in client.get("/_dash-dependencies").json if "_pages_content" in d["output"])
    response = call(client, router, {"_pages_location.pathname": "/club", "_pages_location.search": "?district=6201&club=6201-001"})
    assert SECRET_MEMBER_6201 in visible_text(response)
    response = call(client_as("director10"), router, {"_pages_location.pathname": "/", "_pages_location.search": ""})
    assert response.status_code == 200


def test_unauthenticated_callbacks_get_nothing(app: Any) -> None:
    client = app.server.test_client()
    response = client.post("/_dash-update-component", json={"output": "app-nav.children"})
    assert response.status_code == 401
    assert response.json == {"error": "login required"}
    assert client.get("/_dash-dependencies").status_code == 401
    assert client.get("/_dash-layout").status_code == 401
