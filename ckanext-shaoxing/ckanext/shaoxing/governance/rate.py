"""The governance rate: datasets that pass the quality check / public active datasets (a dataset
never checked does not pass). Kept per department and day, so the ranking of a finished period
uses the figures of that period, not today's."""
from __future__ import annotations

import datetime as dt
from typing import Callable

import ckan.model as model
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from .. import clock
from ..schemas.api import as_sql, public_dataset
from .model import governance_daily, quality

PUBLIC = as_sql(public_dataset(model.package_table.alias("p")))


def passed() -> sa.Select:
    """The ids of the datasets whose latest quality check passed (never checked: not passing)."""
    return sa.select(quality.c.package_id).where(quality.c.passed)


# Over the package table named `p`.
PASSING = f"p.id IN ({as_sql(passed())})"


def live() -> dict[str, tuple[int, int]]:
    """Department id → (passing, total) now."""
    sql = (f"SELECT p.owner_org AS org, count(*) FILTER (WHERE {PASSING}) AS passing, count(*) AS total "
           f"FROM package p WHERE {PUBLIC} AND p.owner_org IS NOT NULL GROUP BY 1")
    return {r.org: (r.passing, r.total) for r in model.Session.execute(sa.text(sql))}


def record(day: dt.date) -> None:
    """Store today's figures of every department (re-recording a day replaces it)."""
    figures = live()
    with model.meta.engine.begin() as conn:
        conn.execute(sa.delete(governance_daily).where(governance_daily.c.day == day))
        if figures:
            conn.execute(insert(governance_daily).values([
                {"day": day, "organization_id": org, "passing": p, "total": t} for org, (p, t) in figures.items()]))


def as_of(day: dt.date, live: Callable[[], dict[str, tuple[int, int]]] = live) -> dict[str, tuple[int, int]]:
    """Department id → (passing, total) as recorded on the last day ≤ `day`; today's and later
    days without a record are live: `live()`, by default counted here (a caller that keeps the
    same figures per dataset passes its cheaper equal)."""
    latest = model.Session.execute(sa.select(sa.func.max(governance_daily.c.day)).where(
        governance_daily.c.day <= day)).scalar()
    today = clock.today()
    if latest is None or (day >= today and latest < day):
        return live() if day >= today else {}
    rows = model.Session.execute(sa.select(governance_daily).where(governance_daily.c.day == latest)).mappings()
    return {r["organization_id"]: (r["passing"], r["total"]) for r in rows}


def history(organization_id: str | None = None, days: int = 90) -> list[dict]:
    """The city's (or one department's) rate per recorded day, oldest first."""
    q = sa.select(governance_daily.c.day, sa.func.sum(governance_daily.c.passing), sa.func.sum(governance_daily.c.total)
                  ).group_by(governance_daily.c.day).order_by(governance_daily.c.day.desc()).limit(days)
    if organization_id:
        q = q.where(governance_daily.c.organization_id == organization_id)
    rows = model.Session.execute(q).all()
    return [{"day": d.isoformat(), "passing": int(p), "total": int(t), "rate": round(p / t, 4) if t else 0.0}
            for d, p, t in reversed(rows)]
