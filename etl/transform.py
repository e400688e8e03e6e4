"""Pure reshaping of validated sheets into warehouse-shaped frames."""

from __future__ import annotations

import hashlib
import hmac

import polars as pl

from etl import normalise as nz
from etl.extract import ROW_NUMBER
from etl.schemas import BY_NAME, REASONS
from etl.validate import Checked

RECORD_TABLES = ("clubs", "members", "meetings", "attendance", "activities", "governance")


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
    checked: dict[str, Checked], province: str, district: str, batch_id: str, key: bytes
) -> dict[str, pl.DataFrame]:
    """Accepted rows of every sheet as the warehouse's record tables."""
    tags = [
        pl.lit(province).alias("province_code"),
        pl.lit(district).alias("district_code"),
    ]
    tables: dict[str, pl.DataFrame] = {}
    for name in RECORD_TABLES:
        columns = BY_NAME[name].names
        frame = checked[name].accepted if name in checked else _empty(name)
        frame = frame.select(*tags, *columns, ROW_NUMBER, pl.lit(batch_id).alias("batch_id"))
        if name in ("meetings", "activities"):
            frame = frame.with_columns(nz.fiscal_year(pl.col("held_on")).alias("fiscal_year"))
        if name == "members":
            frame = frame.with_columns(person_keys(frame["citizen_id"], key)).drop("citizen_id")
        if name == "governance":
            frame = frame.with_columns(pl.col(ROW_NUMBER).cast(pl.Int32).alias("record_number"))
        tables[name] = frame.drop(ROW_NUMBER)
    return tables


def rejected_rows(
    checked: dict[str, Checked], province: str, district: str, batch_id: str, source: str
) -> pl.DataFrame:
    """Every rejected row with where it was and a message in Thai and English."""
    reasons = pl.DataFrame(
        {
            "reason_code": list(REASONS),
            "reason_th": [th for th, _ in REASONS.values()],
            "reason_en": [en for _, en in REASONS.values()],
        }
    )
    parts = []
    for sheet, result in checked.items():
        labels = pl.DataFrame(
            {
                "column_name": list(BY_NAME[sheet].names),
                "column_th": [c.thai for c in BY_NAME[sheet].columns],
            }
        )
        where = source if result.file == _base(source) else f"{source}/{result.file}"
        parts.append(
            result.rejected.join(labels, on="column_name", how="left").with_columns(
                pl.lit(where).alias("source"), pl.lit(result.label).alias("sheet")
            )
        )
    if not parts:
        return _rejected_frame(pl.DataFrame(), province, district, batch_id, reasons)
    return _rejected_frame(pl.concat(parts), province, district, batch_id, reasons)


def _rejected_frame(
    rows: pl.DataFrame, province: str, district: str, batch_id: str, reasons: pl.DataFrame
) -> pl.DataFrame:
    if rows.is_empty():
        rows = pl.DataFrame(
            schema={
                ROW_NUMBER: pl.Int64,
                "column_name": pl.String,
                "raw_value": pl.String,
                "reason_code": pl.String,
                "column_th": pl.String,
                "source": pl.String,
                "sheet": pl.String,
            }
        )
    masked = (
        pl.when(pl.col("column_name") == "citizen_id")
        .then(masked_citizen_id(pl.col("raw_value")))
        .otherwise(pl.col("raw_value"))
    )
    rows = rows.join(reasons, on="reason_code", how="left").with_columns(
        (
            pl.col("reason_th")
            + pl.lit(" (คอลัมน์ ")
            + pl.col("column_th").fill_null(pl.col("column_name"))
            + pl.lit(")")
        ).alias("message_th"),
        (pl.col("reason_en") + pl.lit(" (column ") + pl.col("column_name") + pl.lit(")")).alias(
            "message_en"
        ),
    )
    return rows.select(
        pl.lit(batch_id).alias("batch_id"),
        pl.lit(province).alias("province_code"),
        pl.lit(district).alias("district_code"),
        "source",
        "sheet",
        pl.col(ROW_NUMBER).cast(pl.Int32).alias("row_number"),
        "column_name",
        masked.alias("raw_value"),
        "reason_code",
        (pl.col("message_th") + pl.lit(" / ") + pl.col("message_en")).alias("message"),
        "message_th",
        "message_en",
    )


def masked_citizen_id(raw: pl.Expr) -> pl.Expr:
    """A citizen ID as it may be shown: first and last character kept, the rest hidden."""
    text = nz.clean_text(raw)
    length = text.str.len_chars()
    return (
        pl.when(length > 2)
        .then(text.str.head(1) + pl.lit("x").repeat_by(length - 2).list.join("") + text.str.tail(1))
        .otherwise(text)
    )


def _base(source: str) -> str:
    return source.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0]


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
    return pl.DataFrame(schema={ROW_NUMBER: pl.Int64} | {c.name: dtypes[c.kind] for c in sheet.columns})


def bad_file_row(province: str, district: str, batch_id: str, source: str, problem: str) -> pl.DataFrame:
    """The one rejected_rows entry saying why a whole file could not be read."""
    th, en = REASONS["bad_file"]
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
        },
        schema_overrides={"row_number": pl.Int32, "column_name": pl.String, "raw_value": pl.String},
    )
