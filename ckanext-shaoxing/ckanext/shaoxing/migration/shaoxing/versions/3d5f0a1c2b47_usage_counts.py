"""Usage counts: daily rows per kind and object, and the flushed batch ids.

Revision ID: 3d5f0a1c2b47
Revises: 7c1a2e5d9b01
Create Date: 2026-11-27
"""
import sqlalchemy as sa
from alembic import op

revision = "3d5f0a1c2b47"
down_revision = "7c1a2e5d9b01"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "shaoxing_usage_daily",
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("object_id", sa.Text, primary_key=True),
        sa.Column("package_id", sa.Text, nullable=False),
        sa.Column("count", sa.BigInteger, nullable=False))
    op.create_index("shaoxing_usage_daily_package", "shaoxing_usage_daily", ["package_id", "kind"])
    op.create_table(
        "shaoxing_usage_flush",
        sa.Column("batch_id", sa.Text, primary_key=True),
        sa.Column("flushed_at", sa.DateTime, nullable=False, server_default=sa.func.now()))


def downgrade():
    op.drop_table("shaoxing_usage_flush")
    op.drop_table("shaoxing_usage_daily")
