"""nginx in front of several `tonbaeb serve` processes on loopback, as docs/deployment.md sets it up.

`config` writes the configuration the deployment page shows, without TLS (loopback): one
upstream of the servers with `least_conn` and passive health checks (`max_fails`,
`fail_timeout`), kept-alive connections to them, and the proxy headers the app believes from a
`--trusted-proxy`. `Nginx` runs it as a foreground process with its own prefix (logs, pid and
temporary files there), for the multi-server test (tests/ops/test_servers.py) and the load
benchmark's `--servers` phases (benchmarks/load/run.py). Debian's `nginx` package provides it.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType

FAIL_TIMEOUT = 10  # seconds a server is left out after it failed (then tried again)


def config(prefix: Path, port: int, servers: list[str], *, fail_timeout: int = FAIL_TIMEOUT) -> str:
    """nginx.conf: listen on 127.0.0.1:PORT, pass to the servers (`host:port` each)."""
    upstream = "\n".join(
        f"        server {server} max_fails=1 fail_timeout={fail_timeout}s;" for server in servers
    )
    temp = "\n".join(
        f"    {kind}_temp_path {prefix / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers that may use the prefix's files
    return f"""{user}worker_processes 1;
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    access_log {prefix / "access.log"};
{temp}
    upstream tonbaeb {{
        least_conn;
{upstream}
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 16m;
        location / {{
            proxy_pass http://tonbaeb;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_connect_timeout 2s;
            proxy_read_timeout 90s;
            proxy_next_upstream error timeout;
            proxy_next_upstream_tries 3;
        }}
    }}
}}
"""


class Nginx:
    """nginx in the foreground on a loopback port, stopped (QUIT, then KILL) on leaving."""

    def __init__(self, prefix: Path, port: int, servers: list[str]) -> None:
        self.prefix, self.port = prefix, port
        self.base = f"http://127.0.0.1:{port}"
        prefix.mkdir(parents=True, exist_ok=True)
        self.conf = prefix / "nginx.conf"
        self.conf.write_text(config(prefix, port, servers), encoding="utf-8")
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Nginx:
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        command = [binary, "-p", str(self.prefix), "-c", str(self.conf), "-g", "daemon off;"]
        checked = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
        if checked.returncode:
            raise RuntimeError(f"nginx refuses its configuration: {checked.stderr}")
        with open(self.prefix / "stderr.log", "wb") as out:
            self.process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while not _listening(self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not start: {self.log()}")
            time.sleep(0.05)  # polling for the port another process opens
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: finish what is in flight
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log(self) -> str:
        """nginx's error log (what it said about the servers it left out)."""
        paths = [self.prefix / "stderr.log", self.prefix / "error.log"]
        return "".join(p.read_text(encoding="utf-8", errors="replace") for p in paths if p.exists())


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False
