"""Screenings keep their configuration; which list snapshot is current is recorded.

``screenings.configuration`` holds the JSON of the screening assembly's
configuration. ``list_selections`` records every change of the current
snapshot of a list source and why; the latest row of a source is its current
snapshot. Stores that already hold snapshots get one 'loaded' row per source
for the snapshot loaded last, which is what screening used until now.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("screenings") as batch:
        batch.add_column(sa.Column("configuration", sa.Text(), nullable=True))
    op.create_table(
        "list_selections",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column(
            "snapshot_id",
            sa.Integer(),
            sa.ForeignKey("list_snapshots.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("chosen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "reason IN ('loaded', 'forced', 'rollback', 'reloaded')",
            name="ck_list_selections_reason",
        ),
    )
    op.create_index("ix_list_selections_source", "list_selections", ["source"])
    op.execute(
        "INSERT INTO list_selections (source, snapshot_id, chosen_at, reason, note) "
        "SELECT source, MAX(id), CURRENT_TIMESTAMP, 'loaded', "
        "'latest load before selections were recorded' "
        "FROM list_snapshots GROUP BY source"
    )


def downgrade() -> None:
    op.drop_index("ix_list_selections_source", table_name="list_selections")
    op.drop_table("list_selections")
    with op.batch_alter_table("screenings") as batch:
        batch.drop_column("configuration")
