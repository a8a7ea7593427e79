"""The counting rules of the yearly targets, as SQL aggregates over CKAN's own tables (never
datasets loaded into Python). Dates are calendar days in Asia/Shanghai.

- open dataset: active, public, type dataset, open level unconditional or conditional; counted
  in the year of its `issued` date (its creation date when `issued` is empty);
- open API: an active resource with interface_type open_api, or DataStore-active, of an open
  dataset (as above, whatever its year), counted in the year of the resource's `issued` date
  (its creation date when empty);
- shared interface: an active resource with interface_type shared_api of an active dataset,
  public or private, counted in the year of its `issued` date;
- governance rate: the share of active public datasets whose metadata is complete (see
  COMPLETE below) — the governance checks will replace this measure.
"""
from __future__ import annotations

import datetime as dt

import ckan.model as model
import sqlalchemy as sa

_DATE = r"CASE WHEN {v} ~ '^\d{{4}}-\d{{2}}-\d{{2}}$' THEN ({v})::date END"
PKG_ISSUED = ("COALESCE(" + _DATE.format(v="p.extras->>'issued'") +
              ", (p.metadata_created AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Shanghai')::date)")
RES_ISSUED = ("COALESCE(" + _DATE.format(v="(r.extras::jsonb)->>'issued'") +
              ", (r.created AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Shanghai')::date)")
OPEN_DATASET = ("p.state = 'active' AND NOT p.private AND p.type = 'dataset' "
                "AND p.extras->>'open_level' IN ('unconditional', 'conditional')")
OPEN_API = ("r.state = 'active' AND ((r.extras::jsonb)->>'interface_type' = 'open_api' "
            "OR (r.extras::jsonb)->>'datastore_active' = 'true')")
SHARED_API = "r.state = 'active' AND (r.extras::jsonb)->>'interface_type' = 'shared_api'"
FILTERS = {"organization": "p.owner_org = :organization", "region_code": "p.extras->>'region_code' = :region_code"}


def _where(params: dict) -> str:
    return "".join(f" AND {sql}" for key, sql in FILTERS.items() if params.get(key))


def _rows(sql: str, params: dict):
    return model.Session.execute(sa.text(sql), params).mappings().all()


def counts(year: int, params: dict, group: str | None = None) -> dict:
    """{group value (or None): {"open_datasets", "open_apis", "shared_apis"}} for a year."""
    return counts_between(dt.date(year, 1, 1), dt.date(year + 1, 1, 1), params, group)


def counts_between(start: dt.date, end: dt.date, params: dict, group: str | None = None) -> dict:
    """The same counts for issue dates in [start, end)."""
    key = {"organization": "p.owner_org", "domain": "p.extras->>'domain'",
           "region": "p.extras->>'region_code'", "month": None, None: None}[group]
    p = {**params, "start": start, "end": end}
    w = _where(params)
    g_pkg = f"to_char({PKG_ISSUED}, 'YYYY-MM')" if group == "month" else (key or "NULL")
    g_res = f"to_char({RES_ISSUED}, 'YYYY-MM')" if group == "month" else (key or "NULL")
    out: dict = {}
    queries = (
        ("open_datasets", f"SELECT {g_pkg} AS g, count(*) AS n FROM package p WHERE {OPEN_DATASET}{w} "
                          f"AND {PKG_ISSUED} >= :start AND {PKG_ISSUED} < :end GROUP BY 1"),
        ("open_apis", f"SELECT {g_res} AS g, count(*) AS n FROM resource r JOIN package p ON p.id = r.package_id "
                      f"WHERE {OPEN_DATASET} AND {OPEN_API}{w} AND {RES_ISSUED} >= :start AND {RES_ISSUED} < :end "
                      f"GROUP BY 1"),
        ("shared_apis", f"SELECT {g_res} AS g, count(*) AS n FROM resource r JOIN package p ON p.id = r.package_id "
                        f"WHERE p.state = 'active' AND p.type = 'dataset' AND {SHARED_API}{w} "
                        f"AND {RES_ISSUED} >= :start AND {RES_ISSUED} < :end GROUP BY 1"),
    )
    for metric, sql in queries:
        for row in _rows(sql, p):
            out.setdefault(row["g"], {"open_datasets": 0, "open_apis": 0, "shared_apis": 0})[metric] = row["n"]
    return out


# Metadata completeness of one dataset, 0..1: the share of these fields that are filled.
COMPLETENESS_FIELDS = ("COALESCE(p.notes, '') <> ''", "COALESCE(p.license_id, '') <> ''",
                       "COALESCE(p.extras->>'update_frequency', '') <> ''", "COALESCE(p.extras->>'issued', '') <> ''",
                       "COALESCE(p.extras->>'modified', '') <> ''",
                       "(COALESCE(p.extras->>'contact_phone', '') <> '' OR COALESCE(p.extras->>'contact_email', '') <> '')",
                       "COALESCE(p.extras->>'data_items', '[]') NOT IN ('', '[]')",
                       "EXISTS (SELECT 1 FROM package_tag pt WHERE pt.package_id = p.id AND pt.state = 'active')")
# Complete metadata (the governance rate's measure until the quality checks exist): all of them.
COMPLETE = " AND ".join(COMPLETENESS_FIELDS)
COMPLETENESS = "((" + " + ".join(f"({f})::int" for f in COMPLETENESS_FIELDS) + f")::float / {len(COMPLETENESS_FIELDS)})"
# Days an entry may go without an update for its declared frequency (irregular/static: always on time).
TIMELY_DAYS = {"realtime": 1, "daily": 2, "weekly": 8, "monthly": 31, "quarterly": 92, "semiannual": 183, "annual": 366}
_MODIFIED = _DATE.format(v="p.extras->>'modified'")
TIMELY = ("CASE p.extras->>'update_frequency' "
          + " ".join(f"WHEN '{k}' THEN {_MODIFIED} >= CAST(:asof AS date) - {d}" for k, d in TIMELY_DAYS.items())
          + " ELSE true END")


def quality(asof: dt.date, params: dict) -> dict:
    """Per department, over active public datasets as of `asof`: governance rate (complete
    metadata), mean completeness and the share updated on time."""
    sql = (f"SELECT p.owner_org AS g, count(*) AS total, count(*) FILTER (WHERE {COMPLETE}) AS complete, "
           f"avg({COMPLETENESS}) AS completeness, "
           f"count(*) FILTER (WHERE COALESCE({TIMELY}, false)) AS timely "
           f"FROM package p WHERE p.state = 'active' AND NOT p.private AND p.type = 'dataset'{_where(params)} "
           f"GROUP BY 1")
    return {row["g"]: {"governance_rate": row["complete"] / row["total"], "completeness": float(row["completeness"]),
                       "timeliness": row["timely"] / row["total"]}
            for row in _rows(sql, {**params, "asof": asof}) if row["g"]}


def usage_between(start: dt.date, end: dt.date) -> dict[str, int]:
    """Downloads and API calls of each department's data in [start, end)."""
    sql = ("SELECT p.owner_org AS g, sum(u.count) AS n FROM shaoxing_usage_daily u JOIN package p ON p.id = u.package_id "
           "WHERE u.kind IN ('download', 'api_call') AND u.day >= :start AND u.day < :end GROUP BY 1")
    return {row["g"]: int(row["n"]) for row in _rows(sql, {"start": start, "end": end}) if row["g"]}


def governance(params: dict, group: str | None = None) -> dict:
    """{group value (or None): (complete, total)} over active public datasets, as of now."""
    key = {"organization": "p.owner_org", "domain": "p.extras->>'domain'", "region": "p.extras->>'region_code'",
           None: "NULL"}[group]
    sql = (f"SELECT {key} AS g, count(*) FILTER (WHERE {COMPLETE}) AS complete, count(*) AS total "
           f"FROM package p WHERE p.state = 'active' AND NOT p.private AND p.type = 'dataset'{_where(params)} "
           f"GROUP BY 1")
    return {row["g"]: (row["complete"], row["total"]) for row in _rows(sql, params)}


def organizations(ids) -> dict[str, tuple[str, str]]:
    rows = model.Session.query(model.Group.id, model.Group.name, model.Group.title).filter(
        model.Group.id.in_(list(ids))).all()
    return {gid: (name, title) for gid, name, title in rows}
