"""`tonbaeb serve`: the dashboard behind gunicorn, one app per worker process."""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication

from warehouse.home import Home


class Server(BaseApplication):  # type: ignore[misc]
    """Gunicorn with its settings given here rather than on its own command line."""

    def __init__(self, home: Home, options: dict[str, Any]) -> None:
        self.home = home
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from dashboard.app import create_app

        return create_app(self.home).server


def serve(home: Home, host: str, port: int, workers: int) -> None:
    """Serve until interrupted. Each worker builds its own app after the fork."""
    Server(
        home,
        {
            "bind": f"{host}:{port}",
            "workers": max(1, workers),
            "threads": 4,
            "worker_class": "gthread",
            "timeout": 60,
            "accesslog": "-",
            "preload_app": False,
        },
    ).run()
