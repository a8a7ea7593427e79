"""Catalogue codes are unique among datasets that are not deleted.

The schema validator reports a duplicate code with a clear message; this index makes the rule
hold under concurrent writers too.

Revision ID: 7c1a2e5d9b01
Revises:
Create Date: 2026-11-27
"""
from alembic import op

revision = "7c1a2e5d9b01"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        "CREATE UNIQUE INDEX IF NOT EXISTS shaoxing_package_catalog_code "
        "ON package ((extras ->> 'catalog_code')) "
        "WHERE state <> 'deleted' AND extras ? 'catalog_code'")


def downgrade():
    op.execute("DROP INDEX IF EXISTS shaoxing_package_catalog_code")
