"""Governance actions: a dataset's quality (badge: public; report: its department), summaries by
department and domain, re-running a check, and the quarantine (show; override by a sysadmin)."""
from __future__ import annotations

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.logic import validate

from ..history import api as history
from . import jobs, quarantine, rate, run, schema, settings, verdict
from .checks.dimensions import DIMENSIONS
from .model import quality

__all__ = ["shaoxing_quality_badge", "shaoxing_quality_show", "shaoxing_quality_summary", "shaoxing_quality_list",
           "shaoxing_quality_run", "shaoxing_quarantine_show", "shaoxing_quarantine_override"]


def _package(context, id_or_name: str) -> model.Package:
    pkg = model.Package.get(id_or_name)
    if pkg is None or pkg.state == "deleted":
        raise tk.ObjectNotFound("没有这个数据集 / no such dataset")
    return pkg


def _row(package_id: str) -> dict | None:
    row = model.Session.execute(sa.select(quality).where(quality.c.package_id == package_id)).mappings().first()
    return dict(row) if row else None


def _when(value) -> str | None:
    return value.isoformat() if value else None


@validate(schema.dataset)
@tk.side_effect_free
def shaoxing_quality_badge(context, data_dict):
    """The public part of a dataset's check: `score` (0–100), `passed`, `checked_at` (None: not checked yet)."""
    tk.check_access("shaoxing_quality_badge", context, data_dict)
    pkg = _package(context, data_dict["id"])
    row = _row(pkg.id) or {}
    return {"id": pkg.id, "name": pkg.name, "score": row.get("score"), "passed": row.get("passed", False),
            "threshold": settings.threshold(), "checked_at": _when(row.get("checked_at"))}


@validate(schema.dataset)
@tk.side_effect_free
def shaoxing_quality_show(context, data_dict):
    """A dataset's quality report (its department and sysadmins): `dimensions` (each `score`
    0–100, `weight`, `evidence`), weighted `score`, `passed`, `threshold`, `floor`, `failures`
    (why it does not pass: the total under the threshold, dimensions under the floor), `privacy` (per
    resource: columns and counts of unmasked personal data, never the values; its quarantine
    state), `errors` (resources that could not be checked, with the reason) and `checked_at`."""
    tk.check_access("shaoxing_quality_show", context, data_dict)
    pkg = _package(context, data_dict["id"])
    row = _row(pkg.id)
    if row is None:
        return {"id": pkg.id, "name": pkg.name, "checked_at": None, "score": None, "passed": False,
                "threshold": settings.threshold(), "dimensions": {}, "privacy": [], "errors": []}
    return {"id": pkg.id, "name": pkg.name, "score": row["score"], "passed": row["passed"],
            "threshold": settings.threshold(), "floor": settings.floor(), "dimensions": row["dimensions"],
            "failures": _failures(row), "privacy": row["privacy"], "errors": row["errors"],
            "checked_at": _when(row["checked_at"])}


def _failures(row) -> list[dict]:
    """Why a checked dataset does not pass (verdict.py), dimensions in their order; empty when it passes."""
    if row["passed"] or row["score"] is None:
        return []
    dims = row["dimensions"] or {}
    return verdict.failures(row["score"], {k: dims[k]["score"] for k in DIMENSIONS if k in dims},
                            settings.threshold(), settings.floor())


_SUMMARY = f"""
SELECT {{key}} AS k, count(*) AS total, count(*) FILTER (WHERE q.passed) AS passing,
       count(q.package_id) AS checked, avg(q.score) AS mean_score
FROM package p LEFT JOIN shaoxing_quality q ON q.package_id = p.id
WHERE {rate.PUBLIC} {{where}} GROUP BY 1 ORDER BY 1"""


def _groups(key: str, where: str, params: dict) -> list[dict]:
    rows = model.Session.execute(sa.text(_SUMMARY.format(key=key, where=where)), params).mappings()
    return [{"key": r["k"], "total": r["total"], "passing": r["passing"], "checked": r["checked"],
             "rate": round(r["passing"] / r["total"], 4) if r["total"] else 0.0,
             "mean_score": round(float(r["mean_score"]), 1) if r["mean_score"] is not None else None} for r in rows]


@validate(schema.summary)
@tk.side_effect_free
def shaoxing_quality_summary(context, data_dict):
    """The governance rate (passing / public active datasets) city-wide and by department and
    domain, optionally for one `organization`; with the count of quarantined resources and the
    rate's daily history."""
    tk.check_access("shaoxing_quality_summary", context, data_dict)
    where, params, org_id = "", {}, None
    if data_dict.get("organization"):
        group = model.Group.get(data_dict["organization"])
        if group is None or not group.is_organization:
            raise tk.ObjectNotFound("没有这个部门 / no such department")
        org_id = group.id
        where, params = "AND p.owner_org = :org", {"org": org_id}
    total = _groups("NULL::text", where, params)
    orgs = _groups("p.owner_org", where, params)
    names = {g.id: (g.name, g.title) for g in model.Session.query(model.Group).filter(
        model.Group.id.in_([o["key"] for o in orgs if o["key"]]))}
    for o in orgs:
        o["name"], o["title"] = names.get(o["key"], (o["key"], o["key"]))
        del o["key"]
    domains = _groups("p.extras->>'domain'", where, params)
    for d in domains:
        d["domain"] = d.pop("key")
    quarantined = model.Session.execute(sa.text(
        "SELECT count(*) FROM shaoxing_quarantine z JOIN package p ON p.id = z.package_id "
        f"WHERE z.state = 'quarantined' AND p.state = 'active' {where}"), params).scalar()
    city = total[0] if total else {"total": 0, "passing": 0, "checked": 0, "rate": 0.0, "mean_score": None}
    city.pop("key", None)
    return {**city, "threshold": settings.threshold(), "quarantined": quarantined, "by_organization": orgs,
            "by_domain": domains, "history": rate.history(org_id)}


@validate(schema.department)
@tk.side_effect_free
def shaoxing_quality_list(context, data_dict):
    """A department's datasets with their score, passed, failures (why not) and checked_at, and its quarantined
    resources with their findings (columns and counts) — for the department and sysadmins."""
    tk.check_access("shaoxing_quality_list", context, data_dict)
    group = model.Group.get(data_dict["organization"])
    if group is None or not group.is_organization:
        raise tk.ObjectNotFound("没有这个部门 / no such department")
    rows = model.Session.execute(sa.text(
        "SELECT p.id, p.name, p.title, p.private, q.score, q.passed, q.dimensions, q.checked_at FROM package p "
        "LEFT JOIN shaoxing_quality q ON q.package_id = p.id WHERE p.owner_org = :org AND p.state = 'active' "
        "AND p.type = 'dataset' ORDER BY q.passed NULLS FIRST, q.score NULLS FIRST, p.name"), {"org": group.id}).mappings()
    datasets = [{**{k: v for k, v in r.items() if k != "dimensions"}, "passed": bool(r["passed"]),
                 "failures": _failures(r), "checked_at": _when(r["checked_at"])} for r in rows]
    held = quarantine.of_packages([d["id"] for d in datasets]) if datasets else []
    names = {r.id: (r.name, r.package_id) for r in model.Session.query(model.Resource).filter(
        model.Resource.id.in_([h["resource_id"] for h in held]))} if held else {}
    return {"organization": group.name, "title": group.title, "datasets": datasets,
            "quarantine": [{"resource_id": h["resource_id"], "resource_name": names.get(h["resource_id"], ("", ""))[0],
                            "package_id": h["package_id"], "state": h["state"], "findings": h["findings"],
                            "found_at": _when(h["found_at"]), "override_reason": h["override_reason"],
                            "override_by": h["override_by"]} for h in held]}


@validate(schema.run)
def shaoxing_quality_run(context, data_dict):
    """Check a dataset again: queued for the worker, or now with `sync` (sysadmins only; the
    command line and tests use it). Returns {"queued": true} or the stored result."""
    tk.check_access("shaoxing_quality_run", context, data_dict)
    pkg = _package(context, data_dict["id"])
    if data_dict.get("sync"):
        if not _is_sysadmin(context):
            raise tk.NotAuthorized("只有平台管理员可以同步检查 / only sysadmins run a check synchronously")
        run.check(pkg.id)
        return tk.get_action("shaoxing_quality_show")({**context, "ignore_auth": True}, {"id": pkg.id})
    jobs.enqueue(pkg.id)
    return {"id": pkg.id, "queued": True}


def _is_sysadmin(context) -> bool:
    return context.get("ignore_auth") or authz.is_sysadmin(context.get("user"))


@validate(schema.resource)
@tk.side_effect_free
def shaoxing_quarantine_show(context, data_dict):
    """A resource's quarantine: `quarantined` (bool), `state` (quarantined, overridden or None),
    `findings` (column, kind, count — never the values), when found, and an override's reason,
    author and time."""
    tk.check_access("shaoxing_quarantine_show", context, data_dict)
    if model.Resource.get(data_dict["resource_id"]) is None:
        raise tk.ObjectNotFound("没有这个资源 / no such resource")
    row = quarantine.state(data_dict["resource_id"]) or {}
    return {"resource_id": data_dict["resource_id"], "quarantined": row.get("state") == "quarantined",
            "state": row.get("state"), "findings": row.get("findings", []), "found_at": _when(row.get("found_at")),
            "override_reason": row.get("override_reason"), "override_by": row.get("override_by"),
            "override_at": _when(row.get("override_at"))}


@validate(schema.override)
def shaoxing_quarantine_override(context, data_dict):
    """Serve a quarantined resource again (sysadmins), with the `reason` recorded. The override
    holds until the file changes; a changed file with findings is quarantined again."""
    tk.check_access("shaoxing_quarantine_override", context, data_dict)
    row = quarantine.state(data_dict["resource_id"])
    if row is None:
        raise tk.ObjectNotFound("该资源未被隔离 / the resource is not quarantined")
    user = context.get("user") or tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    resource = model.Resource.get(data_dict["resource_id"])
    history.quarantine_changed(resource.package_id, {"id": resource.id, "name": resource.name}, "overridden", user)
    quarantine.override(data_dict["resource_id"], data_dict["reason"], user)     # commits both
    return tk.get_action("shaoxing_quarantine_show")({**context, "ignore_auth": True},
                                                     {"resource_id": data_dict["resource_id"]})
