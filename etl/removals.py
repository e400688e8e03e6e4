"""The removal guard: a club, its members or its meetings never disappear by accident.

A submission replaces everything its district published. A club whose row was rejected
(one blank required cell) or that is missing from the file would vanish with its members,
meetings and years of history; so would most of a staying club's members, or most of its
meetings of a fiscal year, when their rows were rejected or left out. The shrink guard,
which looks at whole sheets, lets both through: one club is a small share of a district.

Such a submission is held, like the shrink guard holds one: the published data stays, and
the message names each club and what would go with it, and why ("6205-002 ชมรมสตรีคลองขลุง:
58 members, 50 meetings, 4 fiscal years; its row ชมรม!3 was rejected: a required value is
missing (column name)"). A person publishes the removal on purpose: `etl run --accept-removal
DISTRICT`, or the upload page's confirmation (with a reason, audited). `check` is asked the
same way by the pipeline (on the version being written) and by the upload page's dry run
(on the published version).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl

from core import formats
from core.texts import _, ngettext, npgettext
from etl import load

DISTRICT = "district_code"


@dataclass(frozen=True)
class Removal:
    """One thing a submission would take away from a published club."""

    district: str
    club_id: str
    name: str
    kind: str  # "club" (the club and everything of it) | "members" | "meetings" (of one year)
    before: int  # club: its members; members: published members; meetings: that year's
    after: int  # what would remain (0 for a club)
    meetings: int = 0  # club: its published meetings
    years: int = 0  # club: fiscal years of its history
    fiscal_year: int | None = None  # meetings: the year
    sheet: str = ""  # club: the sheet of the file its rejected row is in, as the file names it
    row: int | None = None  # club: the row of that sheet (None: the club is not in the file)
    why_th: str = ""  # club: why that row was rejected
    why_en: str = ""

    def text(self, lang: str = "en") -> str:
        """What would go, and why, in one line."""
        club = f"{self.club_id} {self.name}"
        before, after = formats.number(self.before, lang), formats.number(self.after, lang)
        if self.kind == "members":
            return _(
                lang, "{club}: members {before} → {after}", club=club, before=before, after=after
            )
        if self.kind == "meetings":
            return _(
                lang,
                "{club}: meetings of FY {year} {before} → {after}",
                club=club,
                year=self.fiscal_year,
                before=before,
                after=after,
            )
        had = _(
            lang,
            "{members}, {meetings}, {years}",
            members=ngettext(lang, "{n} member", "{n} members", self.before, n=before),
            meetings=ngettext(
                lang,
                "{n} meeting",
                "{n} meetings",
                self.meetings,
                n=formats.number(self.meetings, lang),
            ),
            years=ngettext(lang, "{n} fiscal year", "{n} fiscal years", self.years),
        )
        why = (
            _(
                lang,
                "its row {sheet}!{row} was rejected: {why}",
                sheet=self.sheet,
                row=self.row,
                why=self.why_th if lang == "th" else self.why_en,
            )
            if self.row is not None
            else _(lang, "it is not in the file")
        )
        return f"{club}: {had}; {why}"


def check(
    con: duckdb.DuckDBPyConnection, records: load.Records, max_loss: float
) -> dict[str, list[Removal]]:
    """Per district of `records`: what its submission would remove from what `con` holds.

    A published club missing from the new clubs; a staying club keeping fewer than
    (1 - max_loss) of its members, or of its meetings of a fiscal year, or none of them.
    """
    districts = records.districts
    removals: dict[str, list[Removal]] = {d: [] for d in districts}
    published = load.published_clubs(con, districts)
    if published.is_empty():
        return removals
    new_clubs = _count(records, "clubs", [DISTRICT, "club_id"])
    gone = published.join(new_clubs, on=[DISTRICT, "club_id"], how="anti")
    reasons = _club_row_reasons(records)
    for club in (
        gone.join(reasons, on=[DISTRICT, "club_id"], how="left")
        .sort(DISTRICT, "club_id")
        .iter_rows(named=True)
    ):
        removals[club[DISTRICT]].append(
            Removal(
                club[DISTRICT],
                club["club_id"],
                club["name"],
                "club",
                club["members"],
                0,
                meetings=club["meetings"],
                years=club["years"],
                sheet=club["sheet"] or "",
                row=club["row_number"],
                why_th=club["why_th"] or "",
                why_en=club["why_en"] or "",
            )
        )
    staying = published.join(gone, on=[DISTRICT, "club_id"], how="anti")
    members = staying.join(
        _count(records, "members", [DISTRICT, "club_id"]), on=[DISTRICT, "club_id"], how="left"
    ).with_columns(pl.col("n").fill_null(0))
    for club in (
        members.filter(_lost(pl.col("members"), pl.col("n"), max_loss))
        .sort(DISTRICT, "club_id")
        .iter_rows(named=True)
    ):
        removals[club[DISTRICT]].append(
            Removal(
                club[DISTRICT], club["club_id"], club["name"], "members", club["members"], club["n"]
            )
        )
    meetings = (
        load.published_meetings(con, districts)
        .join(staying.select(DISTRICT, "club_id", "name"), on=[DISTRICT, "club_id"])
        .join(
            _count(records, "meetings", [DISTRICT, "club_id", "fiscal_year"]),
            on=[DISTRICT, "club_id", "fiscal_year"],
            how="left",
        )
        .with_columns(pl.col("n").fill_null(0))
    )
    lost = meetings.filter(_lost(pl.col("meetings"), pl.col("n"), max_loss))
    for row in lost.sort(DISTRICT, "club_id", "fiscal_year").iter_rows(named=True):
        removals[row[DISTRICT]].append(
            Removal(
                row[DISTRICT],
                row["club_id"],
                row["name"],
                "meetings",
                row["meetings"],
                row["n"],
                fiscal_year=row["fiscal_year"],
            )
        )
    return removals


def summary(removals: list[Removal], lang: str = "en", shown: int = 5) -> str:
    """The removals in one line: the first `shown`, and how many more."""
    texts = [r.text(lang) for r in removals[:shown]]
    more = len(removals) - shown
    if more > 0:
        texts.append(
            npgettext(
                lang, "removals", "and {n} more", "and {n} more", more, n=formats.number(more, lang)
            )
        )
    return "; ".join(texts)


def _lost(before: pl.Expr, after: pl.Expr, max_loss: float) -> pl.Expr:
    return (before > 0) & ((after == 0) | ((before - after) > max_loss * before))


def _count(records: load.Records, table: str, keys: list[str]) -> pl.DataFrame:
    frame = records.tables.get(table)
    if frame is None or frame.is_empty():
        schema = {k: (pl.Int32 if k == "fiscal_year" else pl.String) for k in keys} | {
            "n": pl.Int32
        }
        return pl.DataFrame(schema=schema)
    return (
        frame.group_by(keys)
        .agg(pl.len().cast(pl.Int32).alias("n"))
        .with_columns(pl.col("fiscal_year").cast(pl.Int32) if "fiscal_year" in keys else [])
    )


def _club_row_reasons(records: load.Records) -> pl.DataFrame:
    """Per club id read from a clubs row that was rejected: that row and why (its first reason)."""
    empty = pl.DataFrame(
        schema={
            DISTRICT: pl.String,
            "club_id": pl.String,
            "sheet": pl.String,
            "row_number": pl.Int64,
            "why_th": pl.String,
            "why_en": pl.String,
        }
    )
    if records.club_rows.is_empty() or records.rejected.is_empty():
        return empty
    where = [DISTRICT, "sheet", "row_number"]  # rejected rows name their sheet as the file does
    rejected = (
        records.rejected.with_columns(pl.col("row_number").cast(pl.Int64))
        .sort(where)
        .unique(where, keep="first", maintain_order=True)
        .select(*where, pl.col("message_th").alias("why_th"), pl.col("message_en").alias("why_en"))
    )
    return (
        records.club_rows.join(rejected, on=where)
        .filter(pl.col("club_id").is_not_null())
        .sort(DISTRICT, "row_number")
        .unique([DISTRICT, "club_id"], keep="first", maintain_order=True)
        .select(empty.columns)
    )
