"""The published relations of one province as the national lake holds them, without personal data.

Each relation is a fixed list of columns (nothing is taken with `*`), so a column added to the
warehouse reaches the lake only when it is named here. Left out on purpose (PDPA): members' names,
citizen IDs and person keys, attendance lists, activity titles and partner names, governance
document references, rejected rows' raw values, load sources and who sent an upload. Members
appear only as counts per club, fiscal year, gender and role (`members_by_club_year`).

The roll-ups the national views read (`district_year_summary`, `province_year_summary`,
`club_scores`) are taken from the Parquet files published beside the version, so the lake and
the dashboard's national views read the very same files and cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from warehouse.connection import READ_ONLY_CONFIG, hold
from warehouse.publish import Published


@dataclass(frozen=True)
class Relation:
    """One lake table: its name, how it is read, and the columns it is partitioned by."""

    name: str
    query: str = ""  # SQL on the version ($province); empty: the roll-up file NAME.parquet
    partition: tuple[str, ...] = ("province_code", "fiscal_year")


RELATIONS = (
    Relation(
        "clubs",
        """select province_code, district_code, club_id, name, network_type, subdistrict_code,
           founded_on, entered_standard_fy, lat, lon, batch_id
           from clubs where province_code = $province order by district_code, club_id""",
        ("province_code",),
    ),
    Relation(
        "club_year_compliance",
        """select province_code, district_code, club_id, fiscal_year, committee, rules, meetings,
           capacity, problem_partner, forum, evaluation, knowledge, publicity, meets_standard,
           qualifying_meetings, meetings_held, attendance_rate, score, members_end,
           capacity_activities, problem_solving_activities, partner_activities,
           distinct_partners, rules_version
           from club_year_compliance where province_code = $province
           order by district_code, club_id, fiscal_year""",
    ),
    Relation("club_scores"),
    Relation(
        "meetings",
        """select province_code, district_code, club_id, meeting_id, held_on, fiscal_year, kind,
           attendees, batch_id
           from meetings where province_code = $province
           order by district_code, club_id, held_on, meeting_id""",
    ),
    Relation(
        "activities",
        """select province_code, district_code, club_id, activity_id, held_on, fiscal_year, kind,
           participants, batch_id
           from activities where province_code = $province
           order by district_code, club_id, held_on, activity_id""",
    ),
    Relation(
        "governance",
        """select province_code, district_code, club_id, record_number, kind, effective_on,
           expires_on, batch_id
           from governance where province_code = $province
           order by district_code, club_id, record_number""",
        ("province_code",),
    ),
    Relation(
        "district_year_submissions",
        """select province_code, district_code, fiscal_year, year_ended_on, due_on,
           first_loaded_at, history, submitted_at, days_late, latest_batch_id, latest_loaded_at,
           missing_sheets, records, rows_read, rows_rejected, rejected_share, complete, on_time,
           reasons, rules_version
           from district_year_submissions where province_code = $province
           order by district_code, fiscal_year""",
    ),
    Relation("district_year_summary"),
    Relation("province_year_summary"),
    Relation(
        "members_by_club_year",
        # Members on the club's roll on the fiscal year's last day (as members_end counts them).
        """select y.province_code, y.district_code, y.club_id, y.fiscal_year, m.gender, m.role,
           count(*)::integer as members
           from club_year_compliance as y
           join members as m
               on m.district_code = y.district_code and m.club_id = y.club_id
               and m.joined_on <= make_date(y.fiscal_year - 543, 9, 30)
               and (m.left_on is null or m.left_on > make_date(y.fiscal_year - 543, 9, 30))
           where y.province_code = $province
           group by all
           order by y.district_code, y.club_id, y.fiscal_year, m.gender, m.role""",
    ),
)

# The rules version(s) the standard was judged with, and the batch whose rows each district holds.
RULES_VERSIONS = """select distinct rules_version from club_year_compliance
where province_code = $province order by 1"""
LOADED_BATCHES = """select arg_max(batch_id, started_at) from load_batches
where province_code = $province and status = 'loaded' group by district_code order by 1"""


@dataclass(frozen=True)
class Extract:
    """What one published version of a province gives the lake."""

    published: Published
    tables: dict[str, pa.Table]
    rules_versions: list[str]
    batch_ids: list[str]


def extract(published: Published) -> Extract:
    """Every lake relation of the version, read from it (and its roll-up files) alone.

    Raises FileNotFoundError when retention removed the version first.
    """
    tables = {}
    with _opened(published) as con:
        params = {"province": published.province}
        for relation in RELATIONS:
            if relation.query:
                tables[relation.name] = con.sql(relation.query, params=params).to_arrow_table()
            else:
                tables[relation.name] = _rollup(published, relation.name)
        rules = [row[0] for row in con.execute(RULES_VERSIONS, params).fetchall()]
        batches = [row[0] for row in con.execute(LOADED_BATCHES, params).fetchall()]
    return Extract(published, tables, rules, batches)


def _rollup(published: Published, name: str) -> pa.Table:
    """The roll-up file published beside the version (only the province's own rows)."""
    table = pq.read_table(published.folder / f"{name}.parquet")
    mask = pc.equal(table["province_code"], published.province)
    return table.filter(mask)


@contextmanager
def _opened(published: Published) -> Iterator[duckdb.DuckDBPyConnection]:
    """The version opened read-only, holding its shared lock (retention leaves it alone)."""
    handle = hold(published.path)
    try:
        con = duckdb.connect(str(published.path), read_only=True, config=READ_ONLY_CONFIG)
        try:
            yield con
        finally:
            con.close()
    finally:
        handle.close()
