"""The targets' figures per dataset and day, kept as datasets change (targets/figures.py).

Revision ID: f3b5d7e9a124
Revises: e2a7c4f61d08
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "f3b5d7e9a124"
down_revision = "e2a7c4f61d08"
branch_labels = None
depends_on = None


ROWS = r"""
INSERT INTO shaoxing_target_figure (package_id, day, org, domain, region, open_datasets, open_apis,
shared_apis, open_apis_failed) SELECT package_id, day, org, domain, region, sum(d), sum(o), sum(s),
sum(f) FROM (SELECT p.id AS package_id, COALESCE(CASE WHEN p.extras->>'issued' ~
'^\d{4}-\d{2}-\d{2}$' THEN (p.extras->>'issued')::date END, (p.metadata_created AT TIME ZONE 'UTC'
AT TIME ZONE 'Asia/Shanghai')::date) AS day, p.owner_org AS org, p.extras->>'domain' AS domain,
p.extras->>'region_code' AS region, 1 AS d, 0 AS o, 0 AS s, 0 AS f FROM package p WHERE p.state =
'active' AND p.private IS false AND p.type = 'dataset' AND p.extras->>'open_level' IN
('unconditional', 'conditional') UNION ALL SELECT p.id, COALESCE(CASE WHEN
(r.extras::jsonb)->>'issued' ~ '^\d{4}-\d{2}-\d{2}$' THEN ((r.extras::jsonb)->>'issued')::date END,
(r.created AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Shanghai')::date), p.owner_org AS org,
p.extras->>'domain' AS domain, p.extras->>'region_code' AS region, 0, (p.state = 'active' AND
p.private IS false AND p.type = 'dataset' AND p.extras->>'open_level' IN ('unconditional',
'conditional') AND r.state = 'active' AND (r.extras::jsonb)->>'interface_type' = 'open_api' AND
EXISTS (SELECT 1 FROM resource t WHERE t.package_id = r.package_id AND t.state = 'active' AND
COALESCE((t.extras::jsonb)->>'interface_type', 'file') = 'file' AND
(t.extras::jsonb)->>'datastore_active' = 'true'))::int, (r.state = 'active' AND
(r.extras::jsonb)->>'interface_type' = 'shared_api' AND EXISTS (SELECT 1 FROM resource t WHERE
t.package_id = r.package_id AND t.state = 'active' AND
COALESCE((t.extras::jsonb)->>'interface_type', 'file') = 'file' AND
(t.extras::jsonb)->>'datastore_active' = 'true'))::int, (p.state = 'active' AND p.private IS false
AND p.type = 'dataset' AND p.extras->>'open_level' IN ('unconditional', 'conditional') AND r.state =
'active' AND (r.extras::jsonb)->>'interface_type' = 'open_api' AND NOT EXISTS (SELECT 1 FROM
resource t WHERE t.package_id = r.package_id AND t.state = 'active' AND
COALESCE((t.extras::jsonb)->>'interface_type', 'file') = 'file' AND
(t.extras::jsonb)->>'datastore_active' = 'true'))::int FROM resource r JOIN package p ON p.id =
r.package_id WHERE r.state = 'active' AND p.state = 'active' AND p.type = 'dataset') AS x WHERE day
IS NOT NULL GROUP BY package_id, day, org, domain, region
"""


def upgrade():
    op.create_table(
        "shaoxing_target_figure",
        sa.Column("package_id", sa.Text, primary_key=True),
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("org", sa.Text),
        sa.Column("domain", sa.Text),
        sa.Column("region", sa.Text),
        sa.Column("open_datasets", sa.Integer, nullable=False),
        sa.Column("open_apis", sa.Integer, nullable=False),
        sa.Column("shared_apis", sa.Integer, nullable=False),
        sa.Column("open_apis_failed", sa.Integer, nullable=False))
    op.create_index("shaoxing_target_figure_day", "shaoxing_target_figure", ["day"])
    # Existing datasets: the statement of `ckan shaoxing targets rebuild` at this revision (a
    # frozen copy: the live one also fills tables of later revisions).
    op.execute(sa.text(ROWS))


def downgrade():
    op.drop_table("shaoxing_target_figure")
