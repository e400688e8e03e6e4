"""Lock exceptions: a district's fiscal year opened again after its period closed
(warehouse/periods.py).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """The table `period_exceptions`."""
    op.create_table(
        "period_exceptions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("province_code", sa.Text, nullable=False),
        sa.Column("district_code", sa.Text, nullable=False),
        sa.Column("fiscal_year", sa.Integer, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("username", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("at", sa.Float, nullable=False),
    )
    op.create_index(
        "period_exceptions_by_year",
        "period_exceptions",
        ["province_code", "district_code", "fiscal_year", "id"],
    )
