"""Committing published versions of provinces: one overwrite of their partitions per table.

Each table's commit replaces those provinces' rows and nothing else (`overwrite` with a filter on
province_code), so a reader sees each province as it was before the publish or after it, never
half of it. An ETL run commits every province it published together (10 commits, not 10 per
province: a commit costs the same for one province as for all); an upload commits its own.
Each snapshot's summary names the provinces, and for each its warehouse version, the rules
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

PROVINCES = "tonbaeb.provinces"  # the provinces a snapshot committed, e.g. "58,75"
VERSION = "tonbaeb.warehouse-version."  # + province: the published version committed
RULES = "tonbaeb.rules-version."  # + province: the rules version(s) its standard was judged with
BATCHES = "tonbaeb.load-batches."  # + province: the batch of each district the version holds
TABLE_PROPERTIES = {
    "write.metadata.delete-after-commit.enabled": "true",
    "write.metadata.previous-versions-max": "20",
}


def commit(catalog: SqlCatalog, extracts: list[Extract], keep: int) -> None:
    """Commit the versions of some provinces (one each) to every table, one commit per table;
    then expire what retention no longer keeps."""
    provinces = [checked_province(e.published.province) for e in extracts]
    summary = {PROVINCES: ",".join(provinces)}
    for e in extracts:
        summary[VERSION + e.published.province] = e.published.version
        summary[RULES + e.published.province] = ",".join(e.rules_versions)
        summary[BATCHES + e.published.province] = ",".join(e.batch_ids)
    chosen = ", ".join(f"'{p}'" for p in provinces)
    for relation in RELATIONS:
        data = pa.concat_tables(
            [e.tables[relation.name] for e in extracts], promote_options="permissive"
        )
        table = _table(catalog, relation, data.schema)
        if committed(table) & set(provinces):
            with warnings.catch_warnings():  # a province new to the table has nothing to replace
                warnings.filterwarnings("ignore", "Delete operation did not match any records")
                table.overwrite(
                    data,
                    overwrite_filter=f"province_code in ({chosen})",
                    snapshot_properties=summary,
                )
        else:  # none of them in the table yet: nothing to delete (an overwrite scans for it)
            table.append(data, snapshot_properties=summary)
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


def committed(table: Table) -> set[str]:
    """The provinces any kept snapshot of the table committed: every province that may have rows
    in it (a province's newest commit is never expired; a failed commit leaves no snapshot)."""
    found: set[str] = set()
    for snapshot in table.metadata.snapshots:
        named = (snapshot.summary[PROVINCES] if snapshot.summary is not None else None) or ""
        found.update(p for p in named.split(",") if p)
    return found


def versions(table: Table, snapshot_id: int) -> dict[str, str]:
    """The warehouse version of each province a snapshot committed ({} for others)."""
    snapshot = table.snapshot_by_id(snapshot_id)
    if snapshot is None or snapshot.summary is None:
        return {}
    provinces = snapshot.summary[PROVINCES]
    found = {p: snapshot.summary[VERSION + p] for p in (provinces or "").split(",") if p}
    return {p: v for p, v in found.items() if v}


def expire(table: Table, keep: int) -> list[int]:
    """Expire the snapshots that committed only versions older than their province's newest
    `keep` (the warehouse's retention; the current snapshot always stays), then remove the files
    no snapshot left uses. Returns the expired snapshot ids."""
    committed = {s.snapshot_id: versions(table, s.snapshot_id) for s in table.metadata.snapshots}
    seen: dict[str, set[str]] = {}
    for found in committed.values():
        for province, version in found.items():
            seen.setdefault(province, set()).add(version)
    kept = {p: set(sorted(v)[-keep:]) for p, v in seen.items()}
    current = table.current_snapshot()
    old = [
        snapshot
        for snapshot, found in committed.items()
        if found
        and all(v not in kept[p] for p, v in found.items())
        and (current is None or snapshot != current.snapshot_id)
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
