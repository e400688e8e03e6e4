"""`tonbaeb generate`: realistic district submissions for real provinces.

Each district is seeded from (seed, district code) alone, so districts can be
made in parallel, and the same arguments give byte-identical files.
"""

from __future__ import annotations

import hashlib
import io
import multiprocessing
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import geothai
import numpy as np
import polars as pl
import xlsxwriter

from etl.schemas import BY_NAME
from tonbaeb.generate.clubs import district_frames
from tonbaeb.generate.messy import as_text, with_invalid_rows

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FIXED_TIME = datetime(2024, 1, 1)


@dataclass
class GenerateResult:
    """What was written, in rows per sheet."""

    sources: Path
    districts: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    invalid_rows: int = 0

    def __str__(self) -> str:
        counts = ", ".join(f"{n:,} {sheet}" for sheet, n in self.rows.items())
        return (
            f"{self.districts} districts: {counts}; {self.invalid_rows:,} invalid rows injected. "
            f"Sources: {self.sources}"
        )


def generate(
    out: Path,
    provinces: list[str],
    fiscal_years: list[int],
    *,
    seed: int = 1,
    messy_share: float = 0.1,
    invalid_share: float = 0.01,
    fmt: str = "xlsx",
    clubs_per_district: tuple[int, int] = (20, 36),
    districts: list[str] | None = None,
    workers: int = 1,
    today: date | None = None,
) -> GenerateResult:
    """Write one submission per district of the provinces, and a sources.toml listing them."""
    today = today or date.today()
    out.mkdir(parents=True, exist_ok=True)
    chosen = [
        d.code
        for p in provinces
        for d in geothai.districts(p)
        if districts is None or d.code in districts
    ]
    jobs = [
        (out, code, fiscal_years, seed, messy_share, invalid_share, fmt, clubs_per_district, today)
        for code in chosen
    ]
    if workers > 1:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            written = list(pool.map(_write_district, jobs, chunksize=4))
    else:
        written = [_write_district(job) for job in jobs]
    result = GenerateResult(out / "sources.toml", districts=len(written))
    lines = []
    for code, uri, rows, invalid in written:
        lines.append(f'[[source]]\nprovince = "{code[:2]}"\ndistrict = "{code}"\nuri = "{uri}"\n')
        for sheet, n in rows.items():
            result.rows[sheet] = result.rows.get(sheet, 0) + n
        result.invalid_rows += invalid
    result.sources.write_text("\n".join(lines), encoding="utf-8")
    return result


def _write_district(job: tuple) -> tuple[str, str, dict[str, int], int]:  # type: ignore[type-arg]
    out, code, years, seed, messy, invalid, fmt, clubs_range, today = job
    rng = np.random.default_rng([seed, int(code)])
    frames = district_frames(code, years, rng, today, clubs_range)
    style = rng.random(4)
    if fmt == "mixed":
        fmt = "xlsx" if style[0] < 0.35 else "csv"
    thai_headers = style[1] < min(1.0, 3 * messy)
    encoding = (
        "cp874" if style[2] < min(1.0, 3 * messy) else "utf-8-sig" if style[3] < 0.3 else "utf-8"
    )
    texts, rows, bad = {}, {}, 0
    for sheet, frame in frames.items():
        text = as_text(frame, sheet, rng, messy, zero_width=encoding != "cp874")
        text, injected = with_invalid_rows(text, sheet, rng, invalid)
        bad += injected
        rows[sheet] = text.height
        if thai_headers:
            text = text.rename({c.name: c.thai for c in BY_NAME[sheet].columns})
        texts[sheet] = text
    if fmt == "xlsx":
        _write_workbook(out / f"{code}.xlsx", texts, rng, messy)
        return code, f"{code}.xlsx", rows, bad
    folder = out / code
    folder.mkdir(exist_ok=True)
    for sheet, text in texts.items():
        (folder / f"{sheet}.csv").write_bytes(text.write_csv().encode(encoding))
    return code, code, rows, bad


def _write_workbook(
    path: Path, texts: dict[str, pl.DataFrame], rng: np.random.Generator, messy: float
) -> None:
    """A workbook whose clean dates are real date cells, so date columns mix dates and text."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    book.set_properties({"created": FIXED_TIME})
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    date_columns = {c.thai for s in BY_NAME.values() for c in s.columns if c.kind == "date"}
    date_columns |= {c.name for s in BY_NAME.values() for c in s.columns if c.kind == "date"}
    for sheet, text in texts.items():
        label = BY_NAME[sheet].thai if rng.random() < messy else sheet
        ws = book.add_worksheet(label)
        ws.write_row(0, 0, text.columns)
        is_date = [c in date_columns for c in text.columns]
        for r, row in enumerate(text.iter_rows(), start=1):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if is_date[c] and ISO_DATE.match(value):
                    ws.write_datetime(r, c, datetime.fromisoformat(value), dates)
                else:
                    ws.write_string(r, c, value)
    book.close()
    path.write_bytes(buffer.getvalue())


def content_digest(folder: Path) -> str:
    """One hash over every generated file (for determinism checks)."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
