"""Follow-up of clubs that fail and the province's targets (exemplars/followups.py).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """The tables `club_followups` and `province_targets`."""
    op.create_table(
        "club_followups",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("province_code", sa.Text, nullable=False),
        sa.Column("district_code", sa.Text, nullable=False),
        sa.Column("club_id", sa.Text, nullable=False),
        sa.Column("fiscal_year", sa.Integer, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("done_on", sa.Text, nullable=False),
        sa.Column("mentor_district", sa.Text),
        sa.Column("mentor_club", sa.Text),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("username", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("at", sa.Float, nullable=False),
    )
    op.create_index(
        "club_followups_by_year",
        "club_followups",
        ["province_code", "fiscal_year", "district_code", "club_id"],
    )
    op.create_table(
        "province_targets",
        sa.Column("province_code", sa.Text, nullable=False),
        sa.Column("district_code", sa.Text, nullable=False),
        sa.Column("fiscal_year", sa.Integer, nullable=False),
        sa.Column("target", sa.Float, nullable=False),
        sa.Column("username", sa.Text, nullable=False),
        sa.Column("at", sa.Float, nullable=False),
        sa.PrimaryKeyConstraint("province_code", "district_code", "fiscal_year"),
    )
