"""A throw-away PostgreSQL cluster on 127.0.0.1 (a free port), for the tests and the benchmarks.

    with Cluster.started() as cluster:
        url = cluster.new_database()   # postgresql+psycopg://postgres@127.0.0.1:PORT/NAME

Debian's programs (`tasks.postgres_bin`); as root, initdb and postgres refuse to run, so they run
as the `postgres` account. Made with fsync off: a cluster for one run, removed afterwards.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import tasks


class Cluster:
    """A running cluster: its folder (data, socket, log) and port."""

    def __init__(self, binaries: Path, folder: Path, port: int, max_connections: int) -> None:
        self.binaries, self.folder, self.port = binaries, folder, port
        self.max_connections = max_connections
        self.made = 0

    def start(self) -> None:
        """Start the server (waits until it accepts connections)."""
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
            f" -c max_connections={self.max_connections}"
        )
        subprocess.run(
            _as_postgres([str(self.binaries / "pg_ctl"), "-D", str(self.folder / "data"),
                          "-o", options, "-l", str(self.folder / "log"), "-w", "start"]),
            check=True, capture_output=True,
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        """Stop the server: `fast` ends every client's connection, as a restart does."""
        subprocess.run(
            _as_postgres([str(self.binaries / "pg_ctl"), "-D", str(self.folder / "data"),
                          "-m", mode, "-w", "stop"]),
            check=False, capture_output=True,
        )  # fmt: skip

    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy URL of one database of the cluster (psycopg 3)."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """The URL of a new, empty database."""
        import psycopg

        self.made += 1
        name = f"t{os.getpid()}_{self.made}"
        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres", autocommit=True
        ) as con:
            con.execute(f'create database "{name}"')
        return self.url(name)

    @classmethod
    @contextmanager
    def started(cls, max_connections: int = 200) -> Iterator[Cluster]:
        """A new cluster for the with-block; stopped and removed after it.

        Raises LookupError when PostgreSQL is not installed."""
        binaries = tasks.postgres_bin()
        if binaries is None:
            raise LookupError(
                "PostgreSQL is missing: `python3 tasks.py test` installs Debian's postgresql"
            )
        folder = Path(tempfile.mkdtemp(prefix="tonbaeb-pg-"))
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres", "postgres")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        cluster = cls(binaries, folder, port, max_connections)
        try:
            subprocess.run(
                _as_postgres([str(binaries / "initdb"), "-D", str(folder / "data"), "-U",
                              "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale", "C"]),
                check=True, capture_output=True,
            )  # fmt: skip
            cluster.start()
            yield cluster
        finally:
            cluster.stop("immediate")
            shutil.rmtree(folder, ignore_errors=True)


def _as_postgres(command: list[str]) -> list[str]:
    """As root, initdb and postgres refuse to run: run them as the `postgres` account."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command
