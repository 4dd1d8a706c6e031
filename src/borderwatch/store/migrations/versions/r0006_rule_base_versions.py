"""Rule-base versions kept in the store, and which one screening uses.

``rule_base_versions`` holds each rule base loaded: its content hash (the
version every result records, unique), the text of each of its files as JSON
(relative path -> text), how many files and measures, the folder it was
loaded from, a label and a note, when and by whom. ``rule_base_selections``
records every change of the current rule base and why ('loaded', 'reloaded',
'rollback'); its latest row is the current rule base, and no row means the
shipped one. Nothing is added for existing stores: they keep screening with
the rule base they used (the shipped one, or BORDERWATCH_RULE_BASE).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rule_base_versions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("files", sa.Text(), nullable=False),
        sa.Column("file_count", sa.Integer(), nullable=False),
        sa.Column("measure_count", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("loaded_by", sa.String(200), nullable=False),
    )
    op.create_table(
        "rule_base_selections",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "version_id",
            sa.Integer(),
            sa.ForeignKey("rule_base_versions.id"),
            nullable=False,
        ),
        sa.Column("chosen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("chosen_by", sa.String(200), nullable=False),
        sa.CheckConstraint(
            "reason IN ('loaded', 'reloaded', 'rollback')",
            name="ck_rule_base_selections_reason",
        ),
    )


def downgrade() -> None:
    op.drop_table("rule_base_selections")
    op.drop_table("rule_base_versions")
