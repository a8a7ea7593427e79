"""The catalogue's query log in PostgreSQL: per day and normalised query, how often it was
searched and how often it found nothing. No account, no address: only the words. Plus the
flushed batches (a flush retried after a crash never counts twice) and the terms a sysadmin hid
from 热门搜索."""
from __future__ import annotations

import sqlalchemy as sa
from ckan.plugins import toolkit as tk

metadata = tk.BaseModel.metadata

query_daily = sa.Table(
    "shaoxing_search_query_daily", metadata,
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("query", sa.Text, primary_key=True),
    sa.Column("searches", sa.BigInteger, nullable=False),
    sa.Column("zero_results", sa.BigInteger, nullable=False),
    extend_existing=True,
)

query_flush = sa.Table(
    "shaoxing_search_query_flush", metadata,
    sa.Column("batch_id", sa.Text, primary_key=True),
    sa.Column("flushed_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
    extend_existing=True,
)

hidden_term = sa.Table(
    "shaoxing_search_hidden_term", metadata,
    sa.Column("query", sa.Text, primary_key=True),
    sa.Column("hidden_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
    extend_existing=True,
)
