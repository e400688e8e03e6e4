"""A small hand-built district submission, written as CSV files and loaded through the real ETL.

`Submission` collects rows sheet by sheet; `model_year` adds everything one fiscal year needs to
meet the standard (and steps 5-7), so a test states only what differs from a model year.
`load` runs the real pipeline; `backdate` moves the district's latest loaded batch to another
moment, as if it had been loaded then (timeliness reads the load history), and rescores it.
`model_club` adds the model club MODEL, every year of it meeting the standard.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from core.home import Home
from etl.pipeline import Outcome, run
from etl.sources import Source
from tests.conftest import TODAY
from warehouse import metrics
from warehouse.connection import reading
from warehouse.publish import new_version, province_lock
from warehouse.rules import Rules, load_rules

PROVINCE, DISTRICT = "62", "6205"
MODEL = "6205-001"  # the model club of `model_club`
SUBDISTRICT = "620501"
COLUMNS = {
    "clubs": (
        "club_id",
        "name",
        "network_type",
        "subdistrict_code",
        "founded_on",
        "entered_standard_fy",
        "lon",
        "lat",
    ),
    "members": ("club_id", "member_id", "full_name", "role", "joined_on", "left_on"),
    "meetings": ("club_id", "meeting_id", "held_on", "kind", "attendees"),
    "activities": (
        "club_id",
        "activity_id",
        "held_on",
        "kind",
        "title",
        "partner_org",
        "participants",
    ),
    "governance": ("club_id", "kind", "effective_on", "expires_on", "document_ref"),
}
OFFICERS = ("chair", "secretary", "treasurer")


def year_start(fiscal_year: int) -> date:
    """1 October that opens a fiscal year (B.E.)."""
    return date(fiscal_year - 544, 10, 1)


@dataclass
class Submission:
    """Rows of each sheet of one district's submission."""

    sheets: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {s: [] for s in COLUMNS}
    )

    def add(self, sheet: str, **row: Any) -> None:
        self.sheets[sheet].append(row)

    def club(
        self,
        club_id: str,
        name: str,
        members: int = 10,
        joined: date = date(2021, 10, 1),
        *,
        network_type: str = "cdv_club",
        subdistrict: str = SUBDISTRICT,
        place: tuple[float, float] | None = None,
    ) -> None:
        """A club whose first three members hold the officer roles, all joined on one day
        (`place`: its own lon, lat)."""
        lon, lat = place or (None, None)
        self.add(
            "clubs",
            club_id=club_id,
            name=name,
            network_type=network_type,
            subdistrict_code=subdistrict,
            lon=lon,
            lat=lat,
        )
        for n in range(1, members + 1):
            self.member(
                club_id, f"M{n:02d}", OFFICERS[n - 1] if n <= len(OFFICERS) else "member", joined
            )
        self.add("governance", club_id=club_id, kind="committee_appointed", effective_on=joined)
        self.add("governance", club_id=club_id, kind="rules_adopted", effective_on=joined)

    def member(
        self,
        club_id: str,
        member_id: str,
        role: str = "member",
        joined: date = date(2021, 10, 1),
        left: date | None = None,
    ) -> None:
        self.add(
            "members",
            club_id=club_id,
            member_id=member_id,
            full_name=f"สมาชิก {member_id}",
            role=role,
            joined_on=joined,
            left_on=left,
        )

    def meeting(self, club_id: str, held_on: date, attendees: int, kind: str = "regular") -> None:
        number = sum(1 for m in self.sheets["meetings"] if m["club_id"] == club_id) + 1
        self.add(
            "meetings",
            club_id=club_id,
            meeting_id=f"MT{number}",
            held_on=held_on,
            kind=kind,
            attendees=attendees,
        )

    def activity(self, club_id: str, held_on: date, kind: str, partner: str | None = None) -> None:
        number = sum(1 for a in self.sheets["activities"] if a["club_id"] == club_id) + 1
        self.add(
            "activities",
            club_id=club_id,
            activity_id=f"A{number}",
            held_on=held_on,
            kind=kind,
            title=f"กิจกรรม {kind} {number}",
            partner_org=partner,
            participants=20,
        )

    def model_year(
        self,
        club_id: str,
        fiscal_year: int,
        attendees: int = 9,
        partners: tuple[str, str] = ("อบต.คลองขลุง", "รพ.สต.คลองขลุง"),
        skip: tuple[str, ...] = (),
    ) -> None:
        """Everything a year needs to pass all nine criteria (but what `skip` names), early on.

        Meetings: three regular, a community forum and an evaluation forum, each with `attendees`
        present; activities: two capacity building, one problem solving, two with `partners`, a
        knowledge summary and a publicity. `skip` may name evaluation_forum, knowledge_summary,
        publicity or regular (then only two regular meetings: the meetings criterion fails).
        """
        start = year_start(fiscal_year)
        kinds = ["regular", "regular", "regular", "community_forum", "evaluation_forum"]
        if "regular" in skip:
            kinds.remove("regular")
        for days, kind in enumerate(kinds, start=1):
            if kind not in skip:
                self.meeting(club_id, start + timedelta(days=10 * days), attendees, kind)
        for kind in (
            "capacity_building",
            "capacity_building",
            "problem_solving",
            "knowledge_summary",
            "publicity",
        ):
            if kind not in skip:
                self.activity(club_id, start + timedelta(days=15), kind)
        for partner in partners:
            self.activity(club_id, start + timedelta(days=20), "partner_joint", partner)

    def rows_read(self) -> int:
        return sum(len(rows) for rows in self.sheets.values())

    def write(self, folder: Path) -> Path:
        """The submission as a folder of CSV files (sheets without rows are left out)."""
        folder.mkdir(parents=True, exist_ok=True)
        for sheet, rows in self.sheets.items():
            if not rows:
                (folder / f"{sheet}.csv").unlink(missing_ok=True)
                continue
            with open(folder / f"{sheet}.csv", "w", encoding="utf-8", newline="") as out:
                writer = csv.DictWriter(out, fieldnames=COLUMNS[sheet])
                writer.writeheader()
                for row in rows:
                    writer.writerow({k: "" if v is None else v for k, v in row.items()})
        return folder


def load(home: Home, folder: Path, submission: Submission, rules: Rules | None = None) -> Outcome:
    """Write the submission and run the real pipeline on it; the district's outcome."""
    submission.write(folder)
    [outcome] = run(
        home,
        [Source(PROVINCE, DISTRICT, str(folder))],
        rules or load_rules(None),
        today=TODAY,
        workers=1,
    )
    assert outcome.status == "loaded", outcome.message
    return outcome


def load_districts(home: Home, inbox: Path, submissions: dict[str, Submission]) -> None:
    """Write each district's submission under `inbox` and load them all with the real pipeline."""
    sources = [
        Source(PROVINCE, district, str(sub.write(inbox / district)))
        for district, sub in submissions.items()
    ]
    outcomes = run(home, sources, load_rules(None), today=TODAY, workers=1)
    assert [o.status for o in outcomes] == ["loaded"] * len(sources), [o.message for o in outcomes]


def backdate(home: Home, when: datetime, rules: Rules | None = None) -> None:
    """Move the district's latest loaded batch to `when` (a minute long) and score it again."""
    with province_lock(home, PROVINCE), new_version(home, PROVINCE) as con:
        con.execute(
            "update load_batches set started_at = ?, finished_at = ? where batch_id = "
            "(select arg_max(batch_id, started_at) from load_batches "
            "where district_code = ? and status = 'loaded')",
            [when, when + timedelta(minutes=1), DISTRICT],
        )
        metrics.refresh_district(con, PROVINCE, DISTRICT, rules or load_rules(None))


def rows(home: Home, table: str, **where: Any) -> list[dict[str, Any]]:
    """Rows of a published relation matching `where`, by club and year."""
    condition = " and ".join(f"{k} = ${k}" for k in where) or "true"
    order = "club_id, fiscal_year" if table == "club_year_exemplar" else "fiscal_year"
    with reading(home, PROVINCE) as (con, _version):
        return (
            con.sql(f"select * from {table} where {condition} order by {order}", params=where)
            .pl()
            .to_dicts()
        )


def row(home: Home, table: str, **where: Any) -> dict[str, Any]:
    """The one row of a published relation matching `where`."""
    [found] = rows(home, table, **where)
    return found


def model_club(sub: Submission, years: range) -> None:
    """The model club: every year meets the standard; FY 2567 lacks its evaluation forum and
    publicity; partners change from year to year; in FY 2568 one member leaves and two join."""
    sub.club(MODEL, "ชมรมต้นแบบคลองขลุง")
    partners = {
        2565: ("สถานีตำรวจภูธรคลองขลุง", "สถานีตำรวจภูธรคลองขลุง"),
        2566: ("อบต.คลองขลุง", "รพ.สต.คลองขลุง"),
        2567: ("อบต. คลองขลุง", "กศน.อำเภอคลองขลุง"),  # the same อบต. spelt with a space
        2568: ("โรงเรียนบ้านคลองขลุง", "ธ.ก.ส. สาขาคลองขลุง"),
    }
    for year in years:
        skip = ("evaluation_forum", "publicity") if year == 2567 else ()
        sub.model_year(MODEL, year, partners=partners[year], skip=skip)
    if 2568 in years:  # after the year's meetings: the meetings' roll stays 10
        sub.sheets["members"] = [
            m | {"left_on": date(2025, 3, 1)}
            if (m["club_id"], m["member_id"]) == (MODEL, "M10")
            else m
            for m in sub.sheets["members"]
        ]
        sub.member(MODEL, "M11", joined=date(2025, 1, 15))
        sub.member(MODEL, "M12", joined=date(2025, 1, 15))
