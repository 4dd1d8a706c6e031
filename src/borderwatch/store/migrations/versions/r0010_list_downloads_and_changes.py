"""List downloads and list changes: conditional GET per URL, what each snapshot changed.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "list_downloads",
        sa.Column("url", sa.Text(), primary_key=True),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "list_changes",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "snapshot_id",
            sa.Integer(),
            sa.ForeignKey("list_snapshots.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "previous_id",
            sa.Integer(),
            sa.ForeignKey("list_snapshots.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("ref", sa.String(200), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('added', 'removed', 'amended', 'none')", name="ck_list_changes_kind"
        ),
    )
    op.create_index("ix_list_changes_snapshot_id", "list_changes", ["snapshot_id"])


def downgrade() -> None:
    op.drop_index("ix_list_changes_snapshot_id", table_name="list_changes")
    op.drop_table("list_changes")
    op.drop_table("list_downloads")
