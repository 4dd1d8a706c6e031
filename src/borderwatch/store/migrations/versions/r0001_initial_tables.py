"""The tables the store had before migrations: screenings, lists, classification decisions.

Stores made before migrations existed were built by ``create_all`` from
whatever table modules a command had imported, so they may hold any subset
of these tables and no ``alembic_version``. Each table is therefore created
only when missing: on such a store this revision adopts what is there and
adds the rest, which is what stamping it would mean if every table existed.

Revision ID: 0001
Revises:
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _missing(table: str) -> bool:
    return not sa.inspect(op.get_bind()).has_table(table)


def upgrade() -> None:
    if _missing("screenings"):
        op.create_table(
            "screenings",
            sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
            sa.Column("declaration_id", sa.String(200), nullable=False),
            sa.Column("screened_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("as_of", sa.Date(), nullable=False),
            sa.Column("regimes", sa.String(200), nullable=False),
            sa.Column("rule_base", sa.String(64), nullable=False),
            sa.Column("verdict", sa.String(32), nullable=False),
            sa.Column("declaration", sa.Text(), nullable=False),
            sa.Column("result", sa.Text(), nullable=False),
        )
        op.create_index("ix_screenings_declaration_id", "screenings", ["declaration_id"])
        op.create_index("ix_screenings_rule_base", "screenings", ["rule_base"])
    if _missing("list_snapshots"):
        op.create_table(
            "list_snapshots",
            sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
            sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
            sa.Column("label", sa.String(120), nullable=False),
            sa.Column("source", sa.Text(), nullable=False),
            sa.Column("format", sa.String(20), nullable=False),
            sa.Column("generated", sa.String(40)),
            sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("entry_count", sa.Integer(), nullable=False),
        )
    if _missing("list_entries"):
        op.create_table(
            "list_entries",
            sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
            sa.Column(
                "snapshot_id",
                sa.Integer(),
                sa.ForeignKey("list_snapshots.id", ondelete="CASCADE"),
                nullable=False,
            ),
            sa.Column("ref", sa.String(200), nullable=False),
            sa.Column("schema", sa.String(40), nullable=False),
            sa.Column("name", sa.Text(), nullable=False),
            sa.Column("data", sa.Text(), nullable=False),
        )
        op.create_index("ix_list_entries_ref", "list_entries", ["ref"])
    if _missing("classification_decisions"):
        op.create_table(
            "classification_decisions",
            sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
            sa.Column("description", sa.Text(), nullable=False),
            sa.Column("hs", sa.String(6), nullable=False),
            sa.Column("lang", sa.String(8), nullable=True),
            sa.Column("suggested", sa.String(6), nullable=True),
            sa.Column("officer", sa.String(200), nullable=True),
            sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        )
        op.create_index("ix_classification_decisions_hs", "classification_decisions", ["hs"])


def downgrade() -> None:
    op.drop_table("classification_decisions")
    op.drop_table("list_entries")
    op.drop_table("list_snapshots")
    op.drop_table("screenings")
