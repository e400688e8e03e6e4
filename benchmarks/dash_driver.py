"""Drives a Dash app's callbacks the way its browser renderer does, through any HTTP-like client.

A page visit is: the page's HTML, `/_dash-layout`, `/_dash-dependencies`, the callbacks
listening to the URL (the pages router and the navbar), then every callback that the
router's returned layout makes fire on mount (inputs in the new layout, no
`prevent_initial_call`), then whatever their outputs set off in turn, with input and
state values taken from the layout the server itself produced. An infinite-model AG
Grid asks for its first block of rows as soon as it mounts; a download button is
pressed once. Callbacks are read from `/_dash-dependencies`, so pages added later are
driven without changes here. Pattern-matching ids are not driven (reported as skipped).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

LOCATION = "_pages_location"
PAGES_CONTENT = "_pages_content.children"
BLOCK = 100  # rows per block when a grid does not say


@dataclass
class Reply:
    """What one request gave back: seconds as the client saw them, and as the server reported them."""

    status: int
    body: bytes
    seconds: float
    server_seconds: float | None = None

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


class Client(Protocol):
    """A logged-in client: a real HTTP session or Flask's test client behind the same calls."""

    def get(self, path: str) -> Reply: ...

    def post(self, path: str, body: dict[str, Any]) -> Reply: ...


@dataclass
class Call:
    """One request of a page visit, to replay: a GET (body None) or a callback POST."""

    page: str
    label: str
    path: str
    body: dict[str, Any] | None = None
    reply: Reply | None = None

    @property
    def is_callback(self) -> bool:
        return self.body is not None


@dataclass
class Visit:
    """Everything one page visit asked of the server, and what the page ended up holding."""

    url: str
    calls: list[Call] = field(default_factory=list)
    props: dict[str, Any] = field(default_factory=dict)  # "id.prop" -> value
    types: dict[str, str] = field(default_factory=dict)  # id -> component type
    skipped: set[str] = field(default_factory=set)  # callbacks not driven (pattern-matching ids)


def label(dependency: dict[str, Any]) -> str:
    """A callback's name for tables: its outputs without Dash's duplicate-output hashes."""
    parts = [p.partition("@")[0] for p in dependency["output"].strip(".").split("...")]
    return " + ".join(parts)


def outputs(dependency: dict[str, Any]) -> list[tuple[str, str]]:
    """(id, property) of each output."""
    found = []
    for part in dependency["output"].strip(".").split("..."):
        name, _, prop = part.partition("@")[0].rpartition(".")
        found.append((name, prop))
    return found


def is_pattern(dependency: dict[str, Any]) -> bool:
    """Whether the callback uses pattern-matching (dict) ids."""
    items = dependency["inputs"] + dependency["state"]
    return dependency["output"].lstrip(".").startswith("{") or any(
        isinstance(i["id"], dict) for i in items
    )


def body(dependency: dict[str, Any], values: dict[str, Any], changed: list[str]) -> dict[str, Any]:
    """The JSON the renderer posts to /_dash-update-component for one callback."""

    def fill(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            {
                "id": i["id"],
                "property": i["property"],
                "value": values.get(f"{i['id']}.{i['property']}"),
            }
            for i in items
        ]

    outs = [{"id": name, "property": prop} for name, prop in outputs(dependency)]
    return {
        "output": dependency["output"],
        "outputs": outs if len(outs) > 1 else outs[0],
        "inputs": fill(dependency["inputs"]),
        "state": fill(dependency["state"]),
        "changedPropIds": changed,
    }


# Props that hold data, never components: not walked looking for them.
DATA = ("figure", "data", "rowData", "columnDefs", "style")


def components(node: Any) -> Iterator[dict[str, Any]]:
    """Every component (with its props) in a layout tree, depth first.

    With a stack of its own: a recursive generator passes each component up through every level
    above it, which made the load generator's walks cost as much CPU as the server's answers. A
    figure, a store's or a grid's data are not walked (a map's traces are thousands of numbers)."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "props" in item and "type" in item:
                yield item
                props = item.get("props") or {}
                values = [v for k, v in props.items() if k not in DATA]
            else:
                values = list(item.values())
            stack.extend(reversed([v for v in values if isinstance(v, (dict, list))]))
        elif isinstance(item, list):
            stack.extend(reversed([v for v in item if isinstance(v, (dict, list))]))


class Driver:
    """Visits pages of one app as one logged-in user."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.dependencies: list[dict[str, Any]] = []

    def visit(self, url: str) -> Visit:
        """Load one page as a browser does and run every callback its first render fires."""
        visit = Visit(url)
        parts = urlsplit(url)
        self._get(visit, "page HTML", url)
        self._get(visit, "/_dash-layout", "/_dash-layout")
        deps = self._get(visit, "/_dash-dependencies", "/_dash-dependencies")
        self.dependencies = deps.json() if deps.status == 200 else []
        shell = self._get_json(visit, "/_dash-layout")
        self._mount(visit, shell, initial=False)
        search = f"?{parts.query}" if parts.query else ""
        visit.props.update(
            {f"{LOCATION}.pathname": parts.path or "/", f"{LOCATION}.search": search}
        )
        self._changed(visit, [f"{LOCATION}.pathname", f"{LOCATION}.search"])
        return visit

    def fire(
        self, visit: Visit, dependency: dict[str, Any], name: str, values: dict[str, Any]
    ) -> Reply:
        """Post one callback with some values changed from what the page holds."""
        props = visit.props | values
        changed = [
            k
            for k in values
            if any(f"{i['id']}.{i['property']}" == k for i in dependency["inputs"])
        ]
        call = Call(
            visit.url, name, "/_dash-update-component", body(dependency, props, changed[:1])
        )
        call.reply = self.client.post(call.path, call.body)  # type: ignore[arg-type]
        _add(visit, call)
        return call.reply

    def _get(self, visit: Visit, name: str, path: str) -> Reply:
        call = Call(visit.url, name, path)
        call.reply = self.client.get(path)
        _add(visit, call)
        return call.reply

    def _get_json(self, visit: Visit, path: str) -> Any:
        reply = next(c.reply for c in reversed(visit.calls) if c.path == path and c.reply)
        return reply.json() if reply.status == 200 else None

    def _mount(self, visit: Visit, tree: Any, initial: bool = True) -> None:
        """Components appear: note their props, then fire what their mount fires."""
        mounted = []
        for node in components(tree):
            props = node.get("props") or {}
            name = props.get("id")
            if not isinstance(name, str):
                continue
            visit.types[name] = node["type"]
            for prop, value in props.items():
                if prop not in ("id", "children"):
                    visit.props[f"{name}.{prop}"] = value
                    mounted.append(f"{name}.{prop}")
            mounted.append(f"{name}.children")
        if not initial:
            return
        for dependency in self.dependencies:
            if dependency.get("clientside_function") or dependency.get("prevent_initial_call"):
                continue
            if is_pattern(dependency):
                visit.skipped.add(label(dependency))
                continue
            ids = {f"{i['id']}.{i['property']}" for i in dependency["inputs"]}
            present = {f"{i['id']}" for i in dependency["inputs"] + dependency["state"]}
            if ids & set(mounted) and all(p in visit.types for p in present):
                self._run(visit, dependency, label(dependency), [])
        for name, kind in list(visit.types.items()):
            if kind == "AgGrid" and f"{name}.children" in mounted:
                self._grid_asks(visit, name)

    def _grid_asks(self, visit: Visit, grid: str) -> None:
        """An infinite-model grid asks the server for its first block as soon as it mounts."""
        if visit.props.get(f"{grid}.rowModelType") != "infinite":
            return
        options = visit.props.get(f"{grid}.dashGridOptions") or {}
        request = {
            "startRow": 0,
            "endRow": options.get("cacheBlockSize", BLOCK),
            "sortModel": [],
            "filterModel": {},
        }
        visit.props[f"{grid}.getRowsRequest"] = request
        self._changed(visit, [f"{grid}.getRowsRequest"], "first block")

    def _changed(self, visit: Visit, props: list[str], variant: str = "") -> None:
        """Props changed in the page: fire every callback listening to one of them."""
        for dependency in self.dependencies:
            if dependency.get("clientside_function"):
                continue
            inputs = [f"{i['id']}.{i['property']}" for i in dependency["inputs"]]
            hit = [p for p in props if p in inputs]
            if not hit:
                continue
            if is_pattern(dependency):
                visit.skipped.add(label(dependency))
                continue
            name = label(dependency) + (f" ({variant})" if variant else "")
            self._run(visit, dependency, name, hit[:1])

    def _run(self, visit: Visit, dependency: dict[str, Any], name: str, changed: list[str]) -> None:
        call = Call(
            visit.url, name, "/_dash-update-component", body(dependency, visit.props, changed)
        )
        call.reply = self.client.post(call.path, call.body)
        _add(visit, call)
        if call.reply.status != 200:
            return
        answer = call.reply.json() or {}
        updates = answer.get("response", {})
        new: list[str] = []
        trees = []
        for name_, props in updates.items():
            for prop, value in props.items():
                key = f"{name_}.{prop}"
                if key == f"{LOCATION}.search" or key == f"{LOCATION}.href":
                    continue  # navigation: a page of its own, visited on purpose elsewhere
                visit.props[key] = value
                new.append(key)
                if prop == "children":
                    trees.append(value)
        for tree in trees:
            self._mount(visit, tree)
        self._changed(visit, [k for k in new if not k.endswith(".children")])


def _add(visit: Visit, call: Call) -> None:
    """Keep a request, named uniquely within its visit (a callback may fire twice)."""
    taken = {c.label for c in visit.calls}
    base, n = call.label, 2
    while call.label in taken:
        call.label, n = f"{base} #{n}", n + 1
    visit.calls.append(call)


def downloads(dependencies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Callbacks that answer a button press with a file (dcc.Download data)."""
    return [
        d
        for d in dependencies
        if not d.get("clientside_function")
        and any(i["property"] == "n_clicks" for i in d["inputs"])
        and any(prop == "data" for _name, prop in outputs(d))
        and not is_pattern(d)
    ]


def grids(visit: Visit) -> list[str]:
    """Ids of the infinite-model grids on a page."""
    return [
        name
        for name, kind in visit.types.items()
        if kind == "AgGrid" and visit.props.get(f"{name}.rowModelType") == "infinite"
    ]
