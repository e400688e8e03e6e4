"""The baseline: the schema of the last migration before Alembic (accounts.legacy.STEPS).

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Every table of the store as it was at `pragma user_version` 4."""
    op.create_table(
        "users",
        sa.Column("username", sa.Text, primary_key=True),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("province_code", sa.Text),
        sa.Column("district_code", sa.Text),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("disabled", sa.Integer, nullable=False, server_default="0"),
        sa.Column("failed_logins", sa.Integer, nullable=False, server_default="0"),
        sa.Column("locked_until", sa.Float, nullable=False, server_default="0"),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("password_changed_at", sa.Float, nullable=False),
        sa.Column("must_change_password", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.Text, primary_key=True),
        sa.Column("username", sa.Text, sa.ForeignKey("users.username"), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("last_seen_at", sa.Float, nullable=False),
        sa.Column("ip", sa.Text),
        sa.Column("user_agent", sa.Text),
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", sa.Float, nullable=False),
        sa.Column("username", sa.Text),
        sa.Column("role", sa.Text),
        sa.Column("province_code", sa.Text),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("detail", sa.Text),
        sa.Column("ip", sa.Text),
        sa.Column("fields", sa.Text, nullable=False, server_default="{}"),
        sa.Column("hash", sa.Text),
    )
    op.create_index("audit_by_province", "audit", ["province_code", "at"])
    op.create_table(
        "audit_head",
        sa.Column("one", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("last_id", sa.Integer, nullable=False),
        sa.Column("hash", sa.Text, nullable=False),
        sa.CheckConstraint("one = 1", name="audit_head_one"),
    )
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_failure_at", sa.Float, nullable=False),
    )
    op.create_table(
        "login_places",
        sa.Column("username", sa.Text, nullable=False),
        sa.Column("ip", sa.Text, nullable=False),
        sa.Column("last_ok_at", sa.Float, nullable=False),
        sa.PrimaryKeyConstraint("username", "ip"),
    )
    op.create_table(
        "exemplar_decisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("province_code", sa.Text, nullable=False),
        sa.Column("district_code", sa.Text, nullable=False),
        sa.Column("club_id", sa.Text, nullable=False),
        sa.Column("fiscal_year", sa.Integer, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("username", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("at", sa.Float, nullable=False),
    )
    op.create_index(
        "exemplar_decisions_by_club",
        "exemplar_decisions",
        ["province_code", "fiscal_year", "district_code", "club_id", "id"],
    )
    op.create_table(
        "expansion_plans",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("province_code", sa.Text, nullable=False),
        sa.Column("fiscal_year", sa.Integer, nullable=False),
        sa.Column("max_mentees", sa.Integer, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("note", sa.Text),
    )
    op.create_index(
        "expansion_plans_by_province", "expansion_plans", ["province_code", "fiscal_year", "id"]
    )
    op.create_table(
        "expansion_pairs",
        sa.Column("plan_id", sa.Integer, sa.ForeignKey("expansion_plans.id"), nullable=False),
        sa.Column("exemplar_district", sa.Text, nullable=False),
        sa.Column("exemplar_club", sa.Text, nullable=False),
        sa.Column("mentee_district", sa.Text, nullable=False),
        sa.Column("mentee_club", sa.Text, nullable=False),
        sa.Column("distance_km", sa.Float),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("added_by", sa.Text, nullable=False),
        sa.Column("added_at", sa.Float, nullable=False),
        sa.PrimaryKeyConstraint("plan_id", "mentee_district", "mentee_club"),
    )
    op.create_table(
        "knowledge_records",
        sa.Column("province_code", sa.Text, nullable=False),
        sa.Column("district_code", sa.Text, nullable=False),
        sa.Column("club_id", sa.Text, nullable=False),
        sa.Column("fiscal_year", sa.Integer, nullable=False),
        sa.Column("fields", sa.Text, nullable=False),
        sa.Column("updated_by", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Float, nullable=False),
        sa.PrimaryKeyConstraint("province_code", "district_code", "club_id", "fiscal_year"),
    )
