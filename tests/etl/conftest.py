"""ETL fixtures: a province with two districts that use the same club ids."""

from __future__ import annotations

from pathlib import Path

import pytest

# 6205's subdistricts as they are written in the fixture, and subdistricts of 6201 for them.
SUBDISTRICTS = {"620501": "620101", "620502": "620102", "๖๒๐๕๐๖": "๖๒๐๑๐๖"}


@pytest.fixture
def two_districts(inbox: Path) -> Path:
    """The fixture district 6205 and a sibling 6201 of the same province; returns sources.toml.

    6201 sent the same club, meeting and member ids as 6205 (ids are unique only within a
    district) but differs: one meeting fewer, no members sheet (so its attendance names
    unknown members and its attendee counts are not checked against a roll), and a
    governance sheet without its required effective_on column.
    """
    source, sibling = inbox.parent / "6205", inbox.parent / "6201"
    sibling.mkdir()
    for path in source.glob("*.csv"):
        if path.name == "members.csv":
            continue
        text = path.read_text(encoding="utf-8")
        for mine, theirs in SUBDISTRICTS.items():
            text = text.replace(f",{mine},", f",{theirs},")
        if path.name == "meetings.csv":
            text = "".join(line for line in text.splitlines(True) if ",MT3," not in line)
        if path.name == "governance.csv":
            text = "\n".join(
                ",".join(cell for n, cell in enumerate(line.split(",")) if n != 2)
                for line in text.splitlines()
            )
        (sibling / path.name).write_text(text, encoding="utf-8")
    with inbox.open("a", encoding="utf-8") as sources:
        sources.write('\n[[source]]\nprovince = "62"\ndistrict = "6201"\nuri = "6201"\n')
    return inbox
