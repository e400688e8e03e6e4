"""The words of the codes the data and the workflows use, as tables of marked English texts.

Each table maps a code (a criterion, a kind, a status, a refusal, ...) to its English text,
marked with `N_` (or `NP_` when the same English needs another Thai elsewhere) so that
`pybabel extract` finds it; the page translates the one it picks: `_(lang, STATUSES[code])`.
The Thai is in the catalogues (core/locale); the contract's own Thai names of sheets and
columns come from etl.schemas.
"""

from __future__ import annotations

from core.texts import N_, NP_, _
from etl.schemas import BY_NAME, REASONS

# The nine criteria of the standard, in their order.
CRITERIA = {
    "committee": NP_("criterion", "4.1 Committee"),
    "rules": NP_("criterion", "4.2 Written rules"),
    "meetings": NP_("criterion", "4.3 ≥3 meetings at ≥70%"),
    "capacity": NP_("criterion", "4.4 Capacity building ≥2"),
    "problem_partner": NP_("criterion", "4.5 Problems & partners"),
    "forum": NP_("criterion", "Community forum"),
    "evaluation": NP_("criterion", "Evaluation forum"),
    "knowledge": NP_("criterion", "Knowledge summary"),
    "publicity": NP_("criterion", "Publicity"),
}
NETWORK_TYPES = {
    "cdv_club": N_("CD volunteer club"),
    "cdv_leader_club": N_("CD volunteer leaders' club"),
    "women": N_("Women's network"),
    "savings": N_("Savings groups network"),
    "otop": N_("OTOP producers' network"),
    "other": N_("Other"),
}
MEETING_KINDS = {
    "regular": N_("Regular meeting"),
    "community_forum": N_("Community forum"),
    "evaluation_forum": N_("Evaluation forum"),
    "exchange": N_("Exchange forum"),
}
ACTIVITY_KINDS = {
    "capacity_building": N_("Capacity building"),
    "problem_solving": N_("Problem solving"),
    "partner_joint": N_("With partners"),
    "knowledge_summary": N_("Knowledge summary"),
    "publicity": N_("Publicity"),
}
GOVERNANCE_KINDS = {
    "committee_appointed": N_("Committee appointed"),
    "rules_adopted": N_("Written rules adopted"),
    "plan_adopted": N_("Work plan adopted"),
}
MEMBER_ROLES = {
    "chair": N_("Chair"),
    "vice_chair": N_("Vice chair"),
    "secretary": N_("Secretary"),
    "treasurer": N_("Treasurer"),
    "committee": N_("Committee member"),
    "member": N_("Member"),
}
BATCH_STATUSES = {
    "loaded": N_("loaded"),
    "failed": N_("failed"),
    "unchanged": N_("unchanged"),
    "held": N_("held"),
    "locked": N_("locked (approved year)"),
}
USER_ROLES = {
    "national": N_("national"),
    "director": N_("director"),
    "officer": N_("officer"),
    "admin": N_("admin"),
}
KINDS = (
    NETWORK_TYPES
    | MEETING_KINDS
    | ACTIVITY_KINDS
    | GOVERNANCE_KINDS
    | MEMBER_ROLES
    | BATCH_STATUSES
    | USER_ROLES
)

# --- exemplars ----------------------------------------------------------------------------------
EXEMPLAR_STATUSES = {
    "none": NP_("exemplar status", "Not proposed"),
    "proposed": NP_("exemplar status", "Proposed"),
    "shortlisted": NP_("exemplar status", "Shortlisted"),
    "selected": NP_("exemplar status", "Selected"),
    "rejected": NP_("exemplar status", "Rejected"),
}
DECISIONS = {
    "propose": N_("Propose"),
    "shortlist": N_("Shortlist"),
    "select": N_("Select"),
    "reject": N_("Reject"),
    "withdraw": N_("Withdraw"),
    "reopen": N_("Reopen (undo the last decision)"),
}
# Why a decision is refused (exemplars.decisions.DecisionError's codes).
DECISION_REFUSALS = {
    "bad_action": N_("Choose an action"),
    "no_reason": N_("Please give a reason"),
    "reason_too_long": N_("The reason is too long"),
    "not_allowed": N_("You may not do this to this club"),
    "not_proposer": N_("Only whoever proposed may withdraw"),
    "four_eyes": N_(
        "Whoever proposed a club may not also select it: another person selects it (four eyes)"
    ),
    "wrong_state": N_("Not possible in the club's current status"),
    "not_candidate": N_("This club is not a candidate this year"),
    "unknown_club": N_("No such club this fiscal year"),
}
# The parts of the exemplar score (warehouse.queries.PARTS) and what each measures.
SCORE_PARTS = {
    "streak": NP_("exemplar score part", "Years in a row"),
    "steps": NP_("exemplar score part", "Steps 5–7"),
    "attendance": NP_("exemplar score part", "Attendance"),
    "partners": NP_("exemplar score part", "Partners"),
    "retention": NP_("exemplar score part", "Retention"),
    "growth": NP_("exemplar score part", "Growth"),
    "trend": NP_("exemplar score part", "Trend"),
}
PART_MEASURES = {
    "streak": N_("Years in a row meeting the standard up to this one (full at {n})"),
    "steps": N_("Share of evaluation forum, knowledge summary and publicity done this year"),
    "attendance": N_("Mean attendance rate of the year's meetings"),
    "partners": N_("Distinct partner organisations over {years} years (full at {n})"),
    "retention": N_("Share of last year-end's roll still on the roll at this year-end"),
    "growth": N_("Roll growth since last year-end (full at +{share})"),
    "trend": N_("Criteria gained since the year before (none = half, +{n} = full)"),
}
# Why a club is not a candidate (club_year_exemplar.reasons; the district-year ones are
# sentences made by dashboard.reasons).
CLUB_REASONS = {
    "not_meeting_standard": N_("does not meet the standard this year"),
    "no_knowledge_summary": N_("has not summarised its knowledge this year (cannot teach yet)"),
    "no_publicity": N_("has not publicised its results this year"),
}
# Why a district-year's submission is not complete (district_year_submissions.reasons) that
# need no values.
SUBMISSION_WHY = {
    "not_submitted": N_("not sent since the year ended"),
    "no_records": N_("no meetings or activities of that year"),
}
# What is wrong with a district's year, in the overdue workbook.
SUBMISSION_PROBLEMS = {
    "not_received": N_("not received"),
    "incomplete": N_("incomplete"),
}
# Why a knowledge record is refused (exemplars.knowledge.KnowledgeError's codes).
KNOWLEDGE_REFUSALS = {
    "not_allowed": N_(
        "Only the province's director and the club's district officer may see and edit the "
        "knowledge record"
    ),
    "not_selected": N_(
        "A knowledge record is made only for a club selected as an exemplar that year"
    ),
    "bad_fields": N_("Not saved; please try again"),
    "too_long": N_("Some fields are too long"),
}
# The knowledge record's fields (exemplars.knowledge.FIELDS), in English.
KNOWLEDGE_FIELDS = {
    "author": NP_("knowledge record", "Who drew the lessons"),
    "contact": NP_("knowledge record", "Contact telephone"),
    "title": NP_("knowledge record", "Title"),
    "problem": NP_("knowledge record", "The problem it addresses"),
    "place": NP_("knowledge record", "Place"),
    "story": NP_("knowledge record", "The story"),
    "steps": NP_("knowledge record", "Steps taken"),
    "assets": NP_("knowledge record", "Knowledge assets"),
    "competency": NP_("knowledge record", "Core competency"),
    "strategies": NP_("knowledge record", "Working strategies"),
    "theory": NP_("knowledge record", "Related theory"),
}
# The two ranking rules (dashboard.ranking), by the page that ranks by each.
RANKING_RULES = {
    "leaderboard": N_(
        "Ranked here by the standard score (share of the nine criteria passed), ties broken by "
        "attendance, then years in a row meeting the standard, then steps 5–7 done"
    ),
    "exemplars": N_(
        "Exemplars page: the exemplar score (weighted: years in a row, steps 5–7, attendance, "
        "partners, retention, growth, trend), only clubs whose district submitted completely "
        "and on time"
    ),
}
# The scorecard's traffic lights.
LIGHTS = {"green": N_("Good"), "amber": N_("Fair"), "red": N_("Needs attention")}

# --- the expansion plan -------------------------------------------------------------------------
PLAN_COLUMNS = {
    "exemplar": N_("Exemplar"),
    "exemplar_id": N_("Exemplar ID"),
    "exemplar_district": N_("Exemplar's district"),
    "exemplar_type": N_("Exemplar's type"),
    "mentee": N_("Network"),
    "mentee_id": N_("Network ID"),
    "mentee_district": N_("Network's district"),
    "mentee_type": N_("Network's type"),
    "same_type": N_("Same type"),
    "helped": N_("Criteria the exemplar can help with"),
    "distance_km": N_("Distance (km)"),
    "origin": N_("Origin"),
    "failed": N_("Criteria not passed"),
    "why": N_("Why uncovered"),
}
# Where a pair of the plan comes from (exemplars.plans).
PLAN_ORIGINS = {
    "proposed": NP_("plan pair origin", "Proposed"),
    "manual": NP_("plan pair origin", "By hand"),
}
# Why a pair kept in a plan no longer holds (exemplars.plan_board).
PLAN_NOTES = {
    "exemplar_not_selected": N_("The exemplar is no longer selected"),
    "mentee_not_in_need": N_("The network is no longer in need this year (the data changed)"),
}
# Why a network in need has no exemplar (exemplars.plan_board).
PLAN_WHY = {
    "out_of_reach": N_("No exemplar in its district or a bordering one"),
    "full": N_("Every exemplar within reach is full"),
    "room": N_("An exemplar within reach has room: pair by hand or propose again"),
}
# Why a change of the plan is refused (exemplars.expansion.PlanError's codes; `choose`: the page's).
PLAN_REFUSALS = {
    "not_allowed": N_("Only the province's director may make or change its plan"),
    "no_data": N_("No data for this year"),
    "bad_limit": N_("The most networks per exemplar must be 1–{max}"),
    "no_exemplars": N_("No exemplars are selected for this year"),
    "too_large": N_("Too large to plan at once; try fewer networks per exemplar"),
    "no_plan": N_("No plan yet: propose one first"),
    "not_exemplar": N_("This club is not an exemplar selected for this year"),
    "not_in_need": N_("This network is not in need this year"),
    "out_of_reach": N_(
        "This network is outside the exemplar's district and the districts bordering it"
    ),
    "full": N_("This exemplar already mentors as many networks as the plan allows"),
    "not_in_plan": N_("This network is no longer in the plan"),
    "choose": N_("Choose an exemplar and a network"),
}

# --- the widgets' own words ---------------------------------------------------------------------
# AG Grid's localeText keys (paging, loading, the filter menus) and its English.
GRID = {
    "page": NP_("grid", "Page"),
    "of": NP_("grid", "of"),
    "to": NP_("grid", "to"),
    "more": NP_("grid", "more"),
    "next": NP_("grid", "Next"),
    "last": NP_("grid", "Last"),
    "first": NP_("grid", "First"),
    "previous": NP_("grid", "Previous"),
    "firstPage": NP_("grid", "First Page"),
    "previousPage": NP_("grid", "Previous Page"),
    "nextPage": NP_("grid", "Next Page"),
    "lastPage": NP_("grid", "Last Page"),
    "pageSizeSelectorLabel": NP_("grid", "Page Size:"),
    "pageLastRowUnknown": NP_("grid", "?"),
    "loadingOoo": NP_("grid", "Loading..."),
    "loadingError": NP_("grid", "ERR"),
    "noRowsToShow": NP_("grid", "No Rows To Show"),
    "filterOoo": NP_("grid", "Filter..."),
    "searchOoo": NP_("grid", "Search..."),
    "selectAll": NP_("grid", "(Select All)"),
    "blanks": NP_("grid", "(Blanks)"),
    "equals": NP_("grid", "Equals"),
    "notEqual": NP_("grid", "Does not equal"),
    "blank": NP_("grid", "Blank"),
    "notBlank": NP_("grid", "Not blank"),
    "empty": NP_("grid", "Choose one"),
    "lessThan": NP_("grid", "Less than"),
    "greaterThan": NP_("grid", "Greater than"),
    "lessThanOrEqual": NP_("grid", "Less than or equal to"),
    "greaterThanOrEqual": NP_("grid", "Greater than or equal to"),
    "inRange": NP_("grid", "Between"),
    "inRangeStart": NP_("grid", "From"),
    "inRangeEnd": NP_("grid", "To"),
    "contains": NP_("grid", "Contains"),
    "notContains": NP_("grid", "Does not contain"),
    "startsWith": NP_("grid", "Begins with"),
    "endsWith": NP_("grid", "Ends with"),
    "before": NP_("grid", "Before"),
    "after": NP_("grid", "After"),
    "andCondition": NP_("grid", "AND"),
    "orCondition": NP_("grid", "OR"),
    "applyFilter": NP_("grid", "Apply"),
    "resetFilter": NP_("grid", "Reset"),
    "clearFilter": NP_("grid", "Clear"),
    "cancelFilter": NP_("grid", "Cancel"),
    "textFilter": NP_("grid", "Text Filter"),
    "numberFilter": NP_("grid", "Number Filter"),
    "dateFilter": NP_("grid", "Date Filter"),
}
# Dash's dropdown words (dcc.Dropdown `labels`) and its English; the dropdown fills in {num_selected}.
DROPDOWN = {
    "select_all": NP_("dropdown", "Select All"),
    "deselect_all": NP_("dropdown", "Deselect All"),
    "selected_count": NP_("dropdown", "{num_selected} selected"),
    "search": NP_("dropdown", "Search"),
    "clear_search": NP_("dropdown", "Clear search"),
    "clear_selection": NP_("dropdown", "Clear selection"),
    "no_options_found": NP_("dropdown", "No options found"),
}


def criterion(key: str, lang: str) -> str:
    """A criterion's short label (the key itself when unknown)."""
    return _(lang, CRITERIA[key]) if key in CRITERIA else key


def kind(key: str | None, lang: str) -> str:
    """The name of a network type, meeting, activity, governance kind, member or user role."""
    if key is None:
        return ""
    return _(lang, KINDS[key]) if key in KINDS else key


def network(key: str | None, lang: str) -> str:
    """A network type's name."""
    return kind(key, lang)


def rejection(code: str, lang: str) -> str:
    """Why the ETL rejected a row, in words (etl.schemas.REASONS); an unknown code as it is."""
    return _(lang, REASONS[code]) if code in REASONS else code


def sheet_name(sheet: str | None, lang: str) -> str:
    """A submission sheet's name as the contract's Thai headers say it ('activities' -> 'กิจกรรม')."""
    found = BY_NAME.get(sheet or "")
    return (sheet or "") if found is None or lang == "en" else found.thai


def column_name(sheet: str | None, column: str | None, lang: str) -> str:
    """A sheet's column as its Thai header ('held_on' -> its Thai name); unknown ones as they are."""
    found = BY_NAME.get(sheet or "")
    if found is None or column is None or lang == "en":
        return column or ""
    return next((c.thai for c in found.columns if c.name == column), column)


def grid_text(lang: str) -> dict[str, str]:
    """The grid's own words in the language (empty: its built-in English)."""
    return {} if lang == "en" else {key: _(lang, text) for key, text in GRID.items()}


def dropdown_text(lang: str) -> dict[str, str] | None:
    """The dropdown's own words in the language (None: its built-in English)."""
    return None if lang == "en" else {key: _(lang, text) for key, text in DROPDOWN.items()}


def attribution(text: str | None, lang: str) -> str:
    """A boundaries attribution or credit (etl.geo's, marked) in the language; one loaded by hand as given."""
    return _(lang, text) if text else ""
