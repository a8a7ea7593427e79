"""The audit table. Append-only in PostgreSQL: a trigger (migration c7d1e3f5a902) refuses every
UPDATE, DELETE and TRUNCATE, except deletes inside a transaction that set `shaoxing.audit_purge`:
"retention" (the purge CLI) may remove only rows older than 180 days by the database's clock,
"reset" (the test suite's database reset) may remove all."""
from __future__ import annotations

import datetime as dt

import ckan.model as model
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

# Own metadata, not CKAN's: CKAN's test reset deletes the rows of every table on its metadata,
# which the trigger refuses; the suite's reset clears this table with `erase_for_test_reset`.
metadata = sa.MetaData()

RESULTS = ("success", "failure", "denied")
MIN_RETENTION_DAYS = 180      # 网络安全法 art. 21: logs kept at least six months
PURGE_SETTING = "shaoxing.audit_purge"

audit = sa.Table(
    "shaoxing_audit", metadata,
    sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor", sa.Text),                  # user name; None: anonymous or the system
    sa.Column("remote_addr", sa.Text),            # None outside a web request (CLI, jobs)
    sa.Column("action", sa.Text, nullable=False),  # event name "<area>.<what>"
    sa.Column("object_type", sa.Text),
    sa.Column("object_id", sa.Text),
    sa.Column("result", sa.String(16), nullable=False),
    sa.Column("detail", JSONB, nullable=False),
)


def _engine():
    return model.meta.engine


def insert(row: dict) -> None:
    """In its own transaction: an event is kept even when the caller's work is rolled back."""
    with _engine().begin() as conn:
        conn.execute(audit.insert().values(**row))


def purge(before: dt.datetime) -> int:
    """Delete rows older than `before`; returns how many. Only the retention CLI calls it."""
    with _engine().begin() as conn:
        conn.execute(sa.select(sa.func.set_config(PURGE_SETTING, "retention", True)))
        return conn.execute(audit.delete().where(audit.c.at < before)).rowcount


def erase_for_test_reset() -> None:
    """Empty the table, for the test suite's database reset only (tests/conftest.py)."""
    with _engine().begin() as conn:
        if conn.execute(sa.text("SELECT to_regclass('shaoxing_audit')")).scalar() is None:
            return
        conn.execute(sa.select(sa.func.set_config(PURGE_SETTING, "reset", True)))
        conn.execute(audit.delete())


def _where(filters: dict) -> list:
    c, where = audit.c, []
    if filters.get("date_from"):
        where.append(c.at >= filters["date_from"])
    if filters.get("date_to"):
        where.append(c.at < filters["date_to"])
    for field in ("actor", "result", "object_type", "object_id"):
        if filters.get(field):
            where.append(c[field] == filters[field])
    if filters.get("event"):   # "login" matches login.success, login.failure, ...
        event = filters["event"]
        where.append(sa.or_(c.action == event, c.action.startswith(event + ".", autoescape=True)))
    return where


def count(filters: dict) -> int:
    with _engine().connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(audit).where(*_where(filters))).scalar()


def rows(filters: dict, limit: int | None, offset: int = 0, batch: int = 2000):
    """Matching rows, newest first, streamed in batches (an export may be large)."""
    query = sa.select(audit).where(*_where(filters)).order_by(audit.c.at.desc(), audit.c.id.desc()) \
        .offset(offset).limit(limit)
    with _engine().connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=batch).execute(query)
        for row in result.mappings():
            yield dict(row)
