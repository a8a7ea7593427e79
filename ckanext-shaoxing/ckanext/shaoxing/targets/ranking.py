"""Department rankings per week, month and year (周亮晒、月评价、年考核).

Score out of 100 = Σ weight × part, parts in 0..1:
  new_datasets, new_interfaces, usage  — counts in the period, scaled to the best department;
  governance_rate, completeness, timeliness — shares over the department's public datasets;
  responsiveness — the share of its data requests and error reports due in the period that it
  answered within the deadline (1 when none was due; feedback_api.responsiveness).
A finished period's ranking is stored the first time it is asked for and read back after."""
from __future__ import annotations

import datetime as dt

import ckan.model as model
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from .. import clock
from .. import weights as config_weights
from ..feedback import api as feedback_api
from . import datasets, figures, queries
from .model import ranking_snapshot

PERIODS = ("week", "month", "year")
PARTS = ("new_datasets", "new_interfaces", "governance_rate", "completeness", "timeliness", "usage",
         "responsiveness")


def weights() -> dict[str, float]:
    """Part → weight, scaled to sum to 1 (ckanext.shaoxing.ranking.weights)."""
    return config_weights.weights("ckanext.shaoxing.ranking.weights", PARTS)


def bounds(period: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """[start, end) of the week (Monday first), month or year holding `day`."""
    if period == "week":
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=7)
    if period == "month":
        start = day.replace(day=1)
        return start, (start + dt.timedelta(days=32)).replace(day=1)
    start = day.replace(month=1, day=1)
    return start, start.replace(year=start.year + 1)


def compute(start: dt.date, end: dt.date) -> list[dict]:
    counts = figures.aggregate(start, end, {}, groups=("organization",))["organization"]
    quality = datasets.quality(min(end - dt.timedelta(days=1), clock.today()), {})
    usage = queries.usage_between(start, end)
    # Answers count for the departments ranked on what they publish: a department with requests
    # and nothing published is not added (the ranking's rows stay those of the other parts).
    answered = feedback_api.responsiveness(start, end)
    orgs = set(counts) | set(quality) | set(usage)
    orgs.discard(None)
    raw = {o: {"new_datasets": counts.get(o, {}).get("open_datasets", 0),
               "new_interfaces": counts.get(o, {}).get("open_apis", 0) + counts.get(o, {}).get("shared_apis", 0),
               "usage": usage.get(o, 0),
               "responsiveness": answered[o][0] / answered[o][1] if o in answered else 1.0,
               **quality.get(o, {"governance_rate": 0.0, "completeness": 0.0, "timeliness": 0.0})}
           for o in orgs}
    best = {k: max((r[k] for r in raw.values()), default=0) or 1 for k in ("new_datasets", "new_interfaces", "usage")}
    w = weights()
    rows = []
    for org_id, r in raw.items():
        parts = {k: (r[k] / best[k] if k in best else r[k]) for k in PARTS}
        rows.append({"organization_id": org_id, "score": round(100 * sum(w[k] * parts[k] for k in PARTS), 2),
                     "parts": {k: round(v, 4) for k, v in parts.items()},
                     "values": {k: (round(r[k], 4) if isinstance(r[k], float) else r[k]) for k in PARTS}})
    rows.sort(key=lambda r: (-r["score"], r["organization_id"]))
    for rank, row in enumerate(rows, 1):
        row["rank"] = rank
    return rows


def ranking(period: str, day: dt.date) -> tuple[list[dict], bool]:
    """(rows, frozen): a finished period reads or stores its snapshot; the current one is live."""
    start, end = bounds(period, day)
    if end > clock.today():
        return compute(start, end), False
    stored = model.Session.execute(sa.select(ranking_snapshot).where(
        ranking_snapshot.c.period == period, ranking_snapshot.c.period_start == start)).mappings().all()
    if stored:
        return sorted(({"organization_id": r["organization_id"], "rank": r["rank"], "score": r["score"],
                        "parts": r["parts"]["parts"], "values": r["parts"]["values"]} for r in stored),
                      key=lambda r: r["rank"]), True
    rows = compute(start, end)
    if rows:
        model.Session.execute(insert(ranking_snapshot).values([
            {"period": period, "period_start": start, "organization_id": r["organization_id"], "rank": r["rank"],
             "score": r["score"], "parts": {"parts": r["parts"], "values": r["values"]}} for r in rows
        ]).on_conflict_do_nothing())     # another worker stored it first: theirs stands
        model.Session.commit()
        return ranking(period, day)
    return rows, True


def show(period: str, day: dt.date) -> dict:
    start, end = bounds(period, day)
    rows, frozen = ranking(period, day)
    previous, _ = ranking(period, start - dt.timedelta(days=1))
    before = {r["organization_id"]: r["rank"] for r in previous}
    names = queries.organizations([r["organization_id"] for r in rows])
    for r in rows:
        r["name"], r["title"] = names.get(r["organization_id"], (r["organization_id"], r["organization_id"]))
        r["rank_change"] = before[r["organization_id"]] - r["rank"] if r["organization_id"] in before else None
        del r["organization_id"]
    return {"period": period, "start": start.isoformat(), "end": (end - dt.timedelta(days=1)).isoformat(),
            "frozen": frozen, "weights": weights(), "ranking": rows}
