"""`tonbaeb etl schedule`: systemd units (and a cron line) for the nightly pull."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

AT = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")
NAME = "tonbaeb-etl"


class BadTime(ValueError):
    """--at is not HH:MM."""


def units(executable: Path, home: Path, sources: Path, at: str, user: str | None = None) -> str:
    """The service, the timer and the equivalent crontab line, ready to install."""
    found = AT.match(at)
    if not found:
        raise BadTime(f"--at must be HH:MM (24-hour), not {at!r}")
    hour, minute = found.groups()
    command = " ".join(
        shlex.quote(str(part))
        for part in (executable, "etl", "run", "--home", home, "--sources", sources)
    )
    run_as = f"User={user}\n" if user else ""
    return f"""# /etc/systemd/system/{NAME}.service
[Unit]
Description=tonbaeb nightly pull and load of district submissions
After=network-online.target
Wants=network-online.target

[Service]
Type=oneshot
{run_as}ExecStart={command}
Nice=10
IOSchedulingClass=best-effort
IOSchedulingPriority=7
# exit 1 = some district failed (the rest loaded); the summary is under {home}/runs/
SuccessExitStatus=1
# the national lake's follower (docs/lake.md#follower) outlives the run: when the run ends, only
# the run's own process is stopped, not the follower committing its publishes
KillMode=process

# /etc/systemd/system/{NAME}.timer
[Unit]
Description=Run {NAME}.service every night at {at}

[Timer]
OnCalendar=*-*-* {hour}:{minute}:00
Persistent=true
RandomizedDelaySec=60

[Install]
WantedBy=timers.target

# Install: sudo systemctl daemon-reload && sudo systemctl enable --now {NAME}.timer
# Or, without systemd, one crontab line (crontab -e):
{int(minute)} {int(hour)} * * * {command} >> {shlex.quote(str(home / "runs" / "cron.log"))} 2>&1
"""
