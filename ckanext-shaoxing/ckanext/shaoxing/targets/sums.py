"""Sums of kept rows per group, kept as the rows change (the figures' per month: figures.py; the
datasets' values per group: datasets.py). A refresh adds what its datasets' new rows add and
takes away what their old rows added (`sign` ±1) in one statement per table, sorted by group so
that concurrent refreshes lock the groups in one order, and only for groups whose sums change."""
from __future__ import annotations


def add(table: str, keys: str, sums: dict[str, str], rows: str) -> str:
    """The statement adding the sums of `rows` (the kept columns and `sign`) to the groups
    (`keys`) of `table`; `sums` maps each sum column to its aggregate over `rows`."""
    total = ", ".join(f"coalesce({expr}, 0) AS {col}" for col, expr in sums.items())
    changed = " OR ".join(f"coalesce({expr}, 0) <> 0" for expr in sums.values())
    update = ", ".join(f"{col} = t.{col} + excluded.{col}" for col in sums)
    return (f"INSERT INTO {table} AS t ({keys}, {', '.join(sums)}) SELECT {keys}, {total} FROM ({rows}) AS r "
            f"GROUP BY {keys} HAVING {changed} ORDER BY {keys} ON CONFLICT ({keys}) DO UPDATE SET {update}")
