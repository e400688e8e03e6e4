"""Callback bodies against the real dashboard app: only the upload's callback may be larger than
CALLBACK_LIMIT (and only for a sender), and a body must carry as many inputs, states and outputs as its
callback declares."""

from __future__ import annotations

import json
from typing import Any

import flask.testing
import pytest

from accounts.audit import read as read_audit
from accounts.store import open_store
from core.home import Home
from dashboard.limits import CALLBACK_LIMIT

PADDING = "x" * (CALLBACK_LIMIT + 1024)


def dependencies(client: flask.testing.FlaskClient) -> dict[str, dict[str, Any]]:
    return {d["output"]: d for d in client.get("/_dash-dependencies").json}


def body(dependency: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """A callback body as the renderer builds it (output first), inputs and state filled from `values`."""

    def fill(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            {
                "id": i["id"],
                "property": i["property"],
                "value": values.get(f"{i['id']}.{i['property']}"),
            }
            for i in items
        ]

    outputs = [
        dict(zip(("id", "property"), part.rsplit(".", 1), strict=True))
        for part in dependency["output"].strip(".").split("...")
    ]
    return {
        "output": dependency["output"],
        "outputs": outputs if dependency["output"].startswith("..") else outputs[0],
        "inputs": fill(dependency["inputs"]),
        "changedPropIds": [
            f"{dependency['inputs'][0]['id']}.{dependency['inputs'][0]['property']}"
        ],
        "state": fill(dependency["state"]),
    }


def post(client: flask.testing.FlaskClient, sent: dict[str, Any] | bytes) -> Any:
    data = sent if isinstance(sent, bytes) else json.dumps(sent, separators=(",", ":")).encode()
    return client.post("/_dash-update-component", data=data, content_type="application/json")


def exports(home: Home) -> int:
    return sum(
        e["action"] == "export_leaderboard"
        for e in read_audit(open_store(home), None, limit=100_000)
    )


@pytest.mark.parametrize("username", ["officer6205", "director62"])
def test_a_large_body_to_any_callback_but_the_upload_is_refused_before_it_runs(
    client_as: Any, two_provinces: Home, username: str
) -> None:
    client = client_as(username)
    download = dependencies(client)["leaderboard-download.data"]
    values = {
        "leaderboard-download-button.n_clicks": 1,
        "leaderboard-state.data": {"fy": 2568, "lang": "th"},
    }
    before = exports(two_provinces)
    padded = body(
        download, values | {"leaderboard-state.data": {"fy": 2568, "lang": "th", "pad": PADDING}}
    )
    answer = post(client, padded)
    assert answer.status_code == 413 and answer.is_json
    assert exports(two_provinces) == before  # the export never ran: nothing audited
    assert (
        post(client, body(download, values)).status_code == 200
    )  # the same callback, small: served and audited
    assert exports(two_provinces) == before + 1


def test_a_body_that_names_the_upload_first_and_another_callback_last_is_refused(
    client_as: Any, two_provinces: Any
) -> None:
    client = client_as("director62")
    found = dependencies(client)
    upload = next(
        o
        for o, d in found.items()
        if {"id": "submit-upload", "property": "contents"} in d["inputs"]
    )
    download = body(
        found["leaderboard-download.data"],
        {
            "leaderboard-download-button.n_clicks": 1,
            "leaderboard-state.data": {"fy": 2568, "pad": PADDING},
        },
    )
    forged = (
        b'{"output":'
        + json.dumps(upload).encode()
        + b","
        + json.dumps(download, separators=(",", ":")).encode()[1:]
    )
    before = exports(two_provinces)
    answer = post(client, forged)
    assert answer.status_code == 400 and answer.json["error"].startswith(
        "malformed callback request"
    )
    assert exports(two_provinces) == before


@pytest.mark.parametrize("username", ["national", "admin62"])
def test_a_large_body_to_the_upload_callback_is_refused_for_someone_who_sends_no_data(
    client_as: Any, username: str
) -> None:
    client = client_as(username)
    upload = next(
        d for d in client.get("/_dash-dependencies").json if d["inputs"][0]["id"] == "submit-upload"
    )
    answer = post(
        client, body(upload, {"submit-upload.contents": "data:application/zip;base64," + PADDING})
    )
    assert answer.status_code == 413 and answer.is_json


def test_a_large_body_to_the_upload_callback_must_begin_as_the_renderer_writes_it(
    client_as: Any,
) -> None:
    client = client_as("officer6205")
    upload = next(
        d for d in client.get("/_dash-dependencies").json if d["inputs"][0]["id"] == "submit-upload"
    )
    sent = body(upload, {"submit-upload.contents": "data:application/zip;base64," + PADDING})
    reordered = json.dumps(
        sent, sort_keys=True
    ).encode()  # "changedPropIds" first: no browser sends this
    assert post(client, reordered).status_code == 413


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda b: b | {"inputs": []}, "inputs"),
        (lambda b: b | {"state": []}, "state"),
        (lambda b: {k: v for k, v in b.items() if k != "state"}, "state"),
        (lambda b: b | {"state": b["state"] + b["state"][:1]}, "state"),
        (lambda b: b | {"outputs": b["outputs"][:1]}, "outputs"),
        (lambda b: b | {"outputs": b["outputs"][0]}, "outputs"),
    ],
    ids=[
        "no inputs",
        "no state",
        "state left out",
        "a state too many",
        "an output too few",
        "outputs not a list",
    ],
)
def test_a_body_with_fewer_or_more_dependencies_than_declared_gets_a_400(
    client_as: Any, change: Any, problem: str
) -> None:
    client = client_as("director62")
    rows = next(
        d for o, d in dependencies(client).items() if "leaderboard-count.children" in o
    )  # 2 outputs, 1 input, 1 state
    values = {
        "leaderboard-grid.getRowsRequest": {"startRow": 0, "endRow": 10},
        "leaderboard-state.data": {"fy": 2568},
    }
    assert post(client, body(rows, values)).status_code == 200
    answer = post(client, change(body(rows, values)))
    assert (
        answer.status_code == 400
        and answer.json["error"] == f"malformed callback request: {problem}"
    )
