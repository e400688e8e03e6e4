"""Two provinces with distinctive names, accounts of every role, and a logged-in client."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import flask.testing
import pytest

os.environ.setdefault("TONBAEB_FAST_HASH", "1")

from accounts.store import open_store  # noqa: E402
from accounts.users import add_user  # noqa: E402
from etl.pipeline import run  # noqa: E402
from etl.sources import Source  # noqa: E402
from tests.conftest import FIXTURES  # noqa: E402
from tonbaeb.generate import generate  # noqa: E402
from warehouse.home import Home  # noqa: E402
from warehouse.rules import load_rules  # noqa: E402

PASSWORD = "correct-horse-62"
TODAY = date(2026, 11, 24)
# Club and member names that only exist in one tenant or district: if any of them
# shows up in another scope's response, isolation is broken.
SECRET_CLUB_10 = "ชมรมลับเฉพาะกรุงเทพ"
SECRET_MEMBER_6201 = "สมศรี ลับเฉพาะเมือง"
XSS_CLUB = "<img src=x onerror=alert(1)>"
XSS_PARTNER = "<script>alert(1)</script>"
FORMULA_CLUB = '=HYPERLINK("http://x","y")'
ACCOUNTS = {
    "director62": ("director", "62", None),
    "officer6205": ("officer", "62", "6205"),
    "director10": ("director", "10", None),
    "national": ("national", None, None),
    "admin62": ("admin", "62", None),
}


def _plant(folder: Path, club_name: str, member_name: str | None = None, partner: str | None = None) -> None:
    """Rename the first generated club (and member, partner) to a recognisable value."""
    clubs = folder / "clubs.csv"
    lines = clubs.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[1] = '"' + club_name.replace('"', '""') + '"'
    lines[1] = ",".join(cells)
    clubs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if member_name:
        members = folder / "members.csv"
        rows = members.read_text(encoding="utf-8").splitlines()
        cells = rows[1].split(",")
        cells[2] = member_name
        rows[1] = ",".join(cells)
        members.write_text("\n".join(rows) + "\n", encoding="utf-8")
    if partner:
        activities = folder / "activities.csv"
        rows = activities.read_text(encoding="utf-8").splitlines()
        for n, row in enumerate(rows[1:], start=1):
            if ",partner_joint," in row:
                cells = row.split(",")
                cells[5] = '"' + partner + '"'
                rows[n] = ",".join(cells)
                break
        activities.write_text("\n".join(rows) + "\n", encoding="utf-8")


@pytest.fixture(scope="session")
def two_provinces(tmp_path_factory: pytest.TempPathFactory) -> Home:
    """Provinces 62 and 10 loaded from generated data, plus every kind of account."""
    root = tmp_path_factory.mktemp("dash")
    inbox = root / "inbox"
    generate(inbox, ["62", "10"], [2567, 2568], fmt="csv", messy_share=0.0, invalid_share=0.0,
             clubs_per_district=(3, 4), districts=["6201", "6205", "1001"], today=TODAY)
    _plant(inbox / "1001", SECRET_CLUB_10)
    _plant(inbox / "6201", "ชมรมเมืองกำแพงเพชร", SECRET_MEMBER_6201)
    _plant(inbox / "6205", XSS_CLUB, partner=XSS_PARTNER)
    clubs = inbox / "6205" / "clubs.csv"
    lines = clubs.read_text(encoding="utf-8").splitlines()
    cells = lines[2].split(",")
    lines[2] = ",".join([cells[0], '"' + FORMULA_CLUB.replace('"', '""') + '"', *cells[2:]])
    clubs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    home = Home(root / "home")
    sources = [Source(d[:2], d, str(inbox / d)) for d in ("6201", "6205", "1001")]
    outcomes = run(home, sources, load_rules(None), today=TODAY, workers=1)
    assert all(o.status == "loaded" for o in outcomes), outcomes
    store = open_store(home)
    for username, (role, province, district) in ACCOUNTS.items():
        add_user(store, username, role, province, district, PASSWORD)
    return home


@pytest.fixture(scope="session")
def app(two_provinces: Home) -> Any:
    from dashboard.app import create_app

    return create_app(two_provinces)


def login(client: flask.testing.FlaskClient, username: str, password: str = PASSWORD) -> Any:
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))
    assert token, "login page has a CSRF field"
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token.group(1)})


@pytest.fixture
def client_as(app: Any) -> Iterator[Any]:
    """A function giving a logged-in test client for a user."""

    def make(username: str) -> flask.testing.FlaskClient:
        client = app.server.test_client()
        response = login(client, username)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    yield make


def call(client: flask.testing.FlaskClient, dependency: dict[str, Any], values: dict[str, Any]) -> Any:
    """POST one callback as the browser would, filling inputs and state from `values` (by id.prop)."""

    def fill(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{"id": i["id"], "property": i["property"], "value": values.get(f"{i['id']}.{i['property']}")} for i in items]

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
    return client.post("/_dash-update-component", json=body)
