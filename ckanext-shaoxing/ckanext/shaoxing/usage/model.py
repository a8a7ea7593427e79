"""Usage counts in PostgreSQL: one row per day, kind and object, plus the flushed batches (so a
flush retried after a crash never counts twice)."""
from __future__ import annotations

import sqlalchemy as sa
from ckan.plugins import toolkit as tk

metadata = tk.BaseModel.metadata

usage_daily = sa.Table(
    "shaoxing_usage_daily", metadata,
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("kind", sa.String(16), primary_key=True),       # view | download | api_call
    sa.Column("object_id", sa.Text, primary_key=True),         # package id (views) or resource id
    sa.Column("package_id", sa.Text, nullable=False),
    sa.Column("count", sa.BigInteger, nullable=False),
    extend_existing=True,
)

usage_flush = sa.Table(
    "shaoxing_usage_flush", metadata,
    sa.Column("batch_id", sa.Text, primary_key=True),
    sa.Column("flushed_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
    extend_existing=True,
)

# Counts taken while Redis did not answer: a running sum per (day, kind, object as counted, id or
# dataset name), merged into usage_daily by the flusher and deleted in the same transaction.
usage_spool = sa.Table(
    "shaoxing_usage_spool", metadata,
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("kind", sa.String(16), primary_key=True),
    sa.Column("object_ref", sa.Text, primary_key=True),
    sa.Column("count", sa.BigInteger, nullable=False),
    extend_existing=True,
)
