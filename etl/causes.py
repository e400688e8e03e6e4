"""Rejected rows grouped by the root of their trouble: one blank club name, 1,853 rows.

A row rejected because the row it refers to was rejected (`parent_rejected`) carries that
row's root (`root_sheet`, `root_row_number`: the first row up its chain of parents that
failed for a reason of its own); any other rejected row is its own root. The dry run, the
quality page and the downloads all show the causes first, then the rows, from these two
pure functions. A frame without root columns (or with them null) has each row its own root.
"""

from __future__ import annotations

import polars as pl

from etl.extract import sheet_for
from etl.schemas import SHEETS

CAUSE = ("cause_sheet", "cause_row")
ROOT_FIELDS = ("column_name", "raw_value", "reason_code", "message_th", "message_en")


def root_causes(rejected: pl.DataFrame) -> pl.DataFrame:
    """One row per root cause, the most rows first: the root row's sheet, row, column, value,
    reason and messages (as `rejected` has them), and `rows`: the root row and every row that
    fell with it."""
    keyed = _keyed(rejected)
    by = [*_scope(rejected), *CAUSE]
    counts = keyed.group_by(by, maintain_order=True).agg(
        pl.len().alias("rows"),
        pl.col("root_column_name").drop_nulls().first().alias("root_column_name"),
        pl.col("root_reason_code").drop_nulls().first().alias("root_reason_code"),
    )
    fields = [c for c in ROOT_FIELDS if c in keyed.columns]
    own = (
        keyed.filter(
            (pl.col("sheet") == pl.col("cause_sheet"))
            & (pl.col("row_number") == pl.col("cause_row"))
        )
        .unique(by, keep="first", maintain_order=True)
        .select(*by, *fields)
    )
    causes = counts.join(own, on=by, how="left", nulls_equal=True).with_columns(
        # A root that is not among the rows (a frame cut by someone) still says what it was.
        pl.coalesce("column_name", "root_column_name").alias("column_name"),
        pl.coalesce("reason_code", "root_reason_code").alias("reason_code"),
    )
    return (
        causes.with_columns(
            pl.col("cause_sheet").alias("sheet"), pl.col("cause_row").alias("row_number")
        )
        .sort(
            pl.col("rows"),
            *(pl.col(c) for c in _scope(rejected)),
            _sheet_order(pl.col("sheet"), causes["cause_sheet"]),
            pl.col("row_number"),
            descending=[True] + [False] * (len(_scope(rejected)) + 2),
            nulls_last=True,
        )
        .select(*_scope(rejected), "sheet", "row_number", *fields, "rows")
    )


def in_cause_order(rejected: pl.DataFrame) -> pl.DataFrame:
    """The rejected rows, cause by cause (the most rows first), each cause's root row first and
    then its rows in sheet and row order; with `cause_sheet` and `cause_row` naming the root."""
    keyed = _keyed(rejected)
    by = [*_scope(rejected), *CAUSE]
    sizes = keyed.group_by(by).agg(pl.len().alias("_rows"))
    keyed = keyed.join(sizes, on=by, how="left", nulls_equal=True)
    is_root = (pl.col("sheet") == pl.col("cause_sheet")) & (
        pl.col("row_number") == pl.col("cause_row")
    )
    labels = pl.concat([keyed["cause_sheet"], keyed["sheet"]])
    return keyed.sort(
        pl.col("_rows"),
        *(pl.col(c) for c in _scope(rejected)),
        _sheet_order(pl.col("cause_sheet"), labels),
        pl.col("cause_row"),
        is_root,
        _sheet_order(pl.col("sheet"), labels),
        pl.col("row_number"),
        descending=[True] + [False] * (len(_scope(rejected)) + 2) + [True, False, False],
        nulls_last=True,
    ).drop("_rows")


def _scope(rejected: pl.DataFrame) -> list[str]:
    """The columns that keep causes of different loads and districts apart."""
    return [c for c in ("batch_id", "district_code") if c in rejected.columns]


def _keyed(rejected: pl.DataFrame) -> pl.DataFrame:
    """The rows with the root they belong to (themselves when they name none)."""
    frame = rejected
    for column, dtype in (("root_sheet", pl.String), ("root_row_number", pl.Int32),
                          ("root_column_name", pl.String), ("root_reason_code", pl.String)):  # fmt: skip
        if column not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype).alias(column))
    own = pl.col("root_sheet").is_null() | pl.col("root_row_number").is_null()
    return frame.with_columns(
        pl.when(own).then(pl.col("sheet")).otherwise(pl.col("root_sheet")).alias("cause_sheet"),
        pl.when(own)
        .then(pl.col("row_number"))
        .otherwise(pl.col("root_row_number"))
        .cast(pl.Int64)
        .alias("cause_row"),
        pl.when(own)
        .then(pl.col("column_name"))
        .otherwise(pl.col("root_column_name"))
        .alias("root_column_name"),
        pl.when(own)
        .then(pl.col("reason_code"))
        .otherwise(pl.col("root_reason_code"))
        .alias("root_reason_code"),
    )


def _sheet_order(sheet: pl.Expr, labels: pl.Series) -> pl.Expr:
    """A sheet's place in the contract's order (clubs first), whatever the file calls it."""
    order = {s.name: n for n, s in enumerate(SHEETS)}
    known = {}
    for label in labels.drop_nulls().unique().to_list():
        found = sheet_for(label)
        known[label] = order[found.name] if found is not None else len(SHEETS)
    return sheet.replace_strict(known, default=len(SHEETS), return_dtype=pl.Int32)
