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


STATE = {"province": "62", "district": "6205", "fy": 2568, "lang": "th"}  # a director's exemplars


def propose(
    session: requests.Session,
    base: str,
    reason: str,
    dependencies: list[dict[str, Any]] | None = None,
) -> requests.Response:
    """Propose club 6205-004 as an exemplar of FY 2568 through the exemplars page's callback."""
    return callback(
        session,
        base,
        "..exemplars-feedback.children",
        {
            "exemplars-submit.n_clicks": 1,
            "exemplars-club.value": "6205/6205-004",
            "exemplars-action.value": "propose",
            "exemplars-reason.value": reason,
            "exemplars-state.data": STATE,
            "exemplars-version.data": 0,
        },
        dependencies,
    )


def history(session: requests.Session, base: str) -> requests.Response:
    """The exemplars page's decision history, as its callback answers it."""
    return callback(
        session,
        base,
        "exemplars-history.children",
        {"exemplars-state.data": STATE, "exemplars-version.data": 1},
    )
