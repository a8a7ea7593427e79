"""Each public dataset's values for the governance rate and the ranking's completeness and
timeliness, kept with the target figures (targets/datasets.py).

Revision ID: a6c8e0b2d4f1
Revises: f3b5d7e9a124
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "a6c8e0b2d4f1"
down_revision = "f3b5d7e9a124"
branch_labels = None
depends_on = None

# Existing datasets: the statement of `ckan shaoxing targets rebuild` at this revision (a frozen copy).
ROWS = r"""
INSERT INTO shaoxing_target_dataset (package_id, org, domain, region, passed, completeness,
frequency, modified, issued) SELECT p.id, p.owner_org, p.extras->>'domain',
p.extras->>'region_code', p.id IN (SELECT shaoxing_quality.package_id  FROM shaoxing_quality  WHERE
shaoxing_quality.passed), (((COALESCE(p.notes, '') <> '')::int + (COALESCE(p.license_id, '') <>
'')::int + (COALESCE(p.extras->>'update_frequency', '') <> '')::int + (COALESCE(p.extras->>'issued',
'') <> '')::int + (COALESCE(p.extras->>'modified', '') <> '')::int +
((COALESCE(p.extras->>'contact_phone', '') <> '' OR COALESCE(p.extras->>'contact_email', '') <>
''))::int + (COALESCE(p.extras->>'data_items', '[]') NOT IN ('', '[]'))::int + (EXISTS (SELECT 1
FROM package_tag pt WHERE pt.package_id = p.id AND pt.state = 'active'))::int)::float / 8),
COALESCE(p.extras->>'update_frequency', ''), COALESCE(p.extras->>'modified', ''),
COALESCE(p.extras->>'issued', '') FROM package p WHERE p.state = 'active' AND p.private IS false AND
p.type = 'dataset'
"""


def upgrade():
    op.create_table(
        "shaoxing_target_dataset",
        sa.Column("package_id", sa.Text, primary_key=True),
        sa.Column("org", sa.Text),
        sa.Column("domain", sa.Text),
        sa.Column("region", sa.Text),
        sa.Column("passed", sa.Boolean, nullable=False),
        sa.Column("completeness", sa.Float, nullable=False),
        sa.Column("frequency", sa.Text, nullable=False),
        sa.Column("modified", sa.Text, nullable=False),
        sa.Column("issued", sa.Text, nullable=False))
    op.execute(sa.text(ROWS))


def downgrade():
    op.drop_table("shaoxing_target_dataset")
