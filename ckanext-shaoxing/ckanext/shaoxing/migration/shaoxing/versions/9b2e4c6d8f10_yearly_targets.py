"""Yearly targets set by the bureau.

Revision ID: 9b2e4c6d8f10
Revises: 3d5f0a1c2b47
Create Date: 2026-11-27
"""
import sqlalchemy as sa
from alembic import op

revision = "9b2e4c6d8f10"
down_revision = "3d5f0a1c2b47"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "shaoxing_target",
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("metric", sa.String(32), primary_key=True),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("updated_by", sa.Text),
        sa.Column("updated_at", sa.DateTime, nullable=False, server_default=sa.func.now()))


def downgrade():
    op.drop_table("shaoxing_target")
