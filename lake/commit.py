"""Committing one published version of a province: one overwrite of its partitions per table.

Each table's commit replaces the province's rows and nothing else (`overwrite` with a filter on
province_code), so a reader sees the province as it was before the publish or after it, never
half of it. Each snapshot's summary names the province, the warehouse version, the rules
version(s) and the load batches (`tonbaeb.*` properties).

Each commit writes one file per partition (province and fiscal year), so files never pile up
small; the snapshots of versions the warehouse no longer keeps (its retention) expire, and the
files only they used are removed.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from urllib.parse import unquote, urlparse

import pyarrow as pa
from pyiceberg.catalog.sql import SqlCatalog
from pyiceberg.exceptions import NoSuchTableError
from pyiceberg.table import Table

from core.home import checked_province
from lake.catalog import NAME
from warehouse.queries.lake import RELATIONS, Extract, Relation

PROVINCE = "tonbaeb.province"
VERSION = "tonbaeb.warehouse-version"
RULES = "tonbaeb.rules-version"
BATCHES = "tonbaeb.load-batches"
TABLE_PROPERTIES = {
    "write.metadata.delete-after-commit.enabled": "true",
    "write.metadata.previous-versions-max": "20",
}


def commit(catalog: SqlCatalog, extract: Extract, keep: int) -> None:
    """Commit every relation of the version; then expire what retention no longer keeps."""
    summary = {
        PROVINCE: extract.published.province,
        VERSION: extract.published.version,
        RULES: ",".join(extract.rules_versions),
        BATCHES: ",".join(extract.batch_ids),
    }
    for relation in RELATIONS:
        data = extract.tables[relation.name]
        table = _table(catalog, relation, data.schema)
        with warnings.catch_warnings():  # a province's first commit has nothing to replace
            warnings.filterwarnings("ignore", "Delete operation did not match any records")
            table.overwrite(
                data,
                overwrite_filter=f"province_code == '{checked_province(extract.published.province)}'",
                snapshot_properties=summary,
            )
        expire(table, keep)


def _table(catalog: SqlCatalog, relation: Relation, schema: pa.Schema) -> Table:
    """The relation's table, made (partitioned) if missing, its schema widened to the data's."""
    identifier = f"{NAME}.{relation.name}"
    try:
        table = catalog.load_table(identifier)
    except NoSuchTableError:
        table = catalog.create_table(identifier, schema=schema, properties=TABLE_PROPERTIES)
        with table.update_spec() as spec:
            for column in relation.partition:
                spec.add_identity(column)
        return table
    if set(schema.names) - set(table.schema().column_names):
        with table.update_schema() as update:
            update.union_by_name(schema)
    return table


def snapshot_version(table: Table, snapshot_id: int) -> tuple[str | None, str | None]:
    """The province and warehouse version a snapshot committed (None for others)."""
    snapshot = table.snapshot_by_id(snapshot_id)
    if snapshot is None or snapshot.summary is None:
        return None, None
    return snapshot.summary[PROVINCE], snapshot.summary[VERSION]


def expire(table: Table, keep: int) -> list[int]:
    """Expire the snapshots of each province's versions older than its newest `keep` (the
    warehouse's retention; the current snapshot always stays), then remove the files no
    snapshot left uses. Returns the expired snapshot ids."""
    versions: dict[str, list[str]] = {}
    of: dict[int, tuple[str, str]] = {}
    for snapshot in table.metadata.snapshots:
        province, version = snapshot_version(table, snapshot.snapshot_id)
        if province and version:
            of[snapshot.snapshot_id] = (province, version)
            versions.setdefault(province, []).append(version)
    kept = {p: set(sorted(set(v))[-keep:]) for p, v in versions.items()}
    current = table.current_snapshot()
    old = [
        s
        for s, (p, v) in of.items()
        if v not in kept[p] and (current is None or s != current.snapshot_id)
    ]
    if not old:
        return []
    table.maintenance.expire_snapshots().by_ids(old).commit()
    _remove_unused(table)
    return old


def _remove_unused(table: Table) -> None:
    """Remove data files, manifests and manifest lists of the table's local folder that no
    snapshot uses any more (a table on an object store keeps them: see docs/lake.md)."""
    location = urlparse(table.location())
    if location.scheme != "file":
        return
    used = {_path(p) for p in table.inspect.all_files()["file_path"].to_pylist()}
    used |= {_path(p) for p in table.inspect.all_manifests()["path"].to_pylist()}
    used |= {_path(s.manifest_list) for s in table.metadata.snapshots}
    root = Path(unquote(location.path))
    for path in [*root.glob("data/**/*.parquet"), *root.glob("metadata/*.avro")]:
        if path not in used:
            path.unlink(missing_ok=True)


def _path(uri: str) -> Path:
    parsed = urlparse(uri)
    return Path(unquote(parsed.path)) if parsed.scheme in ("file", "") else Path(uri)
