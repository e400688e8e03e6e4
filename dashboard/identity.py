"""Which server answered: `X-Tonbaeb-Server` on every response.

Behind a reverse proxy with several `tonbaeb serve` processes, the header names the one that
answered: its name (`tonbaeb serve --server-id NAME`, else `<host name>:<port>`) and the process id
of the worker, `X-Tonbaeb-Server: app2:8050:41230`. It says nothing a visitor could not learn
by asking twice, and tells an operator whose log to read.
"""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Callable
from typing import Any

HEADER = "X-Tonbaeb-Server"
NAME = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


def default_name(port: int | None = None) -> str:
    """`<host name>:<port>` (the host name alone when the port is not known)."""
    host = socket.gethostname()
    return f"{host}:{port}" if port is not None else host


def check_name(name: str) -> str:
    """The name, if it fits a header (letters, digits, `.`, `_`, `:`, `-`; 1-64); else ValueError."""
    if not NAME.match(name):
        raise ValueError(
            f"{name!r}: 1-64 characters among letters, digits and . _ : - (it goes into a header)"
        )
    return name


def identified(wsgi_app: Callable[..., Any], name: str) -> Callable[..., Any]:
    """The WSGI app, adding `X-Tonbaeb-Server: <name>:<pid>` to every response (errors too)."""
    value = f"{check_name(name)}:{os.getpid()}"  # built in the worker, after the fork

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        def starting(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            headers.append((HEADER, value))
            return start_response(status, headers, exc_info)

        return wsgi_app(environ, starting)

    return app
