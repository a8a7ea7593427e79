"""Each active public dataset's values for the governance rate and the ranking's quality parts,
kept in `shaoxing_target_dataset`: its keys, whether its latest quality check passed, its
metadata completeness and the three values timeliness is judged by. A cache miss then groups
one narrow row per dataset instead of evaluating the completeness expression and the quality
check's join over the package table.

The rows are refreshed with the figures (figures.refresh, by the same hooks and signals) and when
the governance feature records a check (signals.quality_checked). queries.governance and
queries.quality count the CKAN tables directly: the reference the tests compare with."""
from __future__ import annotations

import datetime as dt

import ckan.model as model
import sqlalchemy as sa

from .. import update_frequency
from ..governance import api as governance_api
from ..schemas.api import as_sql
from . import queries
from .queries import COMPLETENESS, PUBLIC_DATASET

COLUMNS = "package_id, org, domain, region, passed, completeness, frequency, modified, issued"
# '' stands for a missing frequency or date: update_frequency.on_time reads '' and none alike, and
# the keys then compare with `=` when the on-time ones are counted.
_INSERT = (f"INSERT INTO shaoxing_target_dataset ({COLUMNS}) "
           f"SELECT p.id, p.owner_org, p.extras->>'domain', p.extras->>'region_code', "
           f"p.id IN ({as_sql(governance_api.passed())}), {COMPLETENESS}, "
           f"COALESCE(p.extras->>'update_frequency', ''), COALESCE(p.extras->>'modified', ''), "
           f"COALESCE(p.extras->>'issued', '') FROM package p WHERE {PUBLIC_DATASET}")
REBUILD = "TRUNCATE shaoxing_target_dataset; " + _INSERT
FORGET = ("DELETE FROM shaoxing_target_dataset WHERE package_id = ANY(:ids) "
          "OR package_id IN (SELECT id FROM package WHERE name = ANY(:ids))")
REFRESH = _INSERT + " AND (p.id = ANY(:ids) OR p.name = ANY(:ids))"
FORGET_PURGED = ("DELETE FROM shaoxing_target_dataset d "
                 "WHERE NOT EXISTS (SELECT 1 FROM package p WHERE p.id = d.package_id)")

_FILTERS = {"organization": "org = :organization", "region_code": "region = :region_code"}


def _where(params: dict) -> str:
    return " WHERE true" + "".join(f" AND {sql}" for key, sql in _FILTERS.items() if params.get(key))


def governance(params: dict) -> dict:
    """queries.governance (the same argument and result) from the kept rows."""
    groups = ("organization", "domain", "region")
    keys, sets, breakdown = queries._grouping(groups)
    # Grouped first by every key (a few thousand rows), then the total and each breakdown.
    sql = (f"WITH d AS (SELECT org, domain, region, count(*) FILTER (WHERE passed) AS complete, count(*) AS total "
           f"FROM shaoxing_target_dataset{_where(params)} GROUP BY 1, 2, 3) "
           f"SELECT {keys}, coalesce(sum(complete), 0)::int AS complete, coalesce(sum(total), 0)::int AS total "
           f"FROM d GROUP BY {sets}")
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
    """Department id → (passing, total) now: the governance feature's live rate, from the kept rows."""
    sql = ("SELECT org, count(*) FILTER (WHERE passed), count(*) FROM shaoxing_target_dataset "
           "WHERE org IS NOT NULL GROUP BY 1")
    return {org: (passing, total) for org, passing, total in model.Session.execute(sa.text(sql))}


def quality(asof: dt.date, params: dict) -> dict:
    """queries.quality (the same arguments and result) from the kept rows."""
    where = _where(params)
    sql = f"SELECT org, count(*), avg(completeness) FROM shaoxing_target_dataset{where} GROUP BY 1"
    rows = model.Session.execute(sa.text(sql), params).all()
    timely = _timely(asof, params)
    recorded = governance_api.rates_as_of(asof, live=live_rates)
    return {org: {"governance_rate": queries._share(recorded.get(org)), "completeness": float(completeness),
                  "timeliness": timely.get(org, 0) / total}
            for org, total, completeness in rows if org}


def _timely(asof: dt.date, params: dict) -> dict[str, int]:
    """Department id → its datasets on time on `asof`: the rule applied once per distinct
    (frequency, modified, issued), then the on-time ones counted by the database."""
    where = _where(params)
    keys = model.Session.execute(sa.text(
        f"SELECT frequency, modified, issued FROM shaoxing_target_dataset{where} GROUP BY 1, 2, 3"), params).all()
    due = [k for k in keys if update_frequency.on_time(*k, asof)]
    if not due:
        return {}
    sql = (f"SELECT org, count(*) FROM shaoxing_target_dataset{where} "
           f"AND (frequency, modified, issued) IN (SELECT * FROM unnest(:f, :m, :i)) GROUP BY 1")
    arrays = {"f": [k[0] for k in due], "m": [k[1] for k in due], "i": [k[2] for k in due]}
    return dict(model.Session.execute(sa.text(sql), {**params, **arrays}).all())


def refresh(ids: list[str]) -> None:
    """Recompute these datasets' rows (ids or names) inside the caller's transaction, whose
    caller has locked the datasets' rows (figures.refresh)."""
    model.Session.execute(sa.text(FORGET), {"ids": ids})
    model.Session.execute(sa.text(REFRESH), {"ids": ids})


def forget(ids: list[str]) -> None:
    model.Session.execute(sa.text(FORGET), {"ids": ids})


def forget_purged() -> None:
    model.Session.execute(sa.text(FORGET_PURGED))


def rebuild() -> None:
    model.Session.execute(sa.text(REBUILD))
