"""Sign-off of a district's fiscal year (warehouse/approvals.py): its transitions, and the flagged
checks an approver marked "checked: correct".

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """The tables `approval_events` and `approval_reviews`."""
    op.create_table(
        "approval_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("province_code", sa.Text, nullable=False),
        sa.Column("district_code", sa.Text, nullable=False),
        sa.Column("fiscal_year", sa.Integer, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("username", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("at", sa.Float, nullable=False),
        sa.Column("warehouse_version", sa.Text),
        sa.Column("batch_ids", sa.Text, nullable=False),
    )
    op.create_index(
        "approval_events_by_year",
        "approval_events",
        ["province_code", "district_code", "fiscal_year", "id"],
    )
    op.create_table(
        "approval_reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("province_code", sa.Text, nullable=False),
        sa.Column("district_code", sa.Text, nullable=False),
        sa.Column("fiscal_year", sa.Integer, nullable=False),
        sa.Column("check_name", sa.Text, nullable=False),
        sa.Column("club_id", sa.Text, nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("username", sa.Text, nullable=False),
        sa.Column("at", sa.Float, nullable=False),
    )
    op.create_index(
        "approval_reviews_by_year",
        "approval_reviews",
        ["province_code", "district_code", "fiscal_year", "id"],
    )
