"""The counting rules of the yearly targets, as SQL aggregates over CKAN's own tables (never
datasets loaded into Python). Dates are calendar days in Asia/Shanghai.

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
  (governance/: eight dimensions and the privacy scan); a dataset not yet checked does not pass.
"""
from __future__ import annotations

import datetime as dt

import ckan.model as model
import sqlalchemy as sa

from ..governance import rate as governance_rate
from ..schemas.published import as_sql, public_dataset

_DATE = r"CASE WHEN {v} ~ '^\d{{4}}-\d{{2}}-\d{{2}}$' THEN ({v})::date END"
PKG_ISSUED = ("COALESCE(" + _DATE.format(v="p.extras->>'issued'") +
              ", (p.metadata_created AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Shanghai')::date)")
RES_ISSUED = ("COALESCE(" + _DATE.format(v="(r.extras::jsonb)->>'issued'") +
              ", (r.created AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Shanghai')::date)")
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
_SETS = "GROUPING SETS ((), (org), (domain), (region), (month))"
_KEYS = "org, domain, region, month, GROUPING(org, domain, region, month) AS gs"
# GROUPING() bit pattern → which breakdown a row belongs to (1 = column not grouped)
_GS = {0b1111: None, 0b0111: "organization", 0b1011: "domain", 0b1101: "region", 0b1110: "month"}


def aggregate(start: dt.date, end: dt.date, params: dict) -> dict:
    """Open datasets, open APIs and shared interfaces issued in [start, end): the total and every
    breakdown (department, domain, district, month) from one scan of each table.
    Returns {None: counts, "organization": {id: counts}, "domain": {...}, "region": {...}, "month": {...}}."""
    p, w = {**params, "start": start, "end": end}, _where(params)
    datasets = (f"WITH d AS (SELECT p.owner_org AS org, p.extras->>'domain' AS domain, "
                f"p.extras->>'region_code' AS region, to_char({PKG_ISSUED}, 'YYYY-MM') AS month FROM package p "
                f"WHERE {OPEN_DATASET}{w} AND {PKG_ISSUED} >= :start AND {PKG_ISSUED} < :end) "
                f"SELECT {_KEYS}, count(*) AS open_datasets FROM d GROUP BY {_SETS}")
    resources = (f"WITH r AS (SELECT p.owner_org AS org, p.extras->>'domain' AS domain, "
                 f"p.extras->>'region_code' AS region, to_char({RES_ISSUED}, 'YYYY-MM') AS month, "
                 f"({OPEN_DATASET} AND {OPEN_API}) AS open_api, ({SHARED_API}) AS shared_api, "
                 f"({OPEN_DATASET} AND {DECLARED_OPEN_API} AND NOT {ANSWERS}) AS open_api_failed "
                 f"FROM resource r JOIN package p ON p.id = r.package_id "
                 f"WHERE r.state = 'active' AND p.state = 'active' AND p.type = 'dataset'{w} "
                 f"AND {RES_ISSUED} >= :start AND {RES_ISSUED} < :end) "
                 f"SELECT {_KEYS}, count(*) FILTER (WHERE open_api) AS open_apis, "
                 f"count(*) FILTER (WHERE shared_api) AS shared_apis, "
                 f"count(*) FILTER (WHERE open_api_failed) AS open_apis_failed FROM r GROUP BY {_SETS}")
    out: dict = {None: zero(), "open_apis_failed": 0, **{g: {} for g in GROUPS}}
    for sql in (datasets, resources):
        for row in _rows(sql, p):
            group = _GS[row["gs"]]
            bucket = out[None] if group is None else out[group].setdefault(row[GROUPS[group]], zero())
            for metric in ("open_datasets", "open_apis", "shared_apis"):
                if metric in row:
                    bucket[metric] = row[metric]
            if group is None and "open_apis_failed" in row:   # the total only: the dashboard's note
                out["open_apis_failed"] = row["open_apis_failed"]
    return out


def zero() -> dict:
    return {"open_datasets": 0, "open_apis": 0, "shared_apis": 0}


def counts_between(start: dt.date, end: dt.date, params: dict, group: str) -> dict:
    return aggregate(start, end, params)[group]


# Metadata completeness of one dataset, 0..1: the share of these fields that are filled.
COMPLETENESS_FIELDS = ("COALESCE(p.notes, '') <> ''", "COALESCE(p.license_id, '') <> ''",
                       "COALESCE(p.extras->>'update_frequency', '') <> ''", "COALESCE(p.extras->>'issued', '') <> ''",
                       "COALESCE(p.extras->>'modified', '') <> ''",
                       "(COALESCE(p.extras->>'contact_phone', '') <> '' OR COALESCE(p.extras->>'contact_email', '') <> '')",
                       "COALESCE(p.extras->>'data_items', '[]') NOT IN ('', '[]')",
                       "EXISTS (SELECT 1 FROM package_tag pt WHERE pt.package_id = p.id AND pt.state = 'active')")
COMPLETENESS = "((" + " + ".join(f"({f})::int" for f in COMPLETENESS_FIELDS) + f")::float / {len(COMPLETENESS_FIELDS)})"
# Days an entry may go without an update for its declared frequency (irregular/static: always on time).
TIMELY_DAYS = {"realtime": 1, "daily": 2, "weekly": 8, "monthly": 31, "quarterly": 92, "semiannual": 183, "annual": 366}
_MODIFIED = _DATE.format(v="p.extras->>'modified'")
TIMELY = ("CASE p.extras->>'update_frequency' "
          + " ".join(f"WHEN '{k}' THEN {_MODIFIED} >= CAST(:asof AS date) - {d}" for k, d in TIMELY_DAYS.items())
          + " ELSE true END")


def quality(asof: dt.date, params: dict) -> dict:
    """Per department, over active public datasets as of `asof`: governance rate (as recorded
    for that day: governance/rate.py), mean metadata completeness and the share updated on time."""
    sql = (f"SELECT p.owner_org AS g, count(*) AS total, "
           f"avg({COMPLETENESS}) AS completeness, "
           f"count(*) FILTER (WHERE COALESCE({TIMELY}, false)) AS timely "
           f"FROM package p WHERE {PUBLIC_DATASET}{_where(params)} "
           f"GROUP BY 1")
    recorded = governance_rate.as_of(asof)
    return {row["g"]: {"governance_rate": _share(recorded.get(row["g"])), "completeness": float(row["completeness"]),
                       "timeliness": row["timely"] / row["total"]}
            for row in _rows(sql, {**params, "asof": asof}) if row["g"]}


def _share(pair) -> float:
    passing, total = pair or (0, 0)
    return passing / total if total else 0.0


def usage_between(start: dt.date, end: dt.date) -> dict[str, int]:
    """Downloads and API calls of each department's data in [start, end)."""
    sql = ("SELECT p.owner_org AS g, sum(u.count) AS n FROM shaoxing_usage_daily u JOIN package p ON p.id = u.package_id "
           "WHERE u.kind IN ('download', 'api_call') AND u.day >= :start AND u.day < :end GROUP BY 1")
    return {row["g"]: int(row["n"]) for row in _rows(sql, {"start": start, "end": end}) if row["g"]}


def governance(params: dict) -> dict:
    """(passing, total) over active public datasets, as of now: {None: pair, "organization":
    {id: pair}, "domain": {...}, "region": {...}} from one scan."""
    sql = (f"WITH d AS (SELECT p.owner_org AS org, p.extras->>'domain' AS domain, p.extras->>'region_code' AS region, "
           f"NULL::text AS month, ({governance_rate.PASSING}) AS complete FROM package p "
           f"WHERE {PUBLIC_DATASET}{_where(params)}) "
           f"SELECT {_KEYS}, count(*) FILTER (WHERE complete) AS complete, count(*) AS total FROM d "
           f"GROUP BY {_SETS}")          # the month set is one row of NULL here: it is ignored
    out: dict = {None: (0, 0), **{g: {} for g in GROUPS}}
    for row in _rows(sql, params):
        group = _GS[row["gs"]]
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
