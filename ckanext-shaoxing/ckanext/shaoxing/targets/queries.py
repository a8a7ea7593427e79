"""The counting rules of the yearly targets, as SQL aggregates over CKAN's own tables (the
database counts; datasets are never loaded into Python one by one). Dates are calendar days in
Asia/Shanghai.

- open dataset: active, public, type dataset, open level unconditional or conditional; counted
  in the year of its `issued` date (its creation date when `issued` is empty);
- open API: an active resource with interface_type open_api of an open dataset (as above,
  whatever its year) that really answers — the dataset has a file resource loaded into the
  DataStore, which the interface serves — counted in the year of the resource's `issued` date
  (its creation date when empty); those that do not answer are counted apart as failed;
- shared interface: an active resource with interface_type shared_api of an active dataset,
  public or private, that really answers (the same rule as an open API: a table in the
  DataStore), counted in the year of its `issued` date;
- governance rate: the share of active public datasets that pass the quality check
  (governance/: eight dimensions and the privacy scan); a dataset not yet checked does not pass;
- timeliness: the share of active public datasets on time by update_frequency.py (the quality
  check's rule too), applied to the count of each department's distinct frequencies and dates.
"""
from __future__ import annotations

import datetime as dt

import ckan.model as model
import sqlalchemy as sa

from .. import clock, update_frequency
from ..governance import api as governance_api
from ..schemas.api import as_sql, public_dataset
from ..usage import api as usage_api

# The Shaoxing date of a UTC timestamp column, in SQL: clock's time zone, named once.
_LOCAL_DATE = "({col} AT TIME ZONE 'UTC' AT TIME ZONE '" + clock.TZ.key + "')::date"
_DATE = r"CASE WHEN {v} ~ '^\d{{4}}-\d{{2}}-\d{{2}}$' THEN ({v})::date END"
PKG_ISSUED = ("COALESCE(" + _DATE.format(v="p.extras->>'issued'") +
              ", " + _LOCAL_DATE.format(col="p.metadata_created") + ")")
RES_ISSUED = ("COALESCE(" + _DATE.format(v="(r.extras::jsonb)->>'issued'") +
              ", " + _LOCAL_DATE.format(col="r.created") + ")")
# Every query below names the package table `p`.
PUBLIC_DATASET = as_sql(public_dataset(model.package_table.alias("p")))
OPEN_DATASET = f"{PUBLIC_DATASET} AND p.extras->>'open_level' IN ('unconditional', 'conditional')"
INTERFACE = "r.state = 'active' AND (r.extras::jsonb)->>'interface_type' = '{kind}'"
DECLARED_OPEN_API = INTERFACE.format(kind="open_api")
# The interface's table: a file resource of its dataset in the DataStore (interfaces/catalog.py).
ANSWERS = ("EXISTS (SELECT 1 FROM resource t WHERE t.package_id = r.package_id AND t.state = 'active' "
           "AND COALESCE((t.extras::jsonb)->>'interface_type', 'file') = 'file' "
           "AND (t.extras::jsonb)->>'datastore_active' = 'true')")
OPEN_API = f"{DECLARED_OPEN_API} AND {ANSWERS}"
# An interface counts only when it answers: one rule for open APIs and shared interfaces.
SHARED_API = f"{INTERFACE.format(kind='shared_api')} AND {ANSWERS}"
FILTERS = {"organization": "p.owner_org = :organization", "region_code": "p.extras->>'region_code' = :region_code"}


def _where(params: dict) -> str:
    return "".join(f" AND {sql}" for key, sql in FILTERS.items() if params.get(key))


def _rows(sql: str, params: dict):
    return model.Session.execute(sa.text(sql), params).mappings().all()


GROUPS = {"organization": "org", "domain": "domain", "region": "region", "month": "month"}


def _grouping(groups) -> tuple[str, str, dict]:
    """(select keys, GROUPING SETS clause, GROUPING() value → breakdown) for the total and one
    breakdown per group (GROUPING() has a bit per column, 1 where the row is not grouped by it)."""
    cols = [GROUPS[g] for g in groups]
    every = (1 << len(cols)) - 1
    keys = f"{', '.join(cols)}, GROUPING({', '.join(cols)}) AS gs"
    sets = f"GROUPING SETS ((), {', '.join(f'({c})' for c in cols)})"
    return keys, sets, {every: None, **{every ^ (1 << (len(cols) - 1 - i)): g for i, g in enumerate(groups)}}


def aggregate(start: dt.date, end: dt.date, params: dict, groups=tuple(GROUPS)) -> dict:
    """Open datasets, open APIs and shared interfaces issued in [start, end): the total and the
    breakdowns `groups` (of department, domain, district, month) from one scan of each table.
    Returns {None: counts, "organization": {id: counts}, "domain": {...}, ...} for those groups."""
    p, w = {**params, "start": start, "end": end}, _where(params)
    keys, sets, breakdown = _grouping(groups)
    datasets = (f"WITH d AS (SELECT p.owner_org AS org, p.extras->>'domain' AS domain, "
                f"p.extras->>'region_code' AS region, to_char({PKG_ISSUED}, 'YYYY-MM') AS month FROM package p "
                f"WHERE {OPEN_DATASET}{w} AND {PKG_ISSUED} >= :start AND {PKG_ISSUED} < :end) "
                f"SELECT {keys}, count(*) AS open_datasets FROM d GROUP BY {sets}")
    resources = (f"WITH r AS (SELECT p.owner_org AS org, p.extras->>'domain' AS domain, "
                 f"p.extras->>'region_code' AS region, to_char({RES_ISSUED}, 'YYYY-MM') AS month, "
                 f"({OPEN_DATASET} AND {OPEN_API}) AS open_api, ({SHARED_API}) AS shared_api, "
                 f"({OPEN_DATASET} AND {DECLARED_OPEN_API} AND NOT {ANSWERS}) AS open_api_failed "
                 f"FROM resource r JOIN package p ON p.id = r.package_id "
                 f"WHERE r.state = 'active' AND p.state = 'active' AND p.type = 'dataset'{w} "
                 f"AND {RES_ISSUED} >= :start AND {RES_ISSUED} < :end) "
                 f"SELECT {keys}, count(*) FILTER (WHERE open_api) AS open_apis, "
                 f"count(*) FILTER (WHERE shared_api) AS shared_apis, "
                 f"count(*) FILTER (WHERE open_api_failed) AS open_apis_failed FROM r GROUP BY {sets}")
    out: dict = {None: zero(), "open_apis_failed": 0, **{g: {} for g in groups}}
    for sql in (datasets, resources):
        for row in _rows(sql, p):
            group = breakdown[row["gs"]]
            bucket = out[None] if group is None else out[group].setdefault(row[GROUPS[group]], zero())
            for metric in ("open_datasets", "open_apis", "shared_apis"):
                if metric in row:
                    bucket[metric] = row[metric]
            if group is None and "open_apis_failed" in row:   # the total only: the dashboard's note
                out["open_apis_failed"] = row["open_apis_failed"]
    return out


def zero() -> dict:
    return {"open_datasets": 0, "open_apis": 0, "shared_apis": 0}


# Metadata completeness of one dataset, 0..1: the share of these fields that are filled.
COMPLETENESS_FIELDS = ("COALESCE(p.notes, '') <> ''", "COALESCE(p.license_id, '') <> ''",
                       "COALESCE(p.extras->>'update_frequency', '') <> ''", "COALESCE(p.extras->>'issued', '') <> ''",
                       "COALESCE(p.extras->>'modified', '') <> ''",
                       "(COALESCE(p.extras->>'contact_phone', '') <> '' OR COALESCE(p.extras->>'contact_email', '') <> '')",
                       "COALESCE(p.extras->>'data_items', '[]') NOT IN ('', '[]')",
                       "EXISTS (SELECT 1 FROM package_tag pt WHERE pt.package_id = p.id AND pt.state = 'active')")
COMPLETENESS = "((" + " + ".join(f"({f})::int" for f in COMPLETENESS_FIELDS) + f")::float / {len(COMPLETENESS_FIELDS)})"


def quality(asof: dt.date, params: dict) -> dict:
    """Per department, over active public datasets as of `asof`: governance rate (as recorded
    for that day by the governance feature), mean metadata completeness and the share on time."""
    sql = (f"SELECT p.owner_org AS g, count(*) AS total, avg({COMPLETENESS}) AS completeness "
           f"FROM package p WHERE {PUBLIC_DATASET}{_where(params)} GROUP BY 1")
    timely = _timely(asof, params)
    recorded = governance_api.rates_as_of(asof)
    return {row["g"]: {"governance_rate": _share(recorded.get(row["g"])), "completeness": float(row["completeness"]),
                       "timeliness": timely.get(row["g"], 0) / row["total"]}
            for row in _rows(sql, params) if row["g"]}


def _timely(asof: dt.date, params: dict) -> dict[str, int]:
    """Department id → its active public datasets on time on `asof`. The rule is applied once per
    distinct (frequency, modified, issued) of a department, counted by the database."""
    sql = (f"SELECT p.owner_org AS g, p.extras->>'update_frequency' AS frequency, p.extras->>'modified' AS modified, "
           f"p.extras->>'issued' AS issued, count(*) AS n FROM package p WHERE {PUBLIC_DATASET}{_where(params)} "
           f"GROUP BY 1, 2, 3, 4")
    timely: dict[str, int] = {}
    known: dict[tuple, bool] = {}     # departments share their (frequency, modified, issued): ask once
    for row in _rows(sql, params):
        key = (row["frequency"], row["modified"], row["issued"])
        if key not in known:
            known[key] = update_frequency.on_time(*key, asof)
        if known[key]:
            timely[row["g"]] = timely.get(row["g"], 0) + row["n"]
    return timely


def _share(pair) -> float:
    passing, total = pair or (0, 0)
    return passing / total if total else 0.0


def usage_between(start: dt.date, end: dt.date) -> dict[str, int]:
    """Downloads and API calls of each department's data in [start, end) (the usage feature's)."""
    return usage_api.by_department(start, end, ("download", "api_call"))


def governance(params: dict) -> dict:
    """(passing, total) over active public datasets, as of now: {None: pair, "organization":
    {id: pair}, "domain": {...}, "region": {...}} from one scan."""
    groups = ("organization", "domain", "region")
    keys, sets, breakdown = _grouping(groups)
    sql = (f"WITH d AS (SELECT p.owner_org AS org, p.extras->>'domain' AS domain, p.extras->>'region_code' AS region, "
           f"(p.id IN ({as_sql(governance_api.passed())})) AS complete FROM package p "
           f"WHERE {PUBLIC_DATASET}{_where(params)}) "
           f"SELECT {keys}, count(*) FILTER (WHERE complete) AS complete, count(*) AS total FROM d GROUP BY {sets}")
    out: dict = {None: (0, 0), **{g: {} for g in groups}}
    for row in _rows(sql, params):
        group = breakdown[row["gs"]]
        pair = (row["complete"], row["total"])
        if group is None:
            out[None] = pair
        else:
            out[group][row[GROUPS[group]]] = pair
    return out


def organizations(ids) -> dict[str, tuple[str, str]]:
    rows = model.Session.query(model.Group.id, model.Group.name, model.Group.title).filter(
        model.Group.id.in_(list(ids))).all()
    return {gid: (name, title) for gid, name, title in rows}
