"""The target figures summed per month (targets/figures.py); each public dataset's values for the
governance rate and the ranking's completeness and timeliness, kept with the figures, and their
sums per group (targets/datasets.py).

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

# Existing datasets: the statements of `ckan shaoxing targets rebuild` at this revision (a frozen copy).
ROWS = [
    r"""
INSERT INTO shaoxing_target_month AS t (month, org, domain, region, figure_rows, open_datasets,
open_apis, shared_apis, open_apis_failed) SELECT month, org, domain, region, coalesce(sum(sign), 0)
AS figure_rows, coalesce(sum(sign * open_datasets), 0) AS open_datasets, coalesce(sum(sign *
open_apis), 0) AS open_apis, coalesce(sum(sign * shared_apis), 0) AS shared_apis, coalesce(sum(sign
* open_apis_failed), 0) AS open_apis_failed FROM (SELECT date_trunc('month', day::timestamp)::date
AS month, org, domain, region, open_datasets, open_apis, shared_apis, open_apis_failed, sign FROM
(SELECT package_id, day, org, domain, region, open_datasets, open_apis, shared_apis,
open_apis_failed, 1 AS sign FROM shaoxing_target_figure) AS k) AS r GROUP BY month, org, domain,
region HAVING coalesce(sum(sign), 0) <> 0 OR coalesce(sum(sign * open_datasets), 0) <> 0 OR
coalesce(sum(sign * open_apis), 0) <> 0 OR coalesce(sum(sign * shared_apis), 0) <> 0 OR
coalesce(sum(sign * open_apis_failed), 0) <> 0 ORDER BY month, org, domain, region ON CONFLICT
(month, org, domain, region) DO UPDATE SET figure_rows = t.figure_rows + excluded.figure_rows,
open_datasets = t.open_datasets + excluded.open_datasets, open_apis = t.open_apis +
excluded.open_apis, shared_apis = t.shared_apis + excluded.shared_apis, open_apis_failed =
t.open_apis_failed + excluded.open_apis_failed
""",
    r"""
INSERT INTO shaoxing_target_dataset (package_id, org, domain, region, passed, completeness,
frequency, modified, issued) SELECT p.id AS package_id, p.owner_org AS org, p.extras->>'domain' AS
domain, p.extras->>'region_code' AS region, p.id IN (SELECT shaoxing_quality.package_id  FROM
shaoxing_quality  WHERE shaoxing_quality.passed) AS passed, (((COALESCE(p.notes, '') <> '')::int +
(COALESCE(p.license_id, '') <> '')::int + (COALESCE(p.extras->>'update_frequency', '') <> '')::int +
(COALESCE(p.extras->>'issued', '') <> '')::int + (COALESCE(p.extras->>'modified', '') <> '')::int +
((COALESCE(p.extras->>'contact_phone', '') <> '' OR COALESCE(p.extras->>'contact_email', '') <>
''))::int + (COALESCE(p.extras->>'data_items', '[]') NOT IN ('', '[]'))::int + (EXISTS (SELECT 1
FROM package_tag pt WHERE pt.package_id = p.id AND pt.state = 'active'))::int)::float / 8) AS
completeness, COALESCE(p.extras->>'update_frequency', '') AS frequency,
COALESCE(p.extras->>'modified', '') AS modified, COALESCE(p.extras->>'issued', '') AS issued FROM
package p WHERE p.state = 'active' AND p.private IS false AND p.type = 'dataset'
""",
    r"""
INSERT INTO shaoxing_target_group AS t (org, domain, region, datasets, passing, completeness) SELECT
org, domain, region, coalesce(sum(sign), 0) AS datasets, coalesce(sum(sign) FILTER (WHERE passed),
0) AS passing, coalesce(sum(sign * completeness), 0) AS completeness FROM (SELECT *, 1 AS sign FROM
shaoxing_target_dataset) AS r GROUP BY org, domain, region HAVING coalesce(sum(sign), 0) <> 0 OR
coalesce(sum(sign) FILTER (WHERE passed), 0) <> 0 OR coalesce(sum(sign * completeness), 0) <> 0
ORDER BY org, domain, region ON CONFLICT (org, domain, region) DO UPDATE SET datasets = t.datasets +
excluded.datasets, passing = t.passing + excluded.passing, completeness = t.completeness +
excluded.completeness
""",
    r"""
INSERT INTO shaoxing_target_dates AS t (org, region, frequency, modified, issued, datasets) SELECT
org, region, frequency, modified, issued, coalesce(sum(sign), 0) AS datasets FROM (SELECT *, 1 AS
sign FROM shaoxing_target_dataset) AS r GROUP BY org, region, frequency, modified, issued HAVING
coalesce(sum(sign), 0) <> 0 ORDER BY org, region, frequency, modified, issued ON CONFLICT (org,
region, frequency, modified, issued) DO UPDATE SET datasets = t.datasets + excluded.datasets
""",
]


def upgrade():
    op.create_table(
        "shaoxing_target_month",
        sa.Column("month", sa.Date, nullable=False),
        sa.Column("org", sa.Text),
        sa.Column("domain", sa.Text),
        sa.Column("region", sa.Text),
        sa.Column("figure_rows", sa.Integer, nullable=False),
        sa.Column("open_datasets", sa.Integer, nullable=False),
        sa.Column("open_apis", sa.Integer, nullable=False),
        sa.Column("shared_apis", sa.Integer, nullable=False),
        sa.Column("open_apis_failed", sa.Integer, nullable=False))
    op.execute("CREATE UNIQUE INDEX shaoxing_target_month_key ON shaoxing_target_month "
               "(month, org, domain, region) NULLS NOT DISTINCT")
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
    op.create_table(
        "shaoxing_target_group",
        sa.Column("org", sa.Text),
        sa.Column("domain", sa.Text),
        sa.Column("region", sa.Text),
        sa.Column("datasets", sa.Integer, nullable=False),
        sa.Column("passing", sa.Integer, nullable=False),
        sa.Column("completeness", sa.Float, nullable=False))
    op.execute("CREATE UNIQUE INDEX shaoxing_target_group_key ON shaoxing_target_group "
               "(org, domain, region) NULLS NOT DISTINCT")
    op.create_table(
        "shaoxing_target_dates",
        sa.Column("org", sa.Text),
        sa.Column("region", sa.Text),
        sa.Column("frequency", sa.Text, nullable=False),
        sa.Column("modified", sa.Text, nullable=False),
        sa.Column("issued", sa.Text, nullable=False),
        sa.Column("datasets", sa.Integer, nullable=False))
    op.execute("CREATE UNIQUE INDEX shaoxing_target_dates_key ON shaoxing_target_dates "
               "(org, region, frequency, modified, issued) NULLS NOT DISTINCT")
    for sql in ROWS:
        op.execute(sa.text(sql))


def downgrade():
    for table in ("shaoxing_target_dates", "shaoxing_target_group", "shaoxing_target_dataset",
                  "shaoxing_target_month"):
        op.drop_table(table)
