"""Server-side prepared statements for the few queries every request runs: PostgreSQL plans a
multi-table statement afresh on each call (≈ 0.2–0.3 ms for the data gate's, several times its
execution), a prepared one once per connection.

A statement is prepared on a connection the first time it runs there; the connection's own `info`
(kept by SQLAlchemy's pool for the life of the database connection, dropped with it) remembers
that. A prepared statement outlives ROLLBACK, and PostgreSQL re-plans it itself when a table it
reads changes."""
from __future__ import annotations

import re

import ckan.model as model
import sqlalchemy as sa

_PARAM = re.compile(r"(?<![:\w]):(\w+)")


class Statement:
    """`sql` with `:name` parameters, each given its PostgreSQL type in `types`."""

    def __init__(self, name: str, sql: str, types: dict[str, str]):
        self.name = name
        self.params = list(dict.fromkeys(_PARAM.findall(sql)))
        if set(self.params) != set(types):
            raise ValueError(f"{name}: types for {self.params} needed, {sorted(types)} given")
        numbered = _PARAM.sub(lambda m: f"${self.params.index(m.group(1)) + 1}", sql)
        self.prepare = f"PREPARE {name} ({', '.join(types[p] for p in self.params)}) AS {numbered}"
        self.execute = f"EXECUTE {name} ({', '.join(f'%({p})s' for p in self.params)})"

    def __call__(self, params: dict) -> sa.engine.CursorResult:
        conn = model.Session.connection()
        prepared = conn.connection.info.setdefault("shaoxing_prepared", set())
        if self.name not in prepared:
            conn.exec_driver_sql(self.prepare)
            prepared.add(self.name)
        return conn.exec_driver_sql(self.execute, params)
