"""What the lake holds: `tonbaeb lake info`."""

from __future__ import annotations

from typing import Any

from pyiceberg.table import Table
from sqlalchemy.engine import make_url

from core.home import Home
from lake import catalog, status
from lake.commit import versions
from warehouse.publish import current


def info(home: Home) -> dict[str, Any]:
    """The catalog, each table's metadata and current snapshot, and each province's versions."""
    with catalog.session(home) as opened:
        tables = [_table(opened.load_table(i)) for i in sorted(opened.list_tables(catalog.NAME))]
    held = status.held(home)
    provinces = []
    for province in sorted(set(home.provinces()) | set(held)):
        published = current(home, province)
        mine = held.get(province, status.Held(province, None))
        provinces.append(
            {
                "province": province,
                "published_version": published.version if published else None,
                "lake_version": mine.version,
                "behind": published is not None and mine.version != published.version,
                "failure": mine.failure,
            }
        )
    props = catalog.properties(home)
    return {
        "catalog": catalog.NAME,
        "catalog_uri": make_url(props["uri"]).render_as_string(hide_password=True),
        "warehouse": props["warehouse"],
        "enabled": status.enabled(home),
        "tables": tables,
        "provinces": provinces,
    }


def _table(table: Table) -> dict[str, Any]:
    snapshot = table.current_snapshot()
    return {
        "table": ".".join(table.name()),
        "metadata_location": table.metadata_location,
        "snapshot_id": snapshot.snapshot_id if snapshot else None,
        "snapshots": len(table.metadata.snapshots),
        "last_committed": versions(table, snapshot.snapshot_id) if snapshot else {},
        "partitioned_by": [f.name for f in table.spec().fields],
    }


def text(found: dict[str, Any]) -> str:
    """`info` as lines a person reads."""
    lines = [
        f"catalog {found['catalog']}: {found['catalog_uri']}",
        f"warehouse: {found['warehouse']}" + ("" if found["enabled"] else " (lake not enabled)"),
    ]
    for table in found["tables"]:
        lines.append(
            f"{table['table']}: snapshot {table['snapshot_id']} "
            f"({table['snapshots']} kept) {table['metadata_location']}"
        )
    for p in found["provinces"]:
        state = f"behind: {p['failure'] or 'not committed yet'}" if p["behind"] else "up to date"
        lines.append(
            f"province {p['province']}: lake {p['lake_version'] or '-'}, "
            f"published {p['published_version'] or '-'} ({state})"
        )
    return "\n".join(lines) + "\n"
