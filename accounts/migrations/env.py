"""Alembic's environment: runs on the connection accounts.schema gives, in its transaction."""

from __future__ import annotations

from alembic import context

from accounts.tables import metadata

context.configure(
    connection=context.config.attributes["connection"],
    target_metadata=metadata,
    render_as_batch=True,  # SQLite alters a table by copying it
)
with context.begin_transaction():
    context.run_migrations()
