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
