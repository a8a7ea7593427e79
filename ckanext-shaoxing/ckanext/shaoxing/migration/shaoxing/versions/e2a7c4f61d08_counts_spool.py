"""Spools of counts written to PostgreSQL while Redis does not answer: usage events (day, kind,
object as counted) and app-key calls, each row a running sum the flusher merges into the daily
totals and deletes in one transaction.

Revision ID: e2a7c4f61d08
Revises: c7d1e9f2a345
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "e2a7c4f61d08"
down_revision = "c7d1e9f2a345"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "shaoxing_usage_spool",
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("object_ref", sa.Text, primary_key=True),
        sa.Column("count", sa.BigInteger, nullable=False))
    op.create_table(
        "shaoxing_key_calls_spool",
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("key_id", sa.Text, primary_key=True),
        sa.Column("resource_id", sa.Text, primary_key=True),
        sa.Column("company_id", sa.Text, nullable=False),
        sa.Column("package_id", sa.Text, nullable=False),
        sa.Column("calls", sa.BigInteger, nullable=False))


def downgrade():
    op.drop_table("shaoxing_key_calls_spool")
    op.drop_table("shaoxing_usage_spool")
