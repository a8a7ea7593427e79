"""Working days: Monday to Friday, except the public holidays, plus the 调休 make-up working days
(weekend days worked), as the bureau's calendar (table shaoxing_holiday) says. The deadlines of
requests and reports count these days (hand-written: the Chinese calendar's make-up days are
published each year by notice, so no library holds them as data the bureau can correct)."""
from __future__ import annotations

import csv
import datetime as dt
import pathlib

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from .model import DAY_KINDS, holiday

SEED = pathlib.Path(__file__).with_name("holidays.csv")


def _exceptions(start: dt.date, end: dt.date) -> dict[dt.date, str]:
    rows = model.Session.execute(sa.select(holiday.c.day, holiday.c.kind).where(
        holiday.c.day > start, holiday.c.day <= end))
    return {day: kind for day, kind in rows}


def is_workday(day: dt.date, exceptions: dict[dt.date, str]) -> bool:
    kind = exceptions.get(day)
    if kind:
        return kind == "workday"
    return day.weekday() < 5


def add(start: dt.date, n: int) -> dt.date:
    """The n-th working day after `start` (the day filed counts as day 0, whatever it is)."""
    # A holiday run is never longer than ten days: 3n + 21 calendar days always hold n working days.
    exceptions = _exceptions(start, start + dt.timedelta(days=3 * n + 21))
    day, found = start, 0
    while found < n:
        day += dt.timedelta(days=1)
        found += is_workday(day, exceptions)
    return day


def between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (0 when end ≤ start)."""
    if end <= start:
        return 0
    exceptions = _exceptions(start, end)
    return sum(is_workday(start + dt.timedelta(days=i), exceptions) for i in range(1, (end - start).days + 1))


def due_dates(filed: dt.date) -> tuple[dt.date, dt.date]:
    """(reply due, overdue after) for something filed on `filed`."""
    return (add(filed, tk.config.get("ckanext.shaoxing.feedback.reply_days")),
            add(filed, tk.config.get("ckanext.shaoxing.feedback.overdue_days")))


def days(year: int | None = None) -> list[dict]:
    query = sa.select(holiday).order_by(holiday.c.day)
    if year:
        query = query.where(holiday.c.day >= dt.date(year, 1, 1), holiday.c.day < dt.date(year + 1, 1, 1))
    return [dict(r) for r in model.Session.execute(query).mappings()]


def put(day: dt.date, kind: str, name: str, source: str | None = None) -> None:
    assert kind in DAY_KINDS
    model.Session.execute(insert(holiday).values(day=day, kind=kind, name=name, source=source)
                          .on_conflict_do_update(index_elements=["day"],
                                                 set_={"kind": kind, "name": name, "source": source}))


def remove(day: dt.date) -> bool:
    return bool(model.Session.execute(holiday.delete().where(holiday.c.day == day)).rowcount)


def load(path: pathlib.Path = SEED) -> int:
    """Put every row of a calendar CSV (day,kind,name,source); returns how many. Not committed."""
    with open(path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        put(dt.date.fromisoformat(row["day"]), row["kind"], row["name"], row.get("source") or None)
    return len(rows)


def counter(first: dt.date, last: dt.date):
    """`between` for many pairs of days within [first, last], with one read of the calendar."""
    exceptions = _exceptions(first, last)

    def count(start: dt.date, end: dt.date) -> int:
        return sum(is_workday(start + dt.timedelta(days=i), exceptions) for i in range(1, (end - start).days + 1))
    return count
