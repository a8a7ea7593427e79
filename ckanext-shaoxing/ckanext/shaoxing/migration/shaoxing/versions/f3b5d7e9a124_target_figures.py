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
    # Existing datasets: the same statement as `ckan shaoxing targets rebuild`.
    from ckanext.shaoxing.targets import figures
    op.execute(sa.text(figures.REBUILD))


def downgrade():
    op.drop_table("shaoxing_target_figure")
