"""Typed frames -> text as people really type it: messy-but-valid forms, and some invalid rows."""

from __future__ import annotations

import numpy as np
import polars as pl

from core.formats import THAI_DIGITS
from etl.schemas import BY_NAME

MONTH_ABBR = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
MONTH_FULL = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)


def thai_digits(e: pl.Expr) -> pl.Expr:
    """Arabic digits written as Thai digits."""
    return e.str.replace_many([str(d) for d in range(10)], list(THAI_DIGITS))


def _date_forms(d: pl.Expr) -> list[pl.Expr]:
    day, month, be = d.dt.day().cast(pl.String), d.dt.month(), (d.dt.year() + 543).cast(pl.String)
    mm = month.cast(pl.String).str.zfill(2)
    abbr = month.replace_strict(dict(enumerate(MONTH_ABBR, 1)), return_dtype=pl.String)
    full = month.replace_strict(dict(enumerate(MONTH_FULL, 1)), return_dtype=pl.String)
    return [
        d.dt.strftime("%Y-%m-%d"),
        day.str.zfill(2) + "/" + mm + "/" + be,
        day + "/" + month.cast(pl.String) + "/" + be.str.slice(2, 2),
        day + " " + abbr + " " + be,
        day + " " + full + " " + be.str.slice(2, 2),
        thai_digits(day + " " + abbr + " " + be.str.slice(2, 2)),
        day.str.zfill(2) + "-" + mm + "-" + be,
    ]


def as_text(
    frame: pl.DataFrame, sheet: str, rng: np.random.Generator, messy: float, zero_width: bool
) -> pl.DataFrame:
    """Every column as text; a `messy` share of cells in another valid spelling."""
    spec = BY_NAME[sheet]
    columns = []
    for column in spec.columns:
        value = pl.col(column.name)
        pick = pl.lit(pl.Series(rng.random(frame.height)))
        if column.kind == "date":
            forms = _date_forms(value)
            which = pl.lit(pl.Series(rng.integers(1, len(forms), frame.height)))
            messy_form = pl.coalesce(*(pl.when(which == i).then(f) for i, f in enumerate(forms)))
            text = pl.when(pick < messy).then(messy_form).otherwise(forms[0])
        elif column.kind == "enum" and column.values:
            thai = value.replace_strict(column.values, default=value, return_dtype=pl.String)
            text = pl.when(pick < messy).then(thai).otherwise(value)
        elif column.kind in ("int", "fy", "float"):
            text = value.cast(pl.String)
            text = pl.when(pick < messy / 2).then(thai_digits(text)).otherwise(text)
        elif column.kind == "code" and column.name == "club_id":
            text = pl.when(pick < messy / 4).then(thai_digits(value)).otherwise(value)
        else:
            text = value.cast(pl.String)
            pad = "\u200b" if zero_width else "\u00a0"
            text = pl.when(pick < messy / 3).then(text + pad).otherwise(text)
        columns.append(text.alias(column.name))
    return frame.select(columns)


def with_invalid_rows(
    frame: pl.DataFrame, sheet: str, rng: np.random.Generator, share: float
) -> tuple[pl.DataFrame, int]:
    """A `share` of rows made invalid the ways real submissions are; returns (frame, count)."""
    if frame.height == 0 or share <= 0:
        return frame, 0
    count = int(rng.binomial(frame.height, share / (5 if sheet == "clubs" else 1)))
    if count == 0:
        return frame, 0
    chosen = np.zeros(frame.height, dtype=bool)
    chosen[rng.choice(frame.height, count, replace=False)] = True
    bad = pl.lit(pl.Series(chosen))
    change = {
        "clubs": ("network_type", pl.lit("ชมรมฟุตบอล")),
        "members": ("citizen_id", pl.lit("1234567890123")),
        "meetings": ("held_on", pl.lit("31/02/2560")),
        "attendance": ("member_id", pl.lit("M9999")),
        "activities": ("held_on", pl.lit("ไม่ทราบวันที่")),
        "governance": ("kind", pl.lit("คำสั่งอื่น")),
    }[sheet]
    frame = frame.with_columns(
        pl.when(bad).then(change[1]).otherwise(pl.col(change[0])).alias(change[0])
    )
    if sheet == "meetings":  # and a repeated meeting id
        frame = pl.concat([frame, frame.head(1)])
        count += 1
    return frame, count
