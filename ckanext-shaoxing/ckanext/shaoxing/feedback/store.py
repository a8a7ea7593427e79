"""Reading and writing requests and reports: one predicate of what the public may see, the list's
filters and counts, the history, and the figures the department ranking reads."""
from __future__ import annotations

import datetime as dt
import statistics

import ckan.model as model
import sqlalchemy as sa

from .. import clock
from ..schemas import api as schemas_api
from . import workdays
from .model import OPEN, event, item, vote

SORTS = {"votes": (item.c.votes.desc(), item.c.created.desc()), "new": (item.c.created.desc(),),
         "age": (item.c.created.asc(),)}
WAITING = ("submitted", "routed")      # not yet answered: the deadlines run


def _public_package(column):
    pkg = model.package_table
    return sa.exists().where(pkg.c.id == column, schemas_api.public_dataset(pkg))


def public():
    """What anyone may read: a request or report that names no entry, or a published one (an entry
    made private, deleted or a draft takes its reports out of public view)."""
    return sa.or_(item.c.package_id.is_(None), _public_package(item.c.package_id))


def get(feedback_id: str) -> dict | None:
    if not isinstance(feedback_id, str) or "\x00" in feedback_id or len(feedback_id) > 100:
        return None
    row = model.Session.execute(sa.select(item).where(item.c.id == feedback_id)).mappings().first()
    return dict(row) if row else None


def is_public(feedback_id: str) -> bool:
    return bool(model.Session.execute(sa.select(sa.literal(1)).where(item.c.id == feedback_id, public())).first())


def where(filters: dict) -> list:
    c, out = item.c, []
    for field in ("kind", "state", "organization_id", "domain", "user_id"):
        if filters.get(field):
            out.append(c[field] == filters[field])
    if filters.get("states"):
        out.append(c.state.in_(filters["states"]))
    today = clock.today()
    if filters.get("min_age") not in (None, ""):
        out.append(c.created < clock.start_of(today - dt.timedelta(days=int(filters["min_age"]) - 1)))
    if filters.get("max_age") not in (None, ""):
        out.append(c.created >= clock.start_of(today - dt.timedelta(days=int(filters["max_age"]))))
    if filters.get("public"):
        out.append(public())
    return out


def rows(filters: dict, sort: str = "votes", limit: int | None = 20, offset: int = 0) -> list[dict]:
    query = sa.select(item).where(*where(filters)).order_by(*SORTS.get(sort, SORTS["votes"]), item.c.id)
    return [dict(r) for r in model.Session.execute(query.limit(limit).offset(offset)).mappings()]

def counts_by_state(filters: dict) -> dict[str, int]:
    f = {k: v for k, v in filters.items() if k not in ("state", "states")}
    query = sa.select(item.c.state, sa.func.count()).where(*where(f)).group_by(item.c.state)
    return dict(model.Session.execute(query).all())

def history(feedback_id: str) -> list[dict]:
    query = sa.select(event).where(event.c.feedback_id == feedback_id).order_by(event.c.at, event.c.id)
    return [dict(r) for r in model.Session.execute(query).mappings()]

def add_event(feedback_id: str, state: str, at: dt.datetime, reply: str | None = None, **detail) -> None:
    model.Session.execute(event.insert().values(feedback_id=feedback_id, state=state, at=at, reply=reply,
                                                detail=detail))

def voted(feedback_id: str, user_id: str | None) -> bool:
    return bool(user_id) and bool(model.Session.execute(sa.select(vote).where(
        vote.c.feedback_id == feedback_id, vote.c.user_id == user_id)).first())

def add_vote(feedback_id: str, user_id: str) -> bool:
    """One vote per account: False when this account had voted already."""
    from sqlalchemy.dialects.postgresql import insert
    done = model.Session.execute(insert(vote).values(feedback_id=feedback_id, user_id=user_id)
                                 .on_conflict_do_nothing()).rowcount
    if done:
        model.Session.execute(item.update().where(item.c.id == feedback_id).values(votes=item.c.votes + 1))
    return bool(done)

def answering(package_ids: list[str]) -> dict[str, int]:
    """Entry id → how many public requests it fulfilled."""
    if not package_ids:
        return {}
    query = sa.select(item.c.fulfilled_by, sa.func.count()).where(
        item.c.fulfilled_by.in_(package_ids), item.c.kind == "request", item.c.state == "fulfilled",
        public()).group_by(item.c.fulfilled_by)
    return dict(model.Session.execute(query).all())

def on_time(row: dict) -> bool:
    return row["answered"] is not None and clock.day_of(row["answered"]) <= row["due"]

def responsiveness(start: dt.date, end: dt.date) -> dict[str, tuple[int, int]]:
    """Department id → (answered within the deadline, counted) over the requests and reports due
    in [start, end): each one due then counts once its deadline has passed or it was answered."""
    today = clock.today()
    query = sa.select(item.c.organization_id, item.c.answered, item.c.due).where(
        item.c.organization_id.isnot(None), item.c.due >= start, item.c.due < end,
        sa.or_(item.c.answered.isnot(None), item.c.due < today))
    out: dict[str, list[int]] = {}
    for row in model.Session.execute(query).mappings():
        pair = out.setdefault(row["organization_id"], [0, 0])
        pair[0] += on_time(row)
        pair[1] += 1
    return {org: (a, b) for org, (a, b) in out.items()}

def department_figures(organization_ids: list[str] | None = None) -> dict[str, dict]:
    """Department id → median reply time (working days, None without a reply), open and overdue
    counts, of the requests and reports routed to it."""
    today = clock.today()
    c = item.c
    query = sa.select(c.organization_id, c.state, c.created, c.answered, c.overdue).where(
        c.organization_id.isnot(None), c.state != "submitted")
    if organization_ids is not None:
        query = query.where(c.organization_id.in_(organization_ids))
    found = list(model.Session.execute(query).mappings())
    replies: dict[str, list[int]] = {}
    out: dict[str, dict] = {}
    if found:
        first = min(clock.day_of(r["created"]) for r in found)
        count_days = workdays.counter(first, today + dt.timedelta(days=1))
    for r in found:
        fig = out.setdefault(r["organization_id"], {"open": 0, "overdue": 0, "median_reply_days": None})
        if r["state"] in OPEN:
            fig["open"] += 1
        if r["state"] in WAITING and r["overdue"] < today:
            fig["overdue"] += 1
        if r["answered"] is not None:
            replies.setdefault(r["organization_id"], []).append(
                count_days(clock.day_of(r["created"]), clock.day_of(r["answered"])))
    for org, days in replies.items():
        out[org]["median_reply_days"] = statistics.median(days)
    return out
