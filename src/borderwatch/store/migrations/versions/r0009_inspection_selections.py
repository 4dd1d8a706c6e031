"""Inspection selections: which declarations targeting chose, and the chance each had;
and a targeting model per channel (baggage, cargo).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inspection_selections",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "declaration",
            sa.Integer(),
            sa.ForeignKey("declarations.id", name="fk_inspection_selections_declaration"),
            nullable=False,
        ),
        sa.Column("chosen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("chosen_by", sa.String(200), nullable=False),
        sa.Column("probability", sa.Float(), nullable=False),
        sa.Column("explored", sa.Boolean(), nullable=False),
        sa.Column("red_lane", sa.Boolean(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("model", sa.Integer(), nullable=True),
        sa.Column("policy", sa.Text(), nullable=False),
    )
    op.create_index(
        "ix_inspection_selections_declaration", "inspection_selections", ["declaration"]
    )
    with op.batch_alter_table("targeting_models") as batch:
        batch.add_column(
            sa.Column("channel", sa.String(8), nullable=False, server_default="baggage")
        )


def downgrade() -> None:
    with op.batch_alter_table("targeting_models") as batch:
        batch.drop_column("channel")
    op.drop_index("ix_inspection_selections_declaration", table_name="inspection_selections")
    op.drop_table("inspection_selections")
