"""The synonym list of the search (同义词表), edited by sysadmins and expanded at query time.

Revision ID: d4e6f8a0b2c1
Revises: d8f2a4c6e013
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "d4e6f8a0b2c1"
down_revision = "d8f2a4c6e013"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "shaoxing_synonym",
        sa.Column("term", sa.Text, primary_key=True),
        sa.Column("synonym", sa.Text, primary_key=True),
        sa.Column("added_by", sa.Text),
        sa.Column("added_at", sa.DateTime, nullable=False),
        sa.CheckConstraint("term < synonym", name="shaoxing_synonym_ordered"))
    op.create_index("shaoxing_synonym_by_synonym", "shaoxing_synonym", ["synonym"])


def downgrade():
    op.drop_table("shaoxing_synonym")
