"""The dry run's warning "clubs that would stop meeting the standard because of rejected rows":
a club that met the standard as published, would not with the new file, and has rows rejected in
it. A club losing the standard with nothing of it rejected is new data, not a warning."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from core.home import Home
from etl import dry_run
from etl.pipeline import run
from etl.sources import Source, read_sources
from tests.conftest import TODAY
from warehouse.rules import load_rules

SOURCE = Source("62", "6205", "upload:6205")
FY2559 = ("MT1,", "MT2,", "MT3,", "MT4,")  # 6205-001's meetings of FY 2559: it meets the standard


def standing(rows: list[tuple[str, int, bool]]) -> pl.DataFrame:
    return pl.DataFrame(
        [(c, f"club {c}", y, m) for c, y, m in rows],
        schema={"club_id": pl.String, "name": pl.String, "fiscal_year": pl.Int32,
                "meets_standard": pl.Boolean},
        orient="row",
    )  # fmt: skip


def test_known_answers_of_lost_standard() -> None:
    before = standing(
        [
            ("A", 2559, True),  # loses it, rows rejected: warned
            ("B", 2559, True),  # loses it, nothing rejected: new data
            ("C", 2559, True),  # keeps it, rows rejected
            ("D", 2559, True),  # gone from the file: the removal guard's, not this warning
            ("E", 2559, True),  # its year gone (rows rejected): warned
            ("E", 2560, True),
            ("F", 2559, False),  # did not meet it before
        ]
    )
    after = standing(
        [
            ("A", 2559, False),
            ("B", 2559, False),
            ("C", 2559, True),
            ("E", 2560, True),
            ("F", 2559, False),
        ]
    )
    lost = dry_run.lost_standard(before, after, {"A", "C", "D", "E", "F"})
    assert lost == [("A", "club A", 2559), ("E", "club E", 2559)]
    assert dry_run.lost_standard(before, after, set()) == []


def clean_fixture(home: Home, inbox: Path) -> dict[str, bytes]:
    """The fixture district without the rows it rejects, published: its files."""
    folder = inbox.parent / "6205"
    files = {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}
    for _round in range(4):  # a row left out can reject the rows that refer to it
        rejected = dry_run.dry_run(home, SOURCE, files, load_rules(None), TODAY).rejected
        if rejected.is_empty():
            break
        for name in list(files):
            drop = set(rejected.filter(pl.col("sheet") == name.removesuffix(".csv"))["row_number"])
            lines = files[name].decode("utf-8").splitlines(keepends=True)
            files[name] = "".join(ln for n, ln in enumerate(lines, 1) if n not in drop).encode()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    [outcome] = run(home, read_sources(inbox), load_rules(None), today=TODAY, workers=1)
    assert outcome.status == "loaded" and outcome.rows_rejected == 0, outcome.message
    return files


def edited(files: dict[str, bytes], name: str, change) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    lines = files[name].decode("utf-8").splitlines(keepends=True)
    return files | {name: "".join(change(lines)).encode()}


def test_a_club_losing_the_standard_because_its_rows_are_rejected_is_warned(
    home: Home, inbox: Path
) -> None:
    files = clean_fixture(home, inbox)

    def blank_dates(lines: list[str]) -> list[str]:  # held_on of the FY 2559 meetings emptied
        return [
            ",".join(c if i != 2 else "" for i, c in enumerate(ln.split(",")))
            if ln.startswith(tuple("6205-001," + m for m in FY2559))
            else ln
            for ln in lines
        ]

    seen = dry_run.dry_run(
        home, SOURCE, edited(files, "meetings.csv", blank_dates), load_rules(None), TODAY
    )
    assert not seen.rejected.is_empty()
    assert seen.lost_standard == [("6205-001", "ชมรมอาสาพัฒนาชุมชนอำเภอคลองขลุง", 2559)]
    assert seen.warnings


def test_a_club_losing_the_standard_with_nothing_rejected_is_new_data(
    home: Home, inbox: Path
) -> None:
    files = clean_fixture(home, inbox)
    fewer = edited(
        files,
        "meetings.csv",
        lambda lines: [
            ln for ln in lines if not ln.startswith(tuple("6205-001," + m for m in FY2559))
        ],
    )
    fewer = edited(
        fewer,
        "attendance.csv",
        lambda lines: [
            ln for ln in lines if not ln.startswith(tuple("6205-001," + m for m in FY2559))
        ],
    )
    seen = dry_run.dry_run(home, SOURCE, fewer, load_rules(None), TODAY)
    assert seen.rejected.is_empty()
    meeting = {
        r["fiscal_year"]: r["meeting_standard"] for r in seen.standard_before.iter_rows(named=True)
    }
    now = {
        r["fiscal_year"]: r["meeting_standard"] for r in seen.standard_after.iter_rows(named=True)
    }
    assert meeting.get(2559, 0) == 1 and now.get(2559, 0) == 0  # it did lose the standard
    assert seen.lost_standard == []
