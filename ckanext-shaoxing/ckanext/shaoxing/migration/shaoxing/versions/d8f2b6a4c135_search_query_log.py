"""The catalogue's query log (per day and normalised query: searches and zero-result searches;
no account, no address), its flushed batches, and the terms hidden from 热门搜索.

Revision ID: d8f2b6a4c135
Revises: d4e6f8a0b2c1
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "d8f2b6a4c135"
down_revision = "d4e6f8a0b2c1"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "shaoxing_search_query_daily",
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("query", sa.Text, primary_key=True),
        sa.Column("searches", sa.BigInteger, nullable=False),
        sa.Column("zero_results", sa.BigInteger, nullable=False))
    op.create_table(
        "shaoxing_search_query_flush",
        sa.Column("batch_id", sa.Text, primary_key=True),
        sa.Column("flushed_at", sa.DateTime, nullable=False, server_default=sa.func.now()))
    op.create_table(
        "shaoxing_search_hidden_term",
        sa.Column("query", sa.Text, primary_key=True),
        sa.Column("hidden_at", sa.DateTime, nullable=False, server_default=sa.func.now()))


def downgrade():
    op.drop_table("shaoxing_search_hidden_term")
    op.drop_table("shaoxing_search_query_flush")
    op.drop_table("shaoxing_search_query_daily")
