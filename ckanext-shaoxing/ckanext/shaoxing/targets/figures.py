"""The targets' counts kept per dataset and day in `shaoxing_target_figure`, and their sums per
month, department, domain and district in `shaoxing_target_month`, so that a year's progress sums
a few thousand rows instead of counting 300,000 resources on every cache miss.

Each dataset's rows are recomputed, by the counting rules of queries.py, whenever the dataset or
one of its resources changes (the plugin's hooks and signals: plugin.py): a dataset's figures
depend on its own row and its own resources only (an interface answers when a file resource of
the same dataset is in the DataStore). `rebuild()` recomputes every dataset from scratch: the
operator's repair (`ckan shaoxing targets rebuild`) and the reference the tests compare with
queries.aggregate, which counts the CKAN tables directly."""
from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from typing import Iterable

import ckan.model as model
import sqlalchemy as sa

from . import datasets, queries, sums
from .queries import ANSWERS, DECLARED_OPEN_API, OPEN_API, OPEN_DATASET, PKG_ISSUED, RES_ISSUED, SHARED_API

COLUMNS = "package_id, day, org, domain, region, open_datasets, open_apis, shared_apis, open_apis_failed"
_KEYS = "p.owner_org AS org, p.extras->>'domain' AS domain, p.extras->>'region_code' AS region"
# One row per (dataset, day) from its open-dataset count and its active resources; a day whose
# resources count nothing still has its row, as the direct count has a breakdown key for it.
_ROWS = (f"SELECT p.id AS package_id, {PKG_ISSUED} AS day, {_KEYS}, 1 AS d, 0 AS o, 0 AS s, 0 AS f "
         f"FROM package p WHERE {OPEN_DATASET}{{only}} "
         f"UNION ALL SELECT p.id, {RES_ISSUED}, {_KEYS}, 0, ({OPEN_DATASET} AND {OPEN_API})::int, "
         f"({SHARED_API})::int, ({OPEN_DATASET} AND {DECLARED_OPEN_API} AND NOT {ANSWERS})::int "
         f"FROM resource r JOIN package p ON p.id = r.package_id "
         f"WHERE r.state = 'active' AND p.state = 'active' AND p.type = 'dataset'{{only}}")
METRICS = ("open_datasets", "open_apis", "shared_apis", "open_apis_failed")
_SELECT = (f"SELECT package_id, day, org, domain, region, sum(d) AS open_datasets, sum(o) AS open_apis, "
           f"sum(s) AS shared_apis, sum(f) AS open_apis_failed "
           f"FROM ({_ROWS}) AS x WHERE day IS NOT NULL GROUP BY package_id, day, org, domain, region")
_INSERT = f"INSERT INTO shaoxing_target_figure ({COLUMNS}) {_SELECT}"
# The statements below take the datasets' ids (resolve()): a name in an OR would cost a scan.
_ONLY = " AND p.id = ANY(:ids)"
_KEPT = "package_id = ANY(:ids)"
FORGET = f"DELETE FROM shaoxing_target_figure WHERE {_KEPT}"
REFRESH = _INSERT.replace("{only}", _ONLY)

# The rows summed per month (sums.py): a range of whole months (a year's progress, a month's or a
# year's ranking) reads these instead of every day. `figure_rows` counts the kept rows: a group whose
# counts are all zero still has its breakdown key, as it has with the days.
_MONTH_SUMS = {"figure_rows": "sum(sign)", **{m: f"sum(sign * {m})" for m in METRICS}}


def _add_months(rows: str) -> str:
    """Add to the month sums the kept rows `rows` (the kept columns and `sign`)."""
    by_month = (f"SELECT date_trunc('month', day::timestamp)::date AS month, org, domain, region, "
                f"{', '.join(METRICS)}, sign FROM ({rows}) AS k")
    return sums.add("shaoxing_target_month", "month, org, domain, region", _MONTH_SUMS, by_month)


MONTHS_REFRESH = _add_months(f"SELECT {COLUMNS}, 1 AS sign FROM ({_SELECT.replace('{only}', _ONLY)}) AS n "
                             f"UNION ALL SELECT {COLUMNS}, -1 FROM shaoxing_target_figure WHERE {_KEPT}")
MONTHS_FORGET = _add_months(f"SELECT {COLUMNS}, -1 AS sign FROM shaoxing_target_figure WHERE {_KEPT}")
_PURGED = "NOT EXISTS (SELECT 1 FROM package p WHERE p.id = f.package_id)"
MONTHS_PURGED = _add_months(f"SELECT {COLUMNS}, -1 AS sign FROM shaoxing_target_figure f WHERE {_PURGED}")
REBUILD = ("TRUNCATE shaoxing_target_figure, shaoxing_target_month; " + _INSERT.replace("{only}", "") + "; "
           + _add_months(f"SELECT {COLUMNS}, 1 AS sign FROM shaoxing_target_figure"))
# Two refreshes of one dataset (an import's or a bulk action's after its commit, and a user's
# save) would each delete the rows, the second not seeing the first's new ones, and collide
# on the key: one at a time, by the datasets' rows (a save has already locked its own).
LOCK = "SELECT id FROM package WHERE id = ANY(:ids) OR name = ANY(:ids) ORDER BY id FOR UPDATE"
RESOLVE = "SELECT id FROM package WHERE id = ANY(:ids) OR name = ANY(:ids)"


# Datasets whose refresh waits for the end of a `refreshed_together` block, in this context only.
_pending: contextvars.ContextVar[set | None] = contextvars.ContextVar("shaoxing_target_refresh", default=None)


def refresh(ids: Iterable[str]) -> None:
    """Recompute the rows of these datasets (ids or names) inside the caller's transaction: their
    figures, the month sums and their kept values (datasets.py)."""
    ids = sorted({i for i in ids if i})
    if (pending := _pending.get()) is not None:
        pending.update(ids)
    elif ids:
        model.Session.flush()
        ids = _with_ids(ids, model.Session.execute(sa.text(LOCK), {"ids": ids}).scalars())
        for sql in (MONTHS_REFRESH, FORGET, REFRESH):
            model.Session.execute(sa.text(sql), {"ids": ids})
        datasets.refresh(ids)


@contextlib.contextmanager
def refreshed_together():
    """Within the block, the datasets' hooks only note which figures to recompute; the block's
    end recomputes them all at once, in the same transaction (a bulk save of many new datasets:
    one statement for a batch instead of three a dataset, each scanning the package table)."""
    pending: set[str] = set()
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    refresh(pending)


def forget(ids: Iterable[str]) -> None:
    """A deleted dataset counts nothing (package_delete calls its hook before the state changes)."""
    ids = sorted({i for i in ids if i})
    if ids:
        ids = _with_ids(ids, model.Session.execute(sa.text(RESOLVE), {"ids": ids}).scalars())
        for sql in (MONTHS_FORGET, FORGET):
            model.Session.execute(sa.text(sql), {"ids": ids})
        datasets.forget(ids)


def _with_ids(given: list[str], found) -> list[str]:
    """The ids and names given with the ids of the datasets found by them (a purged dataset's id
    finds nothing but still names its kept rows)."""
    return sorted(set(given) | set(found))


def forget_purged() -> None:
    """After a purge: drop the rows of datasets that are gone (an organization is purged only
    once it has no datasets)."""
    model.Session.execute(sa.text(MONTHS_PURGED))
    model.Session.execute(sa.text(f"DELETE FROM shaoxing_target_figure f WHERE {_PURGED}"))
    datasets.forget_purged()


def rebuild() -> tuple[int, int]:
    """Every dataset's rows from scratch, figures and kept values; returns how many rows each
    table has."""
    model.Session.execute(sa.text(REBUILD))
    datasets.rebuild()
    model.Session.commit()
    return tuple(model.Session.execute(sa.text(
        "SELECT (SELECT count(*) FROM shaoxing_target_figure), (SELECT count(*) FROM shaoxing_target_dataset)")).one())


_FILTERS = {"organization": "org = :organization", "region_code": "region = :region_code"}


def aggregate(start: dt.date, end: dt.date, params: dict, groups=tuple(queries.GROUPS)) -> dict:
    """queries.aggregate (the same arguments and result) summed from the kept rows: the month
    sums for a range of whole months, else the days."""
    where = "".join(f" AND {sql}" for key, sql in _FILTERS.items() if params.get(key))
    if start.day == 1 and end.day == 1:
        rows = (f"SELECT org, domain, region, to_char(month, 'YYYY-MM') AS month, {', '.join(METRICS)} "
                f"FROM shaoxing_target_month WHERE month >= :start AND month < :end AND figure_rows > 0{where}")
    else:
        rows = (f"SELECT org, domain, region, to_char(day, 'YYYY-MM') AS month, {', '.join(METRICS)} "
                f"FROM shaoxing_target_figure WHERE day >= :start AND day < :end{where}")
    keys, sets, breakdown = queries._grouping(groups)
    sql = (f"WITH d AS ({rows}) SELECT {keys}, " + ", ".join(f"coalesce(sum({m}), 0)::int AS {m}" for m in METRICS)
           + f" FROM d GROUP BY {sets}")
    out: dict = {None: queries.zero(), "open_apis_failed": 0, **{g: {} for g in groups}}
    for row in model.Session.execute(sa.text(sql), {**params, "start": start, "end": end}).mappings():
        group = breakdown[row["gs"]]
        bucket = out[None] if group is None else out[group].setdefault(row[queries.GROUPS[group]], queries.zero())
        for metric in ("open_datasets", "open_apis", "shared_apis"):
            bucket[metric] = row[metric]
        if group is None:
            out["open_apis_failed"] = row["open_apis_failed"]
    return out
