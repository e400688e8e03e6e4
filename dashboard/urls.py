"""Page state lives in the URL query string."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

LOCATION = "_pages_location"  # Dash pages' own dcc.Location: the URL is the page state


def params_of(search: object) -> dict[str, str]:
    """The query string as a dict (first value of each key); anything odd gives {}."""
    if not isinstance(search, str):
        return {}
    return {k: v[0] for k, v in parse_qs(search.lstrip("?")).items()}


def with_params(search: object, **changes: object) -> str:
    """The query string with some keys set (None or '' removes a key)."""
    params = params_of(search)
    for key, value in changes.items():
        if value is None or value == "" or value == []:
            params.pop(key, None)
        elif isinstance(value, list):
            params[key] = ",".join(str(v) for v in value)
        else:
            params[key] = str(value)
    return "?" + urlencode(params) if params else ""
