"""Counts kept in PostgreSQL while Redis does not answer (usage events, app-key calls).

A spool row is a running sum: `add` upserts (key columns) += n in a transaction of its own,
apart from the request's session; `take` deletes every row and returns them inside the caller's
transaction, so a flusher that merges them into its daily totals and commits counts them exactly
once, and one killed before its commit leaves them all in place. An `add` racing a `take` waits
for the row's lock; PostgreSQL's upsert then inserts a fresh row the next flush takes."""
from __future__ import annotations

import ckan.model as model
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert


def add(table: sa.Table, values: dict, column: str, n: int) -> None:
    stmt = insert(table).values(**values, **{column: n})
    keys = [c.name for c in table.primary_key.columns]
    with model.meta.engine.begin() as conn:
        conn.execute(stmt.on_conflict_do_update(index_elements=keys,
                                                set_={column: table.c[column] + stmt.excluded[column]}))


def take(table: sa.Table) -> list[dict]:
    """Every spooled row, deleted in model.Session's transaction (the caller commits)."""
    return [dict(r) for r in model.Session.execute(table.delete().returning(*table.columns)).mappings()]
