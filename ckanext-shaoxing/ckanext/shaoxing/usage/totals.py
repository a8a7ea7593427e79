"""Reading counts back: PostgreSQL's daily rows plus what Redis holds and has not flushed, and what
the spool holds (counted while Redis did not answer)."""
from __future__ import annotations

import datetime as dt
from typing import Iterable

import ckan.model as model
import sqlalchemy as sa

from ..schemas.api import public_dataset
from . import counters
from .model import usage_daily, usage_flush, usage_spool


def usage(package_id: str | None = None, resource_id: str | None = None,
          date_from: dt.date | None = None, date_to: dt.date | None = None) -> dict:
    """{"views", "downloads", "api_calls", "by_day": [{"day", "views", "downloads", "api_calls"}]}
    for a dataset (its views, and its resources' downloads and calls) or for one resource."""
    if resource_id:
        refs = {resource_id}
        flushed_rows = usage_daily.c.object_id == resource_id
    else:
        pkg = model.Package.get(package_id)
        refs = {package_id, pkg.name} | {r.id for r in pkg.resources_all} if pkg else {package_id}
        flushed_rows = usage_daily.c.package_id == package_id
    # The daily rows and the spool in one statement: a flush merging the spool in between two
    # reads would show its counts twice or not at all.
    both = sa.union_all(
        sa.select(usage_daily.c.day, usage_daily.c.kind, usage_daily.c["count"].label("n")).where(flushed_rows),
        sa.select(usage_spool.c.day, usage_spool.c.kind, usage_spool.c["count"].label("n"))
        .where(usage_spool.c.object_ref.in_(refs))).subquery()
    q = sa.select(both.c.day, both.c.kind, sa.func.sum(both.c.n))
    if date_from:
        q = q.where(both.c.day >= date_from)
    if date_to:
        q = q.where(both.c.day <= date_to)
    days: dict[str, dict] = {}
    for day, kind, n in model.Session.execute(q.group_by(both.c.day, both.c.kind)):
        _add(days, day.isoformat(), kind, int(n))
    flushed = {b for (b,) in model.Session.execute(sa.select(usage_flush.c.batch_id).where(
        usage_flush.c.flushed_at > sa.func.now() - sa.text("interval '1 day'")))}
    for (day, kind), n in counters.pending(refs, flushed).items():
        if (not date_from or day >= date_from.isoformat()) and (not date_to or day <= date_to.isoformat()):
            _add(days, day, kind, n)
    by_day = [{"day": d, **v} for d, v in sorted(days.items())]
    return {**{k: sum(d[k] for d in by_day) for k in ("views", "downloads", "api_calls")}, "by_day": by_day}


def _add(days: dict, day: str, kind: str, n: int) -> None:
    row = days.setdefault(day, {"views": 0, "downloads": 0, "api_calls": 0})
    row[{"view": "views", "download": "downloads", "api_call": "api_calls"}[kind]] += n


def package_totals(package_ids: Iterable[str]) -> dict[str, dict[str, int]]:
    """Flushed totals of these datasets, read at once: {package id: {kind: n}} with every kind
    and every id asked for (zero when never used)."""
    ids = list(dict.fromkeys(package_ids))
    totals = {package_id: dict.fromkeys(counters.KINDS, 0) for package_id in ids}
    if ids:
        rows = model.Session.execute(
            sa.select(usage_daily.c.package_id, usage_daily.c.kind, sa.func.sum(usage_daily.c.count))
            .where(usage_daily.c.package_id.in_(ids)).group_by(usage_daily.c.package_id, usage_daily.c.kind))
        for package_id, kind, n in rows:
            totals[package_id][kind] = int(n)
    return totals


def by_department(start: dt.date, end: dt.date, kinds: Iterable[str]) -> dict[str, int]:
    """Department id → the flushed events of `kinds` on its datasets in [start, end)."""
    P = model.Package
    rows = model.Session.execute(
        sa.select(P.owner_org, sa.func.sum(usage_daily.c.count))
        .join(P, P.id == usage_daily.c.package_id)
        .where(usage_daily.c.kind.in_(list(kinds)), usage_daily.c.day >= start, usage_daily.c.day < end,
               P.owner_org.isnot(None))
        .group_by(P.owner_org))
    return {org: int(n) for org, n in rows}


def public_totals() -> dict[str, int]:
    """Flushed totals over the published datasets."""
    P = model.Package
    rows = dict(model.Session.execute(
        sa.select(usage_daily.c.kind, sa.func.sum(usage_daily.c.count))
        .join(P, P.id == usage_daily.c.package_id)
        .where(public_dataset(P)).group_by(usage_daily.c.kind)).all())
    return {"views": int(rows.get("view") or 0), "downloads": int(rows.get("download") or 0),
            "api_calls": int(rows.get("api_call") or 0)}
