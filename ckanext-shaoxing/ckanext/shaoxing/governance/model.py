"""Quality results per dataset, quarantined resources, and the governance rate per day."""
from __future__ import annotations

import sqlalchemy as sa
from ckan.plugins import toolkit as tk
from sqlalchemy.dialects.postgresql import JSONB

# The latest check of each dataset (a re-check replaces it).
quality = sa.Table(
    "shaoxing_quality", tk.BaseModel.metadata,
    sa.Column("package_id", sa.Text, primary_key=True),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("passed", sa.Boolean, nullable=False),
    sa.Column("dimensions", JSONB, nullable=False),      # {dimension: {"score", "evidence"}}
    sa.Column("privacy", JSONB, nullable=False),         # [{"resource_id", "findings"}]
    sa.Column("errors", JSONB, nullable=False),          # reasons a resource could not be checked
    sa.Column("checked_at", sa.DateTime, nullable=False),
    extend_existing=True,
)

# A resource whose file holds unmasked personal data: state quarantined, or overridden by a
# sysadmin with a reason. Findings are columns and counts, never values.
quarantine = sa.Table(
    "shaoxing_quarantine", tk.BaseModel.metadata,
    sa.Column("resource_id", sa.Text, primary_key=True),
    sa.Column("package_id", sa.Text, nullable=False, index=True),
    sa.Column("state", sa.String(16), nullable=False),   # quarantined | overridden
    sa.Column("findings", JSONB, nullable=False),        # [{"column", "kind", "count"}]
    sa.Column("digest", sa.Text),                        # of the file the findings are about
    sa.Column("found_at", sa.DateTime, nullable=False),
    sa.Column("override_reason", sa.Text),
    sa.Column("override_by", sa.Text),
    sa.Column("override_at", sa.DateTime),
    extend_existing=True,
)

# Passing and public active datasets per department and day (Asia/Shanghai): a finished
# period's ranking uses the figures of its own last day.
governance_daily = sa.Table(
    "shaoxing_governance_daily", tk.BaseModel.metadata,
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("organization_id", sa.Text, primary_key=True),
    sa.Column("passing", sa.Integer, nullable=False),
    sa.Column("total", sa.Integer, nullable=False),
    extend_existing=True,
)
