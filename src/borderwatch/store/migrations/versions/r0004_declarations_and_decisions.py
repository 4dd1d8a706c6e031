"""Submitted declarations with their items, the screenings of them, officers' decisions.

- ``declarations``: one row per submitted declaration; ``client_id`` is unique
  within its crossing, so re-submitting never stores a second copy.
- ``declaration_items``: the items, one row each, for queries and targeting.
- ``screenings.stored_declaration_id``: the stored declaration a screening
  screened (NULL for results of ``screen --store``).
- ``decisions``: append-only. An amendment is a new row whose ``amends``
  points to the decision it replaces; each decision is amended at most once,
  and each declaration, or item, has one first decision, so a decision and
  its amendments form one chain. Triggers refuse UPDATE and DELETE on both
  databases.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_OUTCOMES = "'released', 'inspected_released', 'seized', 'refused', 'left_behind', 'referred'"
_REFUSAL = "decisions are append-only: a supervisor records an amendment instead"


def _declarations() -> None:
    op.create_table(
        "declarations",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("client_id", sa.String(200), nullable=False),
        sa.Column("crossing", sa.String(200), nullable=False),
        sa.Column("declared_id", sa.String(200), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("direction", sa.String(8), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_by", sa.String(200), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("declaration", sa.Text(), nullable=False),
        sa.UniqueConstraint("crossing", "client_id", name="uq_declarations_crossing_client_id"),
        sa.CheckConstraint("direction IN ('export', 'import')", name="ck_declarations_direction"),
        sa.CheckConstraint("channel IN ('cargo', 'baggage')", name="ck_declarations_channel"),
    )
    op.create_index(
        "ix_declarations_crossing_received_at", "declarations", ["crossing", "received_at"]
    )
    op.create_table(
        "declaration_items",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "declaration_id",
            sa.Integer(),
            sa.ForeignKey("declarations.id", name="fk_declaration_items_declaration_id"),
            nullable=False,
        ),
        sa.Column("item_id", sa.String(200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("declared_hs", sa.String(64), nullable=True),
        sa.Column("hs", sa.String(6), nullable=True),
        sa.Column("hs_version", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("quantity", sa.String(64), nullable=False),
        sa.Column("unit", sa.Text(), nullable=True),
        sa.Column("unit_value", sa.String(64), nullable=True),
        sa.Column("currency", sa.String(3), nullable=True),
        sa.Column("origin", sa.String(2), nullable=True),
        sa.UniqueConstraint("declaration_id", "item_id", name="uq_declaration_items_item"),
        sa.UniqueConstraint("declaration_id", "position", name="uq_declaration_items_position"),
    )
    op.create_index("ix_declaration_items_hs", "declaration_items", ["hs"])


def _decisions() -> None:
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "declaration_id",
            sa.Integer(),
            sa.ForeignKey("declarations.id", name="fk_decisions_declaration_id"),
            nullable=False,
        ),
        sa.Column("item_id", sa.String(200), nullable=True),
        sa.Column("outcome", sa.String(24), nullable=False),
        sa.Column("found", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("officer", sa.String(200), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("crossing", sa.String(200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "screening_id",
            sa.Integer(),
            sa.ForeignKey("screenings.id", name="fk_decisions_screening_id"),
            nullable=False,
        ),
        sa.Column(
            "amends",
            sa.Integer(),
            sa.ForeignKey("decisions.id", name="fk_decisions_amends"),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(
            ["declaration_id", "item_id"],
            ["declaration_items.declaration_id", "declaration_items.item_id"],
            name="fk_decisions_item",
        ),
        sa.UniqueConstraint("amends", name="uq_decisions_amends"),
        sa.CheckConstraint(f"outcome IN ({_OUTCOMES})", name="ck_decisions_outcome"),
        sa.CheckConstraint("role IN ('officer', 'supervisor')", name="ck_decisions_role"),
        sa.CheckConstraint(
            "length(found) <= 4000 AND length(reason) BETWEEN 1 AND 2000",
            name="ck_decisions_text",
        ),
    )
    op.create_index("ix_decisions_declaration_id", "decisions", ["declaration_id"])
    first = sa.text("amends IS NULL AND item_id IS NOT NULL")
    op.create_index(
        "uq_decisions_first_on_item",
        "decisions",
        ["declaration_id", "item_id"],
        unique=True,
        sqlite_where=first,
        postgresql_where=first,
    )
    whole = sa.text("amends IS NULL AND item_id IS NULL")
    op.create_index(
        "uq_decisions_first_on_declaration",
        "decisions",
        ["declaration_id"],
        unique=True,
        sqlite_where=whole,
        postgresql_where=whole,
    )


def _append_only_guard() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION decisions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{_REFUSAL}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER decisions_append_only BEFORE UPDATE OR DELETE ON decisions "
            "FOR EACH ROW EXECUTE FUNCTION decisions_append_only()"
        )
        return
    for event in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER decisions_no_{event.lower()} BEFORE {event} ON decisions "
            f"BEGIN SELECT RAISE(ABORT, '{_REFUSAL}'); END"
        )


def upgrade() -> None:
    _declarations()
    with op.batch_alter_table("screenings") as batch:
        batch.add_column(sa.Column("stored_declaration_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_screenings_stored_declaration_id",
            "declarations",
            ["stored_declaration_id"],
            ["id"],
        )
        batch.create_index("ix_screenings_stored_declaration_id", ["stored_declaration_id"])
    _decisions()
    _append_only_guard()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER decisions_append_only ON decisions")
        op.execute("DROP FUNCTION decisions_append_only()")
    op.drop_table("decisions")  # takes its SQLite triggers and its indexes with it
    with op.batch_alter_table("screenings") as batch:
        batch.drop_index("ix_screenings_stored_declaration_id")
        batch.drop_constraint("fk_screenings_stored_declaration_id", type_="foreignkey")
        batch.drop_column("stored_declaration_id")
    op.drop_table("declaration_items")
    op.drop_table("declarations")
