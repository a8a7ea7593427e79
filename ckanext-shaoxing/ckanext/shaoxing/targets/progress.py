"""Progress of a year against its targets, with breakdowns and a department ranking."""
from __future__ import annotations

import datetime as dt

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from . import datasets, figures, queries, ranking
from .model import target

METRICS = ("open_datasets", "open_apis", "shared_apis", "governance_rate")


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
    counts = figures.aggregate(dt.date(year, 1, 1), dt.date(year + 1, 1, 1), params)
    gov = datasets.governance(params)
    metrics = {m: {"target": goal[m], "actual": counts[None][m]} for m in METRICS[:3]}
    # Declared open APIs whose table is not in the DataStore: they answer nothing, so they do
    # not count; the dashboard says how many.
    metrics["open_apis"]["failed"] = counts["open_apis_failed"]
    metrics["governance_rate"] = {"target": goal["governance_rate"], "actual": _rate(gov[None]),
                                  "basis": "quality_checks"}
    return {
        "year": year,
        "metrics": metrics,
        "by_organization": _by_organization(year, counts["organization"], gov["organization"]),
        "by_domain": _breakdown(counts, gov, "domain"),
        "by_region": _breakdown(counts, gov, "region"),
        "monthly": [{"month": f"{year}-{m:02d}", **counts["month"].get(f"{year}-{m:02d}", queries.zero())}
                    for m in range(1, 13)],
    }


def totals() -> dict:
    """Every year's counts together (the same rules as a year's progress)."""
    counts = figures.aggregate(dt.date(1900, 1, 1), dt.date(9999, 1, 1), {}, groups=("organization",))
    departments = sum(1 for org, c in counts["organization"].items() if org and c["open_datasets"])
    return {**{m: counts[None][m] for m in METRICS[:3]}, "departments": departments}


def _breakdown(counts: dict, gov: dict, group: str) -> list[dict]:
    keys = sorted(k for k in set(counts[group]) | set(gov[group]) if k)
    return [{group: k, **counts[group].get(k, queries.zero()), "governance_rate": _rate(gov[group].get(k))}
            for k in keys]


def _by_organization(year: int, counts: dict, gov: dict) -> list[dict]:
    """The year's figures per department, with the score and rank of the year's department
    ranking (one rule for the dashboard: ranking.compute, with the configured weights). The
    score is the city-wide one even when the figures are filtered by department or district."""
    ids = [k for k in set(counts) | set(gov) if k]
    names = queries.organizations(ids)
    ranked = {r["organization_id"]: r for r in ranking.ranking("year", dt.date(year, 1, 1))[0]}
    rows = []
    for org_id in ids:
        name, title = names.get(org_id, (org_id, org_id))
        placed = ranked.get(org_id, {})
        rows.append({"name": name, "title": title, **counts.get(org_id, queries.zero()),
                     "governance_rate": _rate(gov.get(org_id)), "score": placed.get("score", 0.0),
                     "rank": placed.get("rank")})
    rows.sort(key=lambda r: (r["rank"] is None, r["rank"] or 0, r["name"]))
    return rows
