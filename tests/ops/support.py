"""Helpers of the serving tests: callbacks posted as the renderer posts them."""

from __future__ import annotations

import json
from typing import Any

import requests

from benchmarks.dash_driver import body


def callback(
    session: requests.Session,
    base: str,
    output: str,
    values: dict[str, Any],
    dependencies: list[dict[str, Any]] | None = None,
) -> Any:
    """POST one callback (named by the start of its output) as the renderer does (with the
    app's `/_dash-dependencies` as read before, or read now)."""
    if dependencies is None:
        dependencies = session.get(f"{base}/_dash-dependencies", timeout=30).json()
    dependency = next(d for d in dependencies if d["output"].startswith(output))
    changed = [f"{i['id']}.{i['property']}" for i in dependency["inputs"]][:1]
    return session.post(
        f"{base}/_dash-update-component", json=body(dependency, values, changed), timeout=60
    )


def text(response: requests.Response) -> str:
    """A callback's answer as text (Dash escapes what is not ASCII)."""
    return json.dumps(response.json(), ensure_ascii=False)
