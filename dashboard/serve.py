"""`tonbaeb serve`: the dashboard behind gunicorn, one app built in each worker process."""

from __future__ import annotations

import gc
import re
from pathlib import Path
from typing import Any

from gunicorn.app.base import BaseApplication

from core.home import Home
from dashboard import identity

POOL_THREAD = re.compile(r"^polars-[0-9]+$")
TASKS = Path("/proc/self/task")
THREADS = 64  # per worker: sign-ins waiting for a hashing slot hold a thread each (see options)
KEEPALIVE = 75  # seconds
TIMEOUT = 60  # seconds
GRACEFUL_TIMEOUT = 30  # seconds


class Server(BaseApplication):  # type: ignore[misc]
    """Gunicorn with its settings given here rather than on its own command line."""

    def __init__(
        self,
        home: Home,
        options: dict[str, Any],
        trusted_proxies: tuple[str, ...] = (),
        server_id: str | None = None,
    ) -> None:
        self.home = home
        self.options = options
        self.trusted_proxies = trusted_proxies
        self.server_id = server_id
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        """The WSGI app, built after the fork (each worker opens its own connections).

        What the app is built from (modules, layouts, registries, the DOPA list of places:
        about 100,000 objects) lives as long as the worker, so it is frozen out of the garbage
        collector's full passes, which otherwise pause a request for 25 to 75 ms now and then.
        """
        from core.events import setup
        from core.formats import load_places
        from dashboard.app import create_app

        setup()
        load_places()
        server = create_app(
            self.home, trusted_proxies=self.trusted_proxies, server_id=self.server_id
        ).server
        gc.freeze()
        return server


def options(
    host: str, port: int, workers: int, trusted_proxies: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Gunicorn settings for the dashboard (files it makes: owner only).

    - gthread workers: sync workers close every connection after one answer (they
      ignore keep-alive); threads keep connections open and serve a few at once. A
      sign-in waiting for a hashing slot (accounts/passwords.py) holds its thread, so a
      worker has enough threads for a storm of sign-ins and the pages beside it: the
      waiting ones use no CPU, and hashes run at a lower priority than pages.
    - keep-alive 75 s, longer than browsers (Chrome and Firefox reuse an idle connection
      for up to 60 s) and proxies (nginx 60 s): the client always closes first, so a
      request never goes out on a connection the server is closing at that moment.
    - timeout: a worker whose main loop does not check in for this long is killed and
      replaced; graceful_timeout: on SIGTERM (stop) or SIGHUP (new workers, then the old
      ones stop) a worker finishes the requests it has before it exits.
    - the access log is ours: one JSON line per request (dashboard/logs.py).
    - no control socket: gunicorn 25.1+ opens one at $XDG_RUNTIME_DIR/gunicorn.ctl or
      ~/.gunicorn/gunicorn.ctl, one path for every server of the user, so a second home's
      server would take over the first's. Signals are the one way to control a server
      (TERM stops, HUP restarts the workers, TTIN/TTOU add or remove one).
    """
    return {
        "bind": f"{host}:{port}",
        "workers": max(1, workers),
        "threads": THREADS,
        "worker_class": "gthread",
        "worker_connections": 1000,
        "keepalive": KEEPALIVE,
        "timeout": TIMEOUT,
        "graceful_timeout": GRACEFUL_TIMEOUT,
        "accesslog": None,
        "errorlog": "-",
        "preload_app": False,
        # Whose X-Forwarded-Proto (https behind a TLS proxy) is believed; the app reads X-Forwarded-For itself.
        "forwarded_allow_ips": ",".join(trusted_proxies) or "127.0.0.1",
        "umask": 0o077,
        "control_socket_disable": True,
    }


def serve(
    home: Home,
    host: str = "127.0.0.1",
    port: int = 8050,
    workers: int = 2,
    trusted_proxies: tuple[str, ...] = (),
    server_id: str | None = None,
) -> None:
    """Serve until interrupted, from a process that has not run polars yet (see `compute_threads`).

    `server_id`: this server's name in the X-Tonbaeb-Server header (dashboard/identity.py);
    default `<host name>:<port>`.
    """
    running = compute_threads()
    if running:
        raise RuntimeError(
            f"tonbaeb serve must start in a fresh process: polars' thread pool already runs here "
            f"({', '.join(running)}), and workers forked from it hang on their first parallel query"
        )
    name = identity.check_name(server_id or identity.default_name(port))
    Server(home, options(host, port, workers, trusted_proxies), trusted_proxies, name).run()


def compute_threads() -> list[str]:
    """Names of this process's polars compute threads (none until polars first works in parallel).

    Gunicorn forks its workers. Threads do not survive a fork, so a worker forked after
    polars started its pool waits forever for pool threads it does not have. (Linux; an
    empty list where /proc is missing.)
    """
    names = []
    for task in sorted(TASKS.iterdir()) if TASKS.is_dir() else []:
        try:
            name = (task / "comm").read_text(encoding="utf-8").strip()
        except OSError:
            continue
        if POOL_THREAD.match(name):
            names.append(name)
    return names
