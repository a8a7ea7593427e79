"""Snapshots of department rankings of finished periods.

Revision ID: 5a7c9e1b3d20
Revises: 9b2e4c6d8f10
Create Date: 2026-11-27
"""
import sqlalchemy as sa
from alembic import op

revision = "5a7c9e1b3d20"
down_revision = "9b2e4c6d8f10"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "shaoxing_ranking_snapshot",
        sa.Column("period", sa.String(8), primary_key=True),
        sa.Column("period_start", sa.Date, primary_key=True),
        sa.Column("organization_id", sa.Text, primary_key=True),
        sa.Column("rank", sa.Integer, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("parts", sa.JSON, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False, server_default=sa.func.now()))


def downgrade():
    op.drop_table("shaoxing_ranking_snapshot")
