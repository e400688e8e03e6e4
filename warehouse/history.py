"""A province's load history (which submission was loaded when, under which rules), for backups."""

from __future__ import annotations

from typing import Any

from core.home import Home
from warehouse.connection import reading

COLUMNS = (
    "batch_id",
    "district_code",
    "source",
    "content_sha256",
    "started_at",
    "status",
    "rules_version",
    "kept_years",
)


def load_history(home: Home, province: str) -> list[dict[str, Any]]:
    """Every batch of the published version, oldest first (times as ISO text)."""
    with reading(home, province) as (con, _version):
        rows = con.execute(
            f"select {', '.join(COLUMNS)} from load_batches order by started_at, batch_id"
        ).fetchall()
    return [
        dict(
            zip(
                COLUMNS, (v.isoformat() if hasattr(v, "isoformat") else v for v in row), strict=True
            )
        )
        for row in rows
    ]
