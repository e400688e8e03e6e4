"""Pure reshaping of validated sheets (of one or more districts) into warehouse-shaped frames."""

from __future__ import annotations

import hashlib
import hmac

import polars as pl

from core.texts import _
from etl import messages
from etl import normalise as nz
from etl.extract import ROW_NUMBER, RawSheet
from etl.messages import masked_citizen_id
from etl.schemas import BY_NAME, REASONS
from etl.validate import DISTRICT, REJECT_SCHEMA, Checked

RECORD_TABLES = ("clubs", "members", "meetings", "attendance", "activities", "governance")
SHEET_COUNTS = {
    "batch_id": pl.String,
    DISTRICT: pl.String,
    "sheet": pl.String,
    "rows_read": pl.Int64,
    "rows_loaded": pl.Int64,
    "rows_rejected": pl.Int64,
}


def person_keys(citizen_ids: pl.Series, key: bytes) -> pl.Series:
    """Keyed hash (HMAC-SHA256 with the tenant's secret) of each citizen ID; null stays null.

    The same person gets the same key in every club of the tenant, and the ID
    itself is never stored.
    """
    return pl.Series(
        "person_key",
        [
            None if cid is None else hmac.new(key, cid.encode(), hashlib.sha256).hexdigest()
            for cid in citizen_ids.to_list()
        ],
        dtype=pl.String,
    )


def to_warehouse(
    checked: dict[str, Checked], province: str, batch_ids: dict[str, str], key: bytes
) -> dict[str, pl.DataFrame]:
    """Accepted rows of every sheet as the warehouse's record tables, each row with its batch."""
    tags = [pl.lit(province).alias("province_code"), pl.col(DISTRICT)]
    tables: dict[str, pl.DataFrame] = {}
    for name in RECORD_TABLES:
        columns = BY_NAME[name].names
        frame = checked[name].accepted if name in checked else _empty(name)
        frame = frame.select(*tags, *columns, ROW_NUMBER, _batch_id(batch_ids))
        if name in ("meetings", "activities"):
            frame = frame.with_columns(nz.fiscal_year(pl.col("held_on")).alias("fiscal_year"))
        if name == "members":
            frame = frame.with_columns(person_keys(frame["citizen_id"], key)).drop("citizen_id")
        if name == "governance":
            frame = frame.with_columns(pl.col(ROW_NUMBER).cast(pl.Int32).alias("record_number"))
        tables[name] = frame.drop(ROW_NUMBER)
    return tables


def sheet_counts(checked: dict[str, Checked], batch_ids: dict[str, str]) -> pl.DataFrame:
    """Per district and sheet it sent: rows read, loaded and rejected (read = loaded + rejected)."""
    parts = []
    for name, result in checked.items():
        sent = pl.DataFrame({DISTRICT: result.districts, "sheet": name})
        loaded = result.accepted.group_by(DISTRICT).agg(pl.len().alias("rows_loaded"))
        rejected = result.rejected.group_by(DISTRICT).agg(pl.len().alias("rows_rejected"))
        parts.append(
            sent.join(loaded, on=DISTRICT, how="left").join(rejected, on=DISTRICT, how="left")
        )
    if not parts:
        return pl.DataFrame(schema=SHEET_COUNTS)
    counts = pl.concat(parts).with_columns(
        pl.col("rows_loaded", "rows_rejected").fill_null(0).cast(pl.Int64)
    )
    return counts.select(
        _batch_id(batch_ids),
        DISTRICT,
        "sheet",
        (pl.col("rows_loaded") + pl.col("rows_rejected")).alias("rows_read"),
        "rows_loaded",
        "rows_rejected",
    )


def sheet_places(raws: dict[str, dict[str, RawSheet]], sources: dict[str, str]) -> pl.DataFrame:
    """Where each district's sheets came from: the source (or its file) and the sheet's label."""
    rows = [
        (district, name, _where(sources[district], raw.file), raw.label)
        for district, sheets in raws.items()
        for name, raw in sheets.items()
    ]
    columns = (DISTRICT, "sheet_name", "source", "sheet")
    return pl.DataFrame(rows, schema=dict.fromkeys(columns, pl.String), orient="row")


def rejected_rows(
    checked: dict[str, Checked], province: str, batch_ids: dict[str, str], places: pl.DataFrame
) -> pl.DataFrame:
    """Every rejected row with where it was, where its trouble began (root_*: the row itself, or
    for parent_rejected the first rejected row up its chain of parents) and a message in Thai
    and English (etl/messages.py)."""
    parts = []
    for sheet, result in checked.items():
        where = places.filter(pl.col("sheet_name") == sheet).drop("sheet_name")
        named = result.rejected.with_columns(pl.lit(sheet).alias("sheet_name"))
        parts.append(named.join(where, on=DISTRICT, how="left"))
    rows = pl.concat(parts, how="diagonal_relaxed") if parts else pl.DataFrame()
    return _rejected_frame(rows, province, batch_ids, places)


def _batch_id(batch_ids: dict[str, str]) -> pl.Expr:
    return pl.col(DISTRICT).replace_strict(batch_ids, return_dtype=pl.String).alias("batch_id")


def _rejected_frame(
    rows: pl.DataFrame, province: str, batch_ids: dict[str, str], places: pl.DataFrame
) -> pl.DataFrame:
    if rows.is_empty():
        text: dict[str, type[pl.DataType]] = dict.fromkeys(
            ("sheet_name", "source", "sheet"), pl.String
        )
        rows = pl.DataFrame(schema=REJECT_SCHEMA | text)
    masked = (
        pl.when(pl.col("column_name") == "citizen_id")
        .then(masked_citizen_id(pl.col("raw_value")))
        .otherwise(pl.col("raw_value"))
    )
    # The root's sheet as the file labels it, like `sheet` (a root is of the same district).
    labels = places.select(
        DISTRICT, pl.col("sheet_name").alias("root_sheet"), pl.col("sheet").alias("root_label")
    )
    rows = messages.with_messages(rows).join(labels, on=[DISTRICT, "root_sheet"], how="left")
    return rows.select(
        _batch_id(batch_ids),
        pl.lit(province).alias("province_code"),
        DISTRICT,
        "source",
        "sheet",
        pl.col(ROW_NUMBER).cast(pl.Int32).alias("row_number"),
        "column_name",
        masked.alias("raw_value"),
        "reason_code",
        (pl.col("message_th") + pl.lit(" / ") + pl.col("message_en")).alias("message"),
        "message_th",
        "message_en",
        pl.coalesce("root_label", "root_sheet").alias("root_sheet"),
        pl.col("root_row_number").cast(pl.Int32),
        "root_column_name",
        "root_reason_code",
    )


def _where(source: str, file: str) -> str:
    """The source itself when it is the file, else the file inside the source."""
    base = source.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0]
    return source if file == base else f"{source}/{file}"


def _empty(name: str) -> pl.DataFrame:
    sheet = BY_NAME[name]
    dtypes = {
        "text": pl.String,
        "code": pl.String,
        "date": pl.Date,
        "int": pl.Int64,
        "float": pl.Float64,
        "fy": pl.Int32,
        "enum": pl.String,
        "citizen_id": pl.String,
    }
    return pl.DataFrame(
        schema={DISTRICT: pl.String, ROW_NUMBER: pl.Int64}
        | {c.name: dtypes[c.kind] for c in sheet.columns}
    )


def bad_file_row(
    province: str, district: str, batch_id: str, source: str, problem: str
) -> pl.DataFrame:
    """The one rejected_rows entry saying why a whole file could not be read."""
    th, en = (_(lang, REASONS["bad_file"]) for lang in ("th", "en"))
    return pl.DataFrame(
        {
            "batch_id": [batch_id],
            "province_code": [province],
            "district_code": [district],
            "source": [source],
            "sheet": [""],
            "row_number": [0],
            "column_name": [None],
            "raw_value": [None],
            "reason_code": ["bad_file"],
            "message": [f"{th}: {problem} / {en}: {problem}"],
            "message_th": [f"{th}: {problem}"],
            "message_en": [f"{en}: {problem}"],
            "root_sheet": [""],
            "root_row_number": [0],
            "root_column_name": [None],
            "root_reason_code": ["bad_file"],
        },
        schema_overrides={
            "row_number": pl.Int32,
            "column_name": pl.String,
            "raw_value": pl.String,
            "root_row_number": pl.Int32,
            "root_column_name": pl.String,
        },
    )
