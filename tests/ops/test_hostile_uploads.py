"""Crafted uploads against a real `tonbaeb serve --workers 2`: every worker stays up,
other users' requests succeed while the uploads run, and each upload is answered with a
message naming the file; the worker's memory stays bounded."""

from __future__ import annotations

import base64
import json
import threading
from typing import Any

import psutil
import requests

from core.home import Home
from tests.etl import hostile
from tests.ops.conftest import sign_in, wait_until

XLSX = "data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,"
ZIP = "data:application/zip;base64,"
CRAFTED = [  # (file name, bytes, data URL prefix, words the answer holds)
    ("far.xlsx", hostile.far_cell("XFD1048576"), XLSX, "XFD1048576"),
    ("unreferenced.xlsx", hostile.unreferenced_cells(), XLSX, "MB of memory"),
    ("nested.zip", hostile.zipped_workbook(hostile.entity_workbook()), ZIP, "DOCTYPE"),
    ("wide.zip", hostile.wide_csv_zip(), ZIP, "wide.zip"),
]


def upload_body(session: requests.Session, base: str, name: str, data: bytes, prefix: str) -> bytes:
    """The upload callback's body, as the renderer writes it (output first, no spaces)."""
    dependency = next(
        d
        for d in session.get(f"{base}/_dash-dependencies", timeout=60).json()
        if any(i["id"] == "submit-upload" and i["property"] == "contents" for i in d["inputs"])
    )
    values = {
        "submit-upload.contents": prefix + base64.b64encode(data).decode(),
        "submit-upload.filename": name,
        "submit-district.value": "6205",
        "submit-state.data": {"lang": "en"},
    }

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
        {"id": part.rpartition(".")[0], "property": part.rpartition(".")[2]}
        for part in dependency["output"].strip(".").split("...")
    ]
    body = {
        "output": dependency["output"],
        "outputs": outputs,
        "inputs": fill(dependency["inputs"]),
        "state": fill(dependency["state"]),
        "changedPropIds": ["submit-upload.contents"],
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def test_crafted_uploads_leave_every_worker_alive_and_other_users_served(
    home_copy: Home, serve
) -> None:  # type: ignore[no-untyped-def]
    served = serve(home_copy, workers=2)
    master = psutil.Process(served.process.pid)
    workers = {c.pid for c in master.children()}
    assert len(workers) == 2
    officer, director = sign_in(served.base, "officer6205"), sign_in(served.base, "director10")
    statuses: list[int | str] = []
    stop = threading.Event()

    def browse() -> None:  # another user of another province, all along
        for _ in range(100_000):  # bounded: stops when told, long before this
            if stop.is_set():
                return
            try:
                statuses.append(director.get(f"{served.base}/_dash-layout", timeout=60).status_code)
            except requests.RequestException as error:
                statuses.append(repr(error))

    thread = threading.Thread(target=browse)
    thread.start()
    answers = {}
    try:
        for round_ in range(2):
            for name, data, prefix, _words in CRAFTED:
                answer = officer.post(
                    f"{served.base}/_dash-update-component",
                    timeout=300,
                    data=upload_body(officer, served.base, name, data, prefix),
                    headers={"Content-Type": "application/json"},
                )
                answers[(round_, name)] = (answer.status_code, answer.text)
        wait_until(lambda: len(statuses) >= 20, 60, "page views beside the uploads")
    finally:
        stop.set()
        thread.join(timeout=120)
    for (_round, name), (status, text) in answers.items():
        words = next(w for n, _d, _p, w in CRAFTED if n == name)
        assert status == 200 and words in text, (name, status, text[:500])
        assert "Traceback" not in text
    assert {c.pid for c in master.children()} == workers  # no worker died and was replaced
    assert statuses and all(s == 200 for s in statuses), [s for s in statuses if s != 200][:5]
    biggest = max(psutil.Process(pid).memory_info().rss for pid in workers)
    assert biggest < 1024 * 2**20, f"a worker holds {biggest / 2**20:.0f} MB"
    assert not any(
        "SIGABRT" in line or "was sent SIGKILL" in line or "Worker exiting" in line
        for line in served.lines()
    )
