"""Plans and their versions (the schema of the store before migrations existed, adopted as it is).

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plans.sqlite3 written before migrations already has these tables: keep them and their rows.
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "plans" not in existing:
        op.create_table(
            "plans",
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("owner", sa.Text, nullable=False),
            sa.Column("name", sa.Text, nullable=False),
            sa.Column("created_at", sa.Text, nullable=False),
            sa.UniqueConstraint("owner", "name"),
        )
    if "plan_versions" not in existing:
        op.create_table(
            "plan_versions",
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False),
            sa.Column("version", sa.Integer, nullable=False),
            sa.Column("saved_at", sa.Text, nullable=False),
            sa.Column("body", sa.Text, nullable=False),
            sa.UniqueConstraint("plan_id", "version"),
        )


def downgrade() -> None:
    op.drop_table("plan_versions")
    op.drop_table("plans")
