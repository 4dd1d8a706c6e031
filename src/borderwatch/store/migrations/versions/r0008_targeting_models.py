"""Targeting models: each one trained, and which one ranks the queue.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "targeting_models",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("trained_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("trained_by", sa.String(200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("chosen_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("chosen_by", sa.String(200), nullable=True),
    )
    op.create_index("ix_targeting_models_chosen_at", "targeting_models", ["chosen_at"])


def downgrade() -> None:
    op.drop_index("ix_targeting_models_chosen_at", table_name="targeting_models")
    op.drop_table("targeting_models")
