"""Each active public dataset's values for the governance rate and the ranking's quality parts,
kept in `shaoxing_target_dataset` (its keys, whether its latest quality check passed, its
metadata completeness and the three values timeliness is judged by) and summed per group in
`shaoxing_target_group` and `shaoxing_target_dates`: a cache miss reads the sums instead of
evaluating the completeness expression and the quality check's join over the package table.

The rows are refreshed with the figures (figures.refresh, by the same hooks and signals) and when
the governance feature stores a check (its CHECKED signal: signals.datasets_changed).
queries.governance and queries.quality count the CKAN tables directly: the reference the tests
compare with."""
from __future__ import annotations

import datetime as dt

import ckan.model as model
import sqlalchemy as sa

from .. import update_frequency
from ..governance import api as governance_api
from ..schemas.api import as_sql
from . import queries, sums
from .queries import COMPLETENESS, PUBLIC_DATASET

COLUMNS = "package_id, org, domain, region, passed, completeness, frequency, modified, issued"
# Whether this dataset is among those that passed: one index lookup (the set of every passing id
# would be read for each refresh).
_passed = governance_api.passed()
_PASSED = as_sql(_passed.where(_passed.selected_columns[0] == sa.literal_column("p.id")))
# '' stands for a missing frequency or date: update_frequency.on_time reads '' and none alike.
_VALUES = (f"SELECT p.id AS package_id, p.owner_org AS org, p.extras->>'domain' AS domain, "
           f"p.extras->>'region_code' AS region, EXISTS ({_PASSED}) AS passed, "
           f"{COMPLETENESS} AS completeness, COALESCE(p.extras->>'update_frequency', '') AS frequency, "
           f"COALESCE(p.extras->>'modified', '') AS modified, COALESCE(p.extras->>'issued', '') AS issued "
           f"FROM package p WHERE {PUBLIC_DATASET}")
# Ids only (figures.refresh resolves names first).
_ONLY = "p.id = ANY(:ids)"
_KEPT = "package_id = ANY(:ids)"

# The kept rows summed per group (sums.py), so that a cache miss reads a few thousand rows: per
# department, domain and district (count, passing, completeness) and per department, district
# and timeliness values (count).
_SUMS = {
    "shaoxing_target_group": ("org, domain, region",
                              {"datasets": "sum(sign)", "passing": "sum(sign) FILTER (WHERE passed)",
                               "completeness": "sum(sign * completeness)"}),
    "shaoxing_target_dates": ("org, region, frequency, modified, issued", {"datasets": "sum(sign)"}),
}


def _add(table: str, rows: str) -> str:
    return sums.add(table, *_SUMS[table], rows)


_DELTA = (f"SELECT *, 1 AS sign FROM ({_VALUES} AND {_ONLY}) AS n "
          f"UNION ALL SELECT {COLUMNS}, -1 FROM shaoxing_target_dataset WHERE {_KEPT}")
_INSERT = f"INSERT INTO shaoxing_target_dataset ({COLUMNS}) {_VALUES}"
REBUILD = ("TRUNCATE shaoxing_target_dataset, shaoxing_target_group, shaoxing_target_dates; " + _INSERT + "; "
           + "; ".join(_add(t, "SELECT *, 1 AS sign FROM shaoxing_target_dataset") for t in _SUMS))
REFRESH = [_add(t, _DELTA) for t in _SUMS] + [
    f"DELETE FROM shaoxing_target_dataset WHERE {_KEPT}", f"{_INSERT} AND {_ONLY}"]
FORGET = [_add(t, f"SELECT {COLUMNS}, -1 AS sign FROM shaoxing_target_dataset WHERE {_KEPT}") for t in _SUMS] + [
    f"DELETE FROM shaoxing_target_dataset WHERE {_KEPT}"]
_PURGED = "NOT EXISTS (SELECT 1 FROM package p WHERE p.id = d.package_id)"
FORGET_PURGED = [_add(t, f"SELECT {COLUMNS}, -1 AS sign FROM shaoxing_target_dataset d WHERE {_PURGED}")
                 for t in _SUMS] + [f"DELETE FROM shaoxing_target_dataset d WHERE {_PURGED}"]

_FILTERS = {"organization": "org = :organization", "region_code": "region = :region_code"}


def _where(params: dict) -> str:
    # A group whose datasets have all gone keeps its row, summing to nothing.
    return " WHERE datasets > 0" + "".join(f" AND {sql}" for key, sql in _FILTERS.items() if params.get(key))


def governance(params: dict) -> dict:
    """queries.governance (the same argument and result) from the kept sums."""
    groups = ("organization", "domain", "region")
    keys, sets, breakdown = queries._grouping(groups)
    sql = (f"SELECT {keys}, coalesce(sum(passing), 0)::int AS complete, coalesce(sum(datasets), 0)::int AS total "
           f"FROM shaoxing_target_group{_where(params)} GROUP BY {sets}")
    out: dict = {None: (0, 0), **{g: {} for g in groups}}
    for row in model.Session.execute(sa.text(sql), params):
        group = breakdown[row.gs]
        pair = (row.complete, row.total)
        if group is None:
            out[None] = pair
        else:
            out[group][getattr(row, queries.GROUPS[group])] = pair
    return out


def live_rates() -> dict[str, tuple[int, int]]:
    """Department id → (passing, total) now: the governance feature's live rate, from the kept sums."""
    sql = (f"SELECT org, sum(passing)::int, sum(datasets)::int FROM shaoxing_target_group{_where({})} "
           f"AND org IS NOT NULL GROUP BY 1")
    return {org: (passing, total) for org, passing, total in model.Session.execute(sa.text(sql))}


def quality(asof: dt.date, params: dict) -> dict:
    """queries.quality (the same arguments and result) from the kept sums. The mean completeness
    is their sum over the count: a sum of eighths, exact in floating point as the mean's own."""
    sql = (f"SELECT org, sum(datasets)::int, sum(completeness) FROM shaoxing_target_group{_where(params)} "
           f"AND org IS NOT NULL GROUP BY 1")
    rows = model.Session.execute(sa.text(sql), params).all()
    timely = _timely(asof, params)
    recorded = governance_api.rates_as_of(asof, live=live_rates)
    return {org: {"governance_rate": queries._share(recorded.get(org)), "completeness": completeness / total,
                  "timeliness": timely.get(org, 0) / total}
            for org, total, completeness in rows if org}


def _timely(asof: dt.date, params: dict) -> dict[str, int]:
    """Department id → its datasets on time on `asof`: the rule applied once per distinct
    (frequency, modified, issued), then the kept counts of the keys on time summed per department."""
    where = _where(params)
    keys = model.Session.execute(sa.text(
        f"SELECT frequency, modified, issued FROM shaoxing_target_dates{where} GROUP BY 1, 2, 3"), params).all()
    due = [k for k in keys if update_frequency.on_time(*k, asof)]
    if not due:
        return {}
    sql = (f"SELECT org, sum(datasets)::int FROM shaoxing_target_dates{where} "
           f"AND (frequency, modified, issued) IN (SELECT * FROM unnest(:f, :m, :i)) GROUP BY 1")
    columns = {"f": [k[0] for k in due], "m": [k[1] for k in due], "i": [k[2] for k in due]}
    return dict(model.Session.execute(sa.text(sql), {**params, **columns}).all())


def refresh(ids: list[str]) -> None:
    """Recompute these datasets' rows (by id) and their groups' sums inside the caller's
    transaction, whose caller has locked the datasets' rows (figures.refresh)."""
    _run(REFRESH, {"ids": ids})


def forget(ids: list[str]) -> None:
    _run(FORGET, {"ids": ids})


def forget_purged() -> None:
    _run(FORGET_PURGED, {})


def rebuild() -> None:
    model.Session.execute(sa.text(REBUILD))


def _run(statements: list[str], params: dict) -> None:
    for sql in statements:
        model.Session.execute(sa.text(sql), params)
