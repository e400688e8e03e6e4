"""The application-state store's tables, defined once (the schema Alembic's head gives).

A change here goes with a new revision in accounts/migrations/versions (docs/development.md).
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
)

metadata = MetaData()

users = Table(
    "users",
    metadata,
    Column("username", Text, primary_key=True),
    Column("role", Text, nullable=False),
    Column("province_code", Text),
    Column("district_code", Text),
    Column("password_hash", Text, nullable=False),
    Column("disabled", Integer, nullable=False, server_default="0"),
    Column("failed_logins", Integer, nullable=False, server_default="0"),
    Column("locked_until", Float, nullable=False, server_default="0"),
    Column("created_at", Float, nullable=False),
    Column("password_changed_at", Float, nullable=False),
    Column("must_change_password", Integer, nullable=False, server_default="0"),
)

sessions = Table(
    "sessions",
    metadata,
    Column("token_hash", Text, primary_key=True),
    Column("username", Text, ForeignKey("users.username"), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("last_seen_at", Float, nullable=False),
    Column("ip", Text),
    Column("user_agent", Text),
)

audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("at", Float, nullable=False),
    Column("username", Text),
    Column("role", Text),
    Column("province_code", Text),
    Column("action", Text, nullable=False),
    Column("detail", Text),
    Column("ip", Text),
    Column("fields", Text, nullable=False, server_default="{}"),
    Column("hash", Text),
    Index("audit_by_province", "province_code", "at"),
)

audit_head = Table(
    "audit_head",
    metadata,
    Column("one", Integer, primary_key=True, autoincrement=False),
    Column("last_id", Integer, nullable=False),
    Column("hash", Text, nullable=False),
    CheckConstraint("one = 1", name="audit_head_one"),
)

login_throttle = Table(
    "login_throttle",
    metadata,
    Column("key", Text, primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("last_failure_at", Float, nullable=False),
)

login_places = Table(
    "login_places",
    metadata,
    Column("username", Text, nullable=False),
    Column("ip", Text, nullable=False),
    Column("last_ok_at", Float, nullable=False),
    PrimaryKeyConstraint("username", "ip"),
)

exemplar_decisions = Table(
    "exemplar_decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("province_code", Text, nullable=False),
    Column("district_code", Text, nullable=False),
    Column("club_id", Text, nullable=False),
    Column("fiscal_year", Integer, nullable=False),
    Column("action", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("username", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("at", Float, nullable=False),
    Index(
        "exemplar_decisions_by_club",
        "province_code",
        "fiscal_year",
        "district_code",
        "club_id",
        "id",
    ),
)

expansion_plans = Table(
    "expansion_plans",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("province_code", Text, nullable=False),
    Column("fiscal_year", Integer, nullable=False),
    Column("max_mentees", Integer, nullable=False),
    Column("created_by", Text, nullable=False),
    Column("created_at", Float, nullable=False),
    Column("note", Text),
    Index("expansion_plans_by_province", "province_code", "fiscal_year", "id"),
)

expansion_pairs = Table(
    "expansion_pairs",
    metadata,
    Column("plan_id", Integer, ForeignKey("expansion_plans.id"), nullable=False),
    Column("exemplar_district", Text, nullable=False),
    Column("exemplar_club", Text, nullable=False),
    Column("mentee_district", Text, nullable=False),
    Column("mentee_club", Text, nullable=False),
    Column("distance_km", Float),
    Column("origin", Text, nullable=False),
    Column("added_by", Text, nullable=False),
    Column("added_at", Float, nullable=False),
    PrimaryKeyConstraint("plan_id", "mentee_district", "mentee_club"),
)

knowledge_records = Table(
    "knowledge_records",
    metadata,
    Column("province_code", Text, nullable=False),
    Column("district_code", Text, nullable=False),
    Column("club_id", Text, nullable=False),
    Column("fiscal_year", Integer, nullable=False),
    Column("fields", Text, nullable=False),
    Column("updated_by", Text, nullable=False),
    Column("updated_at", Float, nullable=False),
    PrimaryKeyConstraint("province_code", "district_code", "club_id", "fiscal_year"),
)

holders = Table(
    "lock_holders",
    metadata,
    Column("name", Text, primary_key=True),
    Column("holder", Text, nullable=False),
    Column("since", Float, nullable=False),
)

lake_provinces = Table(  # which warehouse version of each province the national lake holds (lake/)
    "lake_provinces",
    metadata,
    Column("province_code", Text, primary_key=True),
    Column("warehouse_version", Text),  # null: none yet
    Column("committed_at", Float),
    Column("failure", Text),  # why the last attempt to commit a newer version failed
    Column("failed_at", Float),
)

approval_events = Table(  # sign-off of a district's fiscal year, one row per transition
    "approval_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("province_code", Text, nullable=False),
    Column("district_code", Text, nullable=False),
    Column("fiscal_year", Integer, nullable=False),
    Column("action", Text, nullable=False),
    Column("state", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("username", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("at", Float, nullable=False),
    Column("warehouse_version", Text),
    Column("batch_ids", Text, nullable=False),
    Index("approval_events_by_year", "province_code", "district_code", "fiscal_year", "id"),
)

approval_reviews = Table(  # flagged checks an approver marked "checked: correct"
    "approval_reviews",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("province_code", Text, nullable=False),
    Column("district_code", Text, nullable=False),
    Column("fiscal_year", Integer, nullable=False),
    Column("check_name", Text, nullable=False),
    Column("club_id", Text, nullable=False),
    Column("comment", Text, nullable=False),
    Column("username", Text, nullable=False),
    Column("at", Float, nullable=False),
    Index("approval_reviews_by_year", "province_code", "district_code", "fiscal_year", "id"),
)

period_exceptions = (
    Table(  # lock exceptions: a closed fiscal year opened again (warehouse/periods.py)
        "period_exceptions",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("province_code", Text, nullable=False),
        Column("district_code", Text, nullable=False),
        Column("fiscal_year", Integer, nullable=False),
        Column("reason", Text, nullable=False),
        Column("username", Text, nullable=False),
        Column("role", Text, nullable=False),
        Column("at", Float, nullable=False),
        Index("period_exceptions_by_year", "province_code", "district_code", "fiscal_year", "id"),
    )
)

club_followups = (
    Table(  # support actions for a club that failed the standard (exemplars/followups.py)
        "club_followups",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("province_code", Text, nullable=False),
        Column("district_code", Text, nullable=False),
        Column("club_id", Text, nullable=False),
        Column("fiscal_year", Integer, nullable=False),
        Column("kind", Text, nullable=False),
        Column("done_on", Text, nullable=False),
        Column("mentor_district", Text),
        Column("mentor_club", Text),
        Column("note", Text, nullable=False),
        Column("username", Text, nullable=False),
        Column("role", Text, nullable=False),
        Column("at", Float, nullable=False),
        Index("club_followups_by_year", "province_code", "fiscal_year", "district_code", "club_id"),
    )
)

province_targets = Table(  # a director's target share of clubs meeting the standard
    "province_targets",
    metadata,
    Column("province_code", Text, nullable=False),
    Column("district_code", Text, nullable=False),  # '' for the province's own target
    Column("fiscal_year", Integer, nullable=False),
    Column("target", Float, nullable=False),
    Column("username", Text, nullable=False),
    Column("at", Float, nullable=False),
    PrimaryKeyConstraint("province_code", "district_code", "fiscal_year"),
)
