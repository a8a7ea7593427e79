"""Interfaces as the catalogue holds them: an `open_api` or `shared_api` resource of an entry is
served from the entry's table — its first file resource loaded into the DataStore. Its address
is this portal's `/api/open/<catalog_code>/<n>` (shared: `/api/share/<catalog_code>/<n>`), n
counting the entry's interfaces of that kind from 1 in resource order (the form the seed uses).
Read with set-based SQL over CKAN's tables, like the targets."""
from __future__ import annotations

import ckan.model as model
import sqlalchemy as sa

PATHS = {"open_api": "open", "shared_api": "share"}
KINDS = {v: k for k, v in PATHS.items()}

# Each interface with its ordinal and the entry's table (the first DataStore-active file).
_SQL = """
WITH i AS (
  SELECT r.id, r.name, r.package_id, (r.extras::jsonb)->>'interface_type' AS kind, r.position,
         row_number() OVER (PARTITION BY r.package_id, (r.extras::jsonb)->>'interface_type'
                            ORDER BY r.position) AS n
  FROM resource r WHERE r.state = 'active' AND (r.extras::jsonb)->>'interface_type' IN ('open_api', 'shared_api'))
SELECT i.id, i.name, i.kind, i.n, p.id AS package_id, p.name AS package_name, p.title AS package_title,
       p.extras->>'catalog_code' AS catalog_code, p.extras->>'domain' AS domain,
       p.extras->>'open_level' AS open_level, p.private, g.name AS organization, g.title AS organization_title,
       (SELECT t.id FROM resource t WHERE t.package_id = p.id AND t.state = 'active'
          AND COALESCE((t.extras::jsonb)->>'interface_type', 'file') = 'file'
          AND (t.extras::jsonb)->>'datastore_active' = 'true' ORDER BY t.position LIMIT 1) AS table_id
FROM i JOIN package p ON p.id = i.package_id LEFT JOIN "group" g ON g.id = p.owner_org
WHERE p.state = 'active' AND p.type = 'dataset' {where}
ORDER BY p.extras->>'catalog_code', i.kind, i.n
"""


def _rows(where: str, params: dict) -> list[dict]:
    return [dict(r) for r in model.Session.execute(sa.text(_SQL.format(where=where)), params).mappings()]


def path(kind: str, catalog_code: str, n: int) -> str:
    return f"/api/{PATHS[kind]}/{catalog_code}/{n}"


def _shaped(row: dict) -> dict:
    return {**row, "path": path(row["kind"], row["catalog_code"], row["n"]), "answers": bool(row["table_id"])}


def interfaces(organization: str | None = None, domain: str | None = None, kind: str | None = None) -> list[dict]:
    where, params = "", {}
    if organization:
        where += " AND g.name = :org"
        params["org"] = organization
    if domain:
        where += " AND p.extras->>'domain' = :domain"
        params["domain"] = domain
    if kind:
        where += " AND i.kind = :kind"
        params["kind"] = kind
    return [_shaped(r) for r in _rows(where, params)]


def find(kind: str, catalog_code: str, n: int) -> dict | None:
    """The interface at /api/<open|share>/<catalog_code>/<n> of an active entry, or None."""
    if kind not in PATHS or "\x00" in catalog_code or len(catalog_code) > 100 or not 0 < n < 2**31:
        return None
    rows = _rows(" AND p.extras->>'catalog_code' = :code AND i.kind = :kind AND i.n = :n",
                 {"code": catalog_code, "kind": kind, "n": n})
    return _shaped(rows[0]) if rows else None


def of_resource(resource_id: str) -> dict | None:
    if not isinstance(resource_id, str) or "\x00" in resource_id:
        return None
    rows = _rows(" AND i.id = :id", {"id": resource_id})
    return _shaped(rows[0]) if rows else None
