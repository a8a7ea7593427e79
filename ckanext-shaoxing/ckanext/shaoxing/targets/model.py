"""Targets set by the bureau for a year; years without a row use the configured defaults."""
from __future__ import annotations

import sqlalchemy as sa
from ckan.plugins import toolkit as tk

target = sa.Table(
    "shaoxing_target", tk.BaseModel.metadata,
    sa.Column("year", sa.Integer, primary_key=True),
    sa.Column("metric", sa.String(32), primary_key=True),
    sa.Column("value", sa.Float, nullable=False),
    sa.Column("updated_by", sa.Text),
    sa.Column("updated_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
    extend_existing=True,
)

# A ranking once its period has ended: kept as computed then, so later changes to the data do
# not rewrite last month's ranking.
ranking_snapshot = sa.Table(
    "shaoxing_ranking_snapshot", tk.BaseModel.metadata,
    sa.Column("period", sa.String(8), primary_key=True),          # week | month | year
    sa.Column("period_start", sa.Date, primary_key=True),
    sa.Column("organization_id", sa.Text, primary_key=True),
    sa.Column("rank", sa.Integer, nullable=False),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("parts", sa.JSON, nullable=False),
    sa.Column("created", sa.DateTime, nullable=False, server_default=sa.func.now()),
    extend_existing=True,
)

# What each dataset adds to the targets' figures, per calendar day (its own issue date and its
# interfaces' dates): kept as datasets change (figures.py), so a year's figures sum a few
# thousand rows instead of counting every resource again.
figure = sa.Table(
    "shaoxing_target_figure", tk.BaseModel.metadata,
    sa.Column("package_id", sa.Text, primary_key=True),
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("org", sa.Text),
    sa.Column("domain", sa.Text),
    sa.Column("region", sa.Text),
    sa.Column("open_datasets", sa.Integer, nullable=False),
    sa.Column("open_apis", sa.Integer, nullable=False),
    sa.Column("shared_apis", sa.Integer, nullable=False),
    sa.Column("open_apis_failed", sa.Integer, nullable=False),
    sa.Index("shaoxing_target_figure_day", "day"),
    extend_existing=True,
)

# The figures summed per month (its first day) and group; `figure_rows` counts the figure rows.
month_sums = sa.Table(
    "shaoxing_target_month", tk.BaseModel.metadata,
    sa.Column("month", sa.Date, nullable=False),
    sa.Column("org", sa.Text),
    sa.Column("domain", sa.Text),
    sa.Column("region", sa.Text),
    sa.Column("figure_rows", sa.Integer, nullable=False),
    sa.Column("open_datasets", sa.Integer, nullable=False),
    sa.Column("open_apis", sa.Integer, nullable=False),
    sa.Column("shared_apis", sa.Integer, nullable=False),
    sa.Column("open_apis_failed", sa.Integer, nullable=False),
    sa.Index("shaoxing_target_month_key", "month", "org", "domain", "region", unique=True,
             postgresql_nulls_not_distinct=True),
    extend_existing=True,
)

# Each active public dataset's values for the governance rate and the ranking's completeness and
# timeliness, kept with the figures, and their sums per group (datasets.py).
dataset = sa.Table(
    "shaoxing_target_dataset", tk.BaseModel.metadata,
    sa.Column("package_id", sa.Text, primary_key=True),
    sa.Column("org", sa.Text),
    sa.Column("domain", sa.Text),
    sa.Column("region", sa.Text),
    sa.Column("passed", sa.Boolean, nullable=False),
    sa.Column("completeness", sa.Float, nullable=False),
    sa.Column("frequency", sa.Text, nullable=False),
    sa.Column("modified", sa.Text, nullable=False),
    sa.Column("issued", sa.Text, nullable=False),
    extend_existing=True,
)

# Sums of the rows above per group (keys may be null: one group for them, NULLS NOT DISTINCT).
group_sums = sa.Table(
    "shaoxing_target_group", tk.BaseModel.metadata,
    sa.Column("org", sa.Text),
    sa.Column("domain", sa.Text),
    sa.Column("region", sa.Text),
    sa.Column("datasets", sa.Integer, nullable=False),
    sa.Column("passing", sa.Integer, nullable=False),
    sa.Column("completeness", sa.Float, nullable=False),
    sa.Index("shaoxing_target_group_key", "org", "domain", "region", unique=True,
             postgresql_nulls_not_distinct=True),
    extend_existing=True,
)

date_sums = sa.Table(
    "shaoxing_target_dates", tk.BaseModel.metadata,
    sa.Column("org", sa.Text),
    sa.Column("region", sa.Text),
    sa.Column("frequency", sa.Text, nullable=False),
    sa.Column("modified", sa.Text, nullable=False),
    sa.Column("issued", sa.Text, nullable=False),
    sa.Column("datasets", sa.Integer, nullable=False),
    sa.Index("shaoxing_target_dates_key", "org", "region", "frequency", "modified", "issued", unique=True,
             postgresql_nulls_not_distinct=True),
    extend_existing=True,
)
