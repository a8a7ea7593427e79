"""Quality results, quarantined resources and the daily governance rate.

Revision ID: b4e8d2a6c913
Revises: 6e8a0c2f4b31
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "b4e8d2a6c913"
down_revision = "6e8a0c2f4b31"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "shaoxing_quality",
        sa.Column("package_id", sa.Text, primary_key=True),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("passed", sa.Boolean, nullable=False),
        sa.Column("dimensions", JSONB, nullable=False),
        sa.Column("privacy", JSONB, nullable=False),
        sa.Column("errors", JSONB, nullable=False),
        sa.Column("checked_at", sa.DateTime, nullable=False))
    op.create_table(
        "shaoxing_quarantine",
        sa.Column("resource_id", sa.Text, primary_key=True),
        sa.Column("package_id", sa.Text, nullable=False, index=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("findings", JSONB, nullable=False),
        sa.Column("digest", sa.Text),
        sa.Column("found_at", sa.DateTime, nullable=False),
        sa.Column("override_reason", sa.Text),
        sa.Column("override_by", sa.Text),
        sa.Column("override_at", sa.DateTime))
    op.create_table(
        "shaoxing_governance_daily",
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("organization_id", sa.Text, primary_key=True),
        sa.Column("passing", sa.Integer, nullable=False),
        sa.Column("total", sa.Integer, nullable=False))


def downgrade():
    op.drop_table("shaoxing_governance_daily")
    op.drop_table("shaoxing_quarantine")
    op.drop_table("shaoxing_quality")
