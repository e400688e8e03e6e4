"""Page state lives in the URL query string."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode


def params_of(search: str | None) -> dict[str, str]:
    """The query string as a dict (first value of each key)."""
    return {k: v[0] for k, v in parse_qs((search or "").lstrip("?")).items()}


def with_params(search: str | None, **changes: object) -> str:
    """The query string with some keys set (None or '' removes a key)."""
    params = params_of(search)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    return "?" + urlencode(params)
