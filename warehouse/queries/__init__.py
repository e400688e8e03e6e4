"""Every question the dashboard asks of the warehouse, answered within the asking user's scope.

Each function takes `(home, scope, ...)`. The tenant, district and role come only
from the Scope, built on the server from the session; a province, district or club
outside it yields an empty frame. Results are polars frames. Each question reads its
provinces' published versions once and hands its answer, named by the scope, those
versions, the question and its parameters, to whoever keeps answers (`keep_answers_with`:
the dashboard's one cache, dashboard/cache.py); the warehouse itself keeps nothing.
"""

from __future__ import annotations

from warehouse.queries.base import (
    CRITERIA,
    Keeper,
    Versions,
    chosen_province,
    covered,
    covered_versions,
    keep_answers_with,
    provinces,
    published_at,
    readable_district,
)
from warehouse.queries.changes import (
    criteria_moves,
    criterion_failures,
    district_gaps,
    standard_changes,
)
from warehouse.queries.clubs import (
    club_choices,
    club_profile,
    club_scores,
    club_years,
    compare,
    district_clubs,
    leaderboard,
    ranked,
)
from warehouse.queries.exemplars import (
    PARTS,
    candidates,
    district_submissions,
    exemplar_club,
    exemplar_year,
    strong_non_candidates,
)
from warehouse.queries.places import (
    MEASURES,
    Areas,
    area_shapes,
    area_values,
    boundaries_attribution,
    club_locations,
    coverage,
    district_club_points,
)
from warehouse.queries.province import (
    areas_year,
    criteria_rates,
    district_against_province,
    district_trend,
    district_year,
    district_years,
    fiscal_years,
    freshness,
    headline,
    national_totals,
    national_trend,
    national_years,
    province_years,
    trend,
)
from warehouse.queries.quality import (
    batches,
    due_years,
    held,
    rejected,
    rejected_by_reason,
    sheets,
    submission_years,
    submissions,
    year_status,
)
from warehouse.queries.records import (
    club_activities,
    club_governance,
    club_meetings,
    club_members,
    meeting_attendance,
)
from warehouse.queries.scorecard import MEASURES as SCORECARD_MEASURES
from warehouse.queries.scorecard import approved_counts as scorecard_approved_counts
from warehouse.queries.scorecard import light, scorecard
from warehouse.queries.scorecard import lights as scorecard_lights
from warehouse.queries.scorecard import whole as scorecard_whole

__all__ = [
    "CRITERIA",
    "MEASURES",
    "PARTS",
    "SCORECARD_MEASURES",
    "Areas",
    "Keeper",
    "Versions",
    "area_shapes",
    "area_values",
    "areas_year",
    "batches",
    "boundaries_attribution",
    "candidates",
    "chosen_province",
    "club_activities",
    "club_choices",
    "club_governance",
    "club_locations",
    "club_meetings",
    "club_members",
    "club_profile",
    "club_scores",
    "club_years",
    "compare",
    "coverage",
    "covered",
    "covered_versions",
    "criteria_moves",
    "criteria_rates",
    "criterion_failures",
    "district_against_province",
    "district_club_points",
    "district_clubs",
    "district_gaps",
    "district_submissions",
    "district_trend",
    "district_year",
    "district_years",
    "due_years",
    "exemplar_club",
    "exemplar_year",
    "fiscal_years",
    "freshness",
    "headline",
    "held",
    "keep_answers_with",
    "leaderboard",
    "light",
    "meeting_attendance",
    "national_totals",
    "national_trend",
    "national_years",
    "province_years",
    "provinces",
    "published_at",
    "ranked",
    "readable_district",
    "rejected",
    "rejected_by_reason",
    "scorecard",
    "scorecard_approved_counts",
    "scorecard_lights",
    "scorecard_whole",
    "sheets",
    "standard_changes",
    "strong_non_candidates",
    "submission_years",
    "submissions",
    "trend",
    "year_status",
]
