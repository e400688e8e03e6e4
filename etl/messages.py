"""Why a row was rejected, in words a person can act on, in Thai and in English.

A message names the column as the template's header shows it (the Thai label, or the
English name in English), the value as typed (a citizen ID masked), the reason, and what
exactly: for a date, the day the month does not have, the month not understood or the year
too early, and the forms that are read. A row rejected because the row it refers to was
(`parent_rejected`) names that row and the root of its trouble:
"ชมรม 6205-002 ถูกปฏิเสธ (ชมรม แถว 3: ชื่อชมรม ว่าง — ไม่ได้กรอกข้อมูลที่จำเป็น)".
"""

from __future__ import annotations

import string

import polars as pl

from core import formats
from core.texts import N_, NP_, _
from etl import normalise as nz
from etl.schemas import REASONS, SHEETS
from etl.validate import EARLIEST, EARLIEST_FOUNDED

LANGS = ("th", "en")
SHOWN_CHARS = 80  # a longer value is cut in a message (the raw_value column has it whole)
DATE_FORMS = N_("read: 15/03/2569, 15 Mar 2569, 2569-03-15, an Excel date")
PARENTS = {  # a parent row named in a traced message (in Thai: its sheet's name)
    "clubs": NP_("parent row", "club"),
    "members": NP_("parent row", "member"),
    "meetings": NP_("parent row", "meeting"),
}
LABELS = {f"{s.name}|{c.name}": c.thai for s in SHEETS for c in s.columns}


def with_messages(rows: pl.DataFrame) -> pl.DataFrame:
    """`rows` (validate's rejected rows with `sheet_name`, the contract sheet) with message_th and message_en."""
    return rows.with_columns(*(message(lang).alias(f"message_{lang}") for lang in LANGS))


def message(lang: str) -> pl.Expr:
    """The message of a rejected row in one language."""
    own = (
        _cell(pl.col("sheet_name"), pl.col("column_name"), pl.col("raw_value"), lang)
        + pl.lit(": ")
        + _reason(
            pl.col("reason_code"),
            pl.col("detail"),
            pl.col("sheet_name"),
            pl.col("column_name"),
            lang,
        )
    )
    forms = (pl.col("reason_code") == "bad_date") & ~pl.col("detail").fill_null("").str.starts_with(
        "before_start"
    )
    own = pl.when(forms).then(own + pl.lit(" — " + _(lang, DATE_FORMS))).otherwise(own)
    root = filled(
        _(lang, "{sheet} row {row}: {cell} — {reason}"),
        sheet=_sheet(pl.col("root_sheet"), lang),
        row=pl.col("root_row_number").cast(pl.String),
        cell=_cell(
            pl.col("root_sheet"), pl.col("root_column_name"), pl.col("root_raw_value"), lang
        ),
        reason=_reason(
            pl.col("root_reason_code"),
            pl.col("root_detail"),
            pl.col("root_sheet"),
            pl.col("root_column_name"),
            lang,
        ),
    )
    parent = pl.col("parent_sheet")
    named = parent.replace_strict(
        {sheet: _(lang, word) for sheet, word in PARENTS.items()}, default=parent
    )
    traced = filled(
        _(lang, "{parent} {key} was rejected ({root})"),
        parent=named,
        key=pl.col("parent_key"),
        root=root,
    )
    return pl.when(pl.col("reason_code") == "parent_rejected").then(traced).otherwise(own)


def _sheet(sheet: pl.Expr, lang: str) -> pl.Expr:
    """A sheet as the template names it: its Thai name, or the English one."""
    if lang == "en":
        return sheet
    return sheet.replace_strict(
        {s.name: s.thai for s in SHEETS}, default=sheet, return_dtype=pl.String
    )


def _label(sheet: pl.Expr, column: pl.Expr, lang: str) -> pl.Expr:
    """A column as the template's header shows it: its Thai label, or the English name."""
    if lang == "en":
        return column
    key = pl.concat_str([sheet, pl.lit("|"), column])
    return key.replace_strict(LABELS, default=column, return_dtype=pl.String)


def _cell(sheet: pl.Expr, column: pl.Expr, raw: pl.Expr, lang: str) -> pl.Expr:
    """The column and the value as typed ("ชื่อชมรม “x”"), or that it is empty."""
    value = nz.clean_text(raw)
    masked = pl.when(column == "citizen_id").then(masked_citizen_id(raw)).otherwise(value)
    cut = (
        pl.when(masked.str.len_chars() > SHOWN_CHARS)
        .then(masked.str.head(SHOWN_CHARS) + pl.lit("…"))
        .otherwise(masked)
    )
    label = _label(sheet, column, lang).fill_null("")
    return (
        pl.when(value.is_null())
        .then(filled(_(lang, "{column} is empty"), column=label))
        .otherwise(label + pl.lit(" “") + cut + pl.lit("”"))
    )


def _reason(code: pl.Expr, detail: pl.Expr, sheet: pl.Expr, column: pl.Expr, lang: str) -> pl.Expr:
    """The reason in words, with what exactly in brackets when there is a detail."""
    words = code.replace_strict(
        {k: _(lang, v) for k, v in REASONS.items()}, default=code, return_dtype=pl.String
    )
    exact = _detail(detail, sheet, column, lang)
    return (
        pl.when(exact.is_not_null())
        .then(words + pl.lit(" (") + exact + pl.lit(")"))
        .otherwise(words)
    )


def _detail(detail: pl.Expr, sheet: pl.Expr, column: pl.Expr, lang: str) -> pl.Expr:
    """A bad date's detail (`kind|arguments`, see validate) in words; null when there is none."""
    parts = detail.str.split("|")
    kind, first = parts.list.get(0, null_on_oob=True), parts.list.get(1, null_on_oob=True)
    day = first.cast(pl.Int32, strict=False)
    month = parts.list.get(2, null_on_oob=True).cast(pl.Int32, strict=False)
    year = parts.list.get(3, null_on_oob=True)
    month_name = month.replace_strict(
        dict(enumerate(formats.month_names(lang), start=1)), default=None, return_dtype=pl.String
    )
    earliest = (
        pl.when(column == "founded_on")
        .then(pl.lit(EARLIEST_FOUNDED.year + 543))
        .otherwise(pl.lit(EARLIEST.year + 543))
        .cast(pl.String)
    )
    numeric = first.str.contains(r"^[0-9]+$").fill_null(False)
    nth = first + _ordinal(day) if lang == "en" else first  # the day as the language counts it
    no_day = filled(
        _(lang, "{month} {year} has no {day} day"), month=month_name, year=year, day=nth
    )
    bad_month = (
        pl.when(numeric)
        .then(filled(_(lang, "there is no month {month}"), month=first))
        .otherwise(filled(_(lang, "month “{month}” not understood"), month=first))
    )
    too_early = filled(_(lang, "a year before {year} B.E."), year=earliest)
    small = filled(
        _(lang, "{number} is no Excel date: those are read from {first}, 1 January 2493"),
        number=first,
        first=pl.lit(str(nz.FIRST_SERIAL)),
    )
    before = filled(_(lang, "before {column}"), column=_label(sheet, first, lang))
    unreadable = pl.lit(_(lang, "not a form that is read"))
    return (
        pl.when(kind == "no_such_day").then(no_day)
        .when(kind == "bad_month").then(bad_month)
        .when(kind == "too_early").then(too_early)
        .when(kind == "small_serial").then(small)
        .when(kind == "before_start").then(before)
        .when(kind == "unreadable").then(unreadable)
        .otherwise(pl.lit(None, pl.String))
    )  # fmt: skip


def filled(text: str, **values: pl.Expr) -> pl.Expr:
    """A catalogue text (in its language already) as an expression, its {names} filled from
    `values` (null when one of them is)."""
    parts: list[pl.Expr] = []
    for literal, name, _spec, _conversion in string.Formatter().parse(text):
        if literal:
            parts.append(pl.lit(literal))
        if name is not None:
            parts.append(values[name])
    return pl.concat_str(parts)


def _ordinal(day: pl.Expr) -> pl.Expr:
    """English ordinal suffix: 1st, 2nd, 3rd, 4th, 11th, 21st."""
    return (
        pl.when((day % 100).is_between(11, 13)).then(pl.lit("th"))
        .when(day % 10 == 1).then(pl.lit("st"))
        .when(day % 10 == 2).then(pl.lit("nd"))
        .when(day % 10 == 3).then(pl.lit("rd"))
        .otherwise(pl.lit("th"))
    )  # fmt: skip


def masked_citizen_id(raw: pl.Expr) -> pl.Expr:
    """A citizen ID as it may be shown: first and last character kept, the rest hidden."""
    text = nz.clean_text(raw)
    length = text.str.len_chars()
    return (
        pl.when(length > 2)
        .then(text.str.head(1) + pl.lit("x").repeat_by(length - 2).list.join("") + text.str.tail(1))
        .otherwise(text)
    )
