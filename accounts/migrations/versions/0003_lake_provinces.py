"""Which warehouse version of each province the national lake holds (lake/status.py).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """The table `lake_provinces`."""
    op.create_table(
        "lake_provinces",
        sa.Column("province_code", sa.Text, primary_key=True),
        sa.Column("warehouse_version", sa.Text),
        sa.Column("committed_at", sa.Float),
        sa.Column("failure", sa.Text),
        sa.Column("failed_at", sa.Float),
    )
