"""Progress of a year against its targets, with breakdowns and a department ranking."""
from __future__ import annotations

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
    total = queries.counts(year, params).get(None, {})
    metrics = {m: {"target": goal[m], "actual": total.get(m, 0)} for m in METRICS[:3]}
    metrics["governance_rate"] = {"target": goal["governance_rate"],
                                  "actual": _rate(queries.governance(params).get(None)),
                                  "basis": "metadata_completeness"}
    monthly = queries.counts(year, params, group="month")
    return {
        "year": year,
        "metrics": metrics,
        "by_organization": _by_organization(year, params),
        "by_domain": _breakdown(year, params, "domain"),
        "by_region": _breakdown(year, params, "region"),
        "monthly": [{"month": f"{year}-{m:02d}", **monthly.get(f"{year}-{m:02d}", _zero())} for m in range(1, 13)],
    }


def _zero() -> dict:
    return {"open_datasets": 0, "open_apis": 0, "shared_apis": 0}


def _breakdown(year: int, params: dict, group: str) -> list[dict]:
    counts, gov = queries.counts(year, params, group), queries.governance(params, group)
    keys = sorted(set(counts) | set(gov), key=lambda k: (k is None, k or ""))
    return [{group: k, **counts.get(k, _zero()), "governance_rate": _rate(gov.get(k))} for k in keys if k]


def _by_organization(year: int, params: dict) -> list[dict]:
    counts = queries.counts(year, params, "organization")
    gov = queries.governance(params, "organization")
    ids = [k for k in set(counts) | set(gov) if k]
    names = queries.organizations(ids)
    rows = []
    for org_id in ids:
        c = counts.get(org_id, _zero())
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
