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

import ckan.model as model
import sqlalchemy as sa

_DATE = r"CASE WHEN {v} ~ '^\d{{4}}-\d{{2}}-\d{{2}}$' THEN ({v})::date END"
PKG_ISSUED = ("COALESCE(" + _DATE.format(v="p.extras->>'issued'") +
              ", (p.metadata_created AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Shanghai')::date)")
RES_ISSUED = ("COALESCE(" + _DATE.format(v="r.extras->>'issued'") +
              ", (r.created AT TIME ZONE 'UTC' AT TIME ZONE 'Asia/Shanghai')::date)")
OPEN_DATASET = ("p.state = 'active' AND NOT p.private AND p.type = 'dataset' "
                "AND p.extras->>'open_level' IN ('unconditional', 'conditional')")
OPEN_API = ("r.state = 'active' AND (r.extras->>'interface_type' = 'open_api' "
            "OR r.extras->>'datastore_active' = 'true')")
SHARED_API = "r.state = 'active' AND r.extras->>'interface_type' = 'shared_api'"
# Metadata complete: every field a citizen needs to judge and use the data.
COMPLETE = ("COALESCE(p.notes, '') <> '' AND COALESCE(p.license_id, '') <> '' "
            "AND COALESCE(p.extras->>'update_frequency', '') <> '' AND COALESCE(p.extras->>'issued', '') <> '' "
            "AND COALESCE(p.extras->>'modified', '') <> '' "
            "AND (COALESCE(p.extras->>'contact_phone', '') <> '' OR COALESCE(p.extras->>'contact_email', '') <> '') "
            "AND COALESCE(p.extras->>'data_items', '[]') NOT IN ('', '[]') "
            "AND EXISTS (SELECT 1 FROM package_tag pt WHERE pt.package_id = p.id AND pt.state = 'active')")

FILTERS = {"organization": "p.owner_org = :organization", "region_code": "p.extras->>'region_code' = :region_code"}


def _where(params: dict) -> str:
    return "".join(f" AND {sql}" for key, sql in FILTERS.items() if params.get(key))


def _rows(sql: str, params: dict):
    return model.Session.execute(sa.text(sql), params).mappings().all()


def counts(year: int, params: dict, group: str | None = None) -> dict:
    """{group value (or None): {"open_datasets", "open_apis", "shared_apis"}} for a year."""
    key = {"organization": "p.owner_org", "domain": "p.extras->>'domain'",
           "region": "p.extras->>'region_code'", "month": None, None: None}[group]
    p = {**params, "start": f"{year}-01-01", "end": f"{year + 1}-01-01"}
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
