"""The generator: real codes, never-real citizen IDs, deterministic output, files that load."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import geothai
import polars as pl
import pytest

from etl.normalise import citizen_id_valid
from etl.schemas import BY_NAME
from tonbaeb.generate import content_digest, generate

TODAY = date(2026, 11, 24)
SMALL = {"clubs_per_district": (3, 5), "today": TODAY}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "62"
    generate(out, ["62"], [2566, 2567], fmt="csv", messy_share=0.15, **SMALL)
    return out


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        generate(
            tmp_path / name,
            ["62"],
            [2567],
            seed=seed,
            fmt="mixed",
            districts=["6205", "6201"],
            **SMALL,
        )
    assert content_digest(tmp_path / "a") == content_digest(tmp_path / "b")
    assert content_digest(tmp_path / "a") != content_digest(tmp_path / "c")


def test_sources_list_every_real_district_of_the_province(generated: Path) -> None:
    sources = tomllib.loads((generated / "sources.toml").read_text(encoding="utf-8"))["source"]
    assert sorted(s["district"] for s in sources) == sorted(d.code for d in geothai.districts("62"))
    assert all(s["province"] == "62" and (generated / s["uri"]).exists() for s in sources)


def read(folder: Path, sheet: str) -> pl.DataFrame:
    raw = (folder / f"{sheet}.csv").read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp874")
    frame = pl.read_csv(text.encode(), infer_schema=False)
    names = {c.thai: c.name for c in BY_NAME[sheet].columns}
    return frame.rename({k: v for k, v in names.items() if k in frame.columns})


def test_headers_are_english_or_thai_and_codes_are_real(generated: Path) -> None:
    for folder in (p for p in generated.iterdir() if p.is_dir()):
        clubs = read(folder, "clubs")
        assert set(clubs.columns) == set(BY_NAME["clubs"].names)
        real = {s.code for s in geothai.subdistricts(folder.name)}
        codes = set(
            clubs["subdistrict_code"]
            .str.strip_chars(" \u00a0\u200b")
            .str.replace_many(list("๐๑๒๓๔๕๖๗๘๙"), list("0123456789"))
        )
        assert codes <= real | {None}


def test_citizen_ids_pass_the_checksum_but_name_no_real_office(generated: Path) -> None:
    ids = pl.concat(
        read(f, "members").select("citizen_id") for f in generated.iterdir() if f.is_dir()
    )
    ids = ids.drop_nulls().filter(pl.col("citizen_id") != "1234567890123")  # the injected bad ones
    assert ids.height > 100
    assert ids.select(citizen_id_valid(pl.col("citizen_id")).all()).item()
    assert ids.select(pl.col("citizen_id").str.slice(1, 2).eq("00").all()).item()


def test_some_csv_files_are_windows_874(generated: Path) -> None:
    encodings = set()
    for path in generated.rglob("clubs.csv"):
        try:
            path.read_bytes().decode("utf-8")
            encodings.add("utf-8")
        except UnicodeDecodeError:
            path.read_bytes().decode("cp874")
            encodings.add("cp874")
    assert encodings == {"utf-8", "cp874"}
