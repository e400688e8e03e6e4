"""Structured events: one JSON object per line on the `tonbaeb.events` logger.

The dashboard writes one per request (dashboard/logs.py), the ETL one per district
batch (etl/runs.py). Fields are names, codes, counts and times: never member names,
citizen IDs or any other value from a submission's rows.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from typing import Any

LOG = logging.getLogger("tonbaeb.events")


def setup(stream: Any = None) -> None:
    """Write events as bare JSON lines to `stream` (default standard error), once per process."""
    if any(getattr(h, "tonbaeb", False) for h in LOG.handlers):
        return
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.tonbaeb = True  # type: ignore[attr-defined]
    LOG.addHandler(handler)
    LOG.setLevel(logging.INFO)
    LOG.propagate = False


def emit(kind: str, **fields: Any) -> None:
    """One event as one JSON line."""
    if LOG.isEnabledFor(logging.INFO):
        LOG.info(
            json.dumps({"at": round(time.time(), 3), "kind": kind, **fields}, ensure_ascii=False)
        )
