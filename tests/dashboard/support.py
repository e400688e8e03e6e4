"""What the dashboard's callback and page tests share (not a test module): a request of a given
user for calling callbacks as plain functions, the app's page modules, and the pages router's
first answer read as a component tree or as text.

Fixtures (the two-province home, the app, logged-in clients) are in conftest.py.
"""

from __future__ import annotations

import base64
import io
import json
import sys
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import flask
import flask.testing
from plotly.io.json import to_json_plotly

from accounts.scope import Scope
from accounts.store import open_store
from core.home import Home
from tests.dashboard.conftest import ACCOUNTS, DISTRICTS, NOW, PASSWORD, call, publish_province

DIRECTOR = Scope("director62", "director", "62")
OFFICER = Scope("officer6205", "officer", "62", "6205")
ROUTER = "_pages_content.children"


# --- callbacks called as plain functions ----------------------------------------------------------


def page(name: str) -> Any:
    """A page module as the app imported it (Dash imports pages itself, under its own names)."""
    return next(
        m
        for m in list(sys.modules.values())
        if getattr(m, "__file__", "") and m.__file__.endswith(f"dashboard/pages/{name}/__init__.py")
    )


@contextmanager
def as_user(app: Any, scope: Scope) -> Iterator[None]:
    with app.server.test_request_context("/_dash-update-component", method="POST"):
        flask.g.scope = scope
        yield


@contextmanager
def serving(home: Home, scope: Scope) -> Iterator[None]:
    """A request of `scope` to a server of another home (a callback runs against that home), with
    that home's state store (pages show follow-ups and targets from it)."""
    server = flask.Flask("other-home")
    server.config["TONBAEB_HOME"] = home
    store = open_store(home)
    server.extensions["tonbaeb_guard"] = SimpleNamespace(store=store)
    try:
        with server.test_request_context("/_dash-update-component", method="POST"):
            flask.g.scope = scope
            yield
    finally:
        store.close()


# --- what the pages router answers ----------------------------------------------------------------


def drawn(client: flask.testing.FlaskClient, path: str, search: str) -> Any:
    """The page the router answers for `path?search`, as the browser receives it (a component tree)."""
    router = next(d for d in client.get("/_dash-dependencies").json if ROUTER in d["output"])
    answer = call(
        client, router, {"_pages_location.pathname": path, "_pages_location.search": search}
    )
    assert answer.status_code == 200
    return answer.json["response"]["_pages_content"]["children"]


def sent(drawn: object) -> Any:
    """What a part draws as the browser receives it: plain dicts (type, namespace, props)."""
    return json.loads(to_json_plotly(drawn))


def table_rows(drawn: object) -> list[list[str]]:
    """A drawn table's body rows, each cell's text."""
    body = sent(drawn)["props"]["children"][1]["props"]["children"]
    return [[str(cell["props"]["children"]) for cell in row["props"]["children"]] for row in body]


def component(tree: Any, component_id: str) -> dict[str, Any]:
    """The component of `tree` with this id (its type, namespace and props)."""
    if isinstance(tree, dict):
        if tree.get("props", {}).get("id") == component_id:
            return tree
        children = list(tree.get("props", {}).values()) if "props" in tree else list(tree.values())
    elif isinstance(tree, list):
        children = tree
    else:
        return {}
    for child in children:
        found = component(child, component_id)
        if found:
            return found
    return {}


def first_view(client: Any, path: str, search: str) -> str:
    """The pages router's one answer for a URL, as text (what the browser draws first)."""
    dependencies = client.get("/_dash-dependencies").json
    router = next(d for d in dependencies if "_pages_content.children" in d["output"])
    where = {"_pages_location.pathname": path, "_pages_location.search": search}
    response = call(client, router, where)
    assert response.status_code == 200
    return json.dumps(response.json, ensure_ascii=False)


def fires_on_mount(client: Any, prefix: str) -> list[str]:
    """The page's callbacks (an input id, or a pattern id's value, starting with `prefix`) that
    would fire on their own when the page mounts: none may, or the first view is a chain."""

    def on_page(component: object) -> bool:
        names = component.values() if isinstance(component, dict) else [component]
        return any(str(name).startswith(prefix) for name in names)

    return [
        d["output"]
        for d in client.get("/_dash-dependencies").json
        if any(on_page(i["id"]) for i in d["inputs"]) and not d.get("prevent_initial_call")
    ]


# --- what a response carries ----------------------------------------------------------------------


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
                        texts.extend(
                            archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                        )
                except zipfile.BadZipFile:
                    texts.append(data.decode("utf-8", "replace"))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(payload)
    return "\n".join(texts)


# --- a home of a module's own -----------------------------------------------------------------------


def unsigned_app(folder: Path) -> Any:
    """The dashboard on a new home in `folder`: provinces 62 and 10 as the session's, every role,
    and no sign-off yet (the session's home has every year approved)."""
    from accounts.store import open_store
    from accounts.users import add_user
    from dashboard.app import create_app

    home = Home(folder / "home")
    for province in DISTRICTS:
        publish_province(home, province)
    store = open_store(home)
    for username, (role, province, district) in ACCOUNTS.items():
        add_user(store, username, role, province, district, PASSWORD)
    store.close()
    return create_app(home, clock=lambda: NOW.timestamp())


# --- workbooks ------------------------------------------------------------------------------------


def table_of(sheet: Any) -> list[tuple[object, ...]]:
    """An exported sheet's table, headers first: the rows its filter buttons cover (under the
    title block, dashboard/exports.py)."""
    first, last = sheet.auto_filter.ref.split(":")
    top = int("".join(c for c in first if c.isdigit()))
    bottom = int("".join(c for c in last if c.isdigit()))
    return list(sheet.iter_rows(min_row=top, max_row=bottom, values_only=True))
