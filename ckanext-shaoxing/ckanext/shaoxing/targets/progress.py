"""Progress of a year against its targets, with breakdowns and a department ranking."""
from __future__ import annotations

import datetime as dt

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from . import queries
from .model import target

METRICS = ("open_datasets", "open_apis", "shared_apis", "governance_rate")
# Department score for the year: counts are scaled to the best department, the rate is used as
# it is; weights sum to 1 and the score is out of 100.
SCORE_WEIGHTS = {"open_datasets": 0.4, "apis": 0.3, "governance_rate": 0.3}


def targets(year: int) -> dict[str, float]:
    values = {m: tk.config.get(f"ckanext.shaoxing.targets.{m}") for m in METRICS}
    rows = model.Session.execute(sa.select(target.c.metric, target.c.value).where(target.c.year == year))
    values.update({m: v for m, v in rows})
    return values


def _rate(pair) -> float:
    complete, total = pair or (0, 0)
    return round(complete / total, 4) if total else 0.0


def progress(year: int, params: dict) -> dict:
    goal = targets(year)
    counts = queries.aggregate(dt.date(year, 1, 1), dt.date(year + 1, 1, 1), params)
    gov = queries.governance(params)
    metrics = {m: {"target": goal[m], "actual": counts[None][m]} for m in METRICS[:3]}
    metrics["governance_rate"] = {"target": goal["governance_rate"], "actual": _rate(gov[None]),
                                  "basis": "metadata_completeness"}
    return {
        "year": year,
        "metrics": metrics,
        "by_organization": _by_organization(counts["organization"], gov["organization"]),
        "by_domain": _breakdown(counts, gov, "domain"),
        "by_region": _breakdown(counts, gov, "region"),
        "monthly": [{"month": f"{year}-{m:02d}", **counts["month"].get(f"{year}-{m:02d}", queries.zero())}
                    for m in range(1, 13)],
    }


def totals() -> dict:
    """Every year's counts together (the same rules as a year's progress)."""
    counts = queries.aggregate(dt.date(1900, 1, 1), dt.date(9999, 1, 1), {})
    departments = sum(1 for org, c in counts["organization"].items() if org and c["open_datasets"])
    return {**{m: counts[None][m] for m in METRICS[:3]}, "departments": departments}


def _breakdown(counts: dict, gov: dict, group: str) -> list[dict]:
    keys = sorted(k for k in set(counts[group]) | set(gov[group]) if k)
    return [{group: k, **counts[group].get(k, queries.zero()), "governance_rate": _rate(gov[group].get(k))}
            for k in keys]


def _by_organization(counts: dict, gov: dict) -> list[dict]:
    ids = [k for k in set(counts) | set(gov) if k]
    names = queries.organizations(ids)
    rows = []
    for org_id in ids:
        c = counts.get(org_id, queries.zero())
        rows.append({"name": names.get(org_id, (org_id, org_id))[0], "title": names.get(org_id, (org_id, org_id))[1],
                     **c, "governance_rate": _rate(gov.get(org_id))})
    best_datasets = max((r["open_datasets"] for r in rows), default=0) or 1
    best_apis = max((r["open_apis"] + r["shared_apis"] for r in rows), default=0) or 1
    for r in rows:
        r["score"] = round(100 * (SCORE_WEIGHTS["open_datasets"] * r["open_datasets"] / best_datasets
                                  + SCORE_WEIGHTS["apis"] * (r["open_apis"] + r["shared_apis"]) / best_apis
                                  + SCORE_WEIGHTS["governance_rate"] * r["governance_rate"]), 1)
    rows.sort(key=lambda r: (-r["score"], r["name"]))
    for rank, r in enumerate(rows, 1):
        r["rank"] = rank
    return rows
