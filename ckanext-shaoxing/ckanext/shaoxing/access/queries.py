"""The access actions' reads that take more than a row: who sees which applications and grants,
the names of the entries and companies a page of rows refers to (one query each, whatever the
page's length), and the calls made with app keys between two days."""
from __future__ import annotations

import datetime as dt
import logging

import ckan.authz as authz
import ckan.model as model
import sqlalchemy as sa

from . import counting, store
from .model import access_request, app_key, company, grant, key_calls, key_calls_spool

log = logging.getLogger(__name__)


def _reviewed_by(user: str) -> list[str]:
    """The organizations whose applications and grants `user` reviews (editor or admin there)."""
    obj = model.User.get(user)
    if obj is None:
        return []
    return [g.id for g in obj.get_groups("organization", "editor")] + [
        g.id for g in obj.get_groups("organization", "admin")]


def _visible_to(table, user: str):
    """Rows of `table` (applications or grants) `user` sees: sysadmins all; a company its own; a
    department those on its entries. None: no condition."""
    if authz.is_sysadmin(user):
        return None
    cond = [table.c.package_id.in_(sa.select(model.Package.id).where(model.Package.owner_org.in_(_reviewed_by(user))))]
    comp = store.company_of(user)
    if comp:
        cond.append(table.c.company_id == comp["id"])
    return sa.or_(*cond)


def _package_id(id_or_name: str) -> str:
    pkg = model.Package.get(id_or_name)
    return pkg.id if pkg else id_or_name


def applications(user: str, state: str | None = None, package_id: str | None = None,
             organization: str | None = None) -> list[dict]:
    """Applications `user` sees, newest first, by state, entry and the entry's organization."""
    q = sa.select(access_request).order_by(access_request.c.created.desc())
    visible = _visible_to(access_request, user)
    if visible is not None:
        q = q.where(visible)
    if state:
        q = q.where(access_request.c.state == state)
    if package_id:
        q = q.where(access_request.c.package_id == _package_id(package_id))
    if organization:
        org = model.Group.get(organization)
        q = q.where(access_request.c.package_id.in_(sa.select(model.Package.id).where(
            model.Package.owner_org == (org.id if org else None))))
    return [dict(r) for r in model.Session.execute(q).mappings()]


def grants(user: str, package_id: str | None = None) -> list[dict]:
    """Grants `user` sees, the latest to expire first."""
    q = sa.select(grant).order_by(grant.c.expires.desc())
    visible = _visible_to(grant, user)
    if visible is not None:
        q = q.where(visible)
    if package_id:
        q = q.where(grant.c.package_id == _package_id(package_id))
    return [dict(r) for r in model.Session.execute(q).mappings()]


def entries(package_ids) -> dict[str, dict]:
    """Package id → {name, title}, in one query."""
    ids = {i for i in package_ids if i}
    if not ids:
        return {}
    rows = model.Session.execute(sa.select(model.Package.id, model.Package.name, model.Package.title)
                                 .where(model.Package.id.in_(ids))).mappings()
    return {r["id"]: {"name": r["name"], "title": r["title"]} for r in rows}


def company_names(company_ids) -> dict[str, str]:
    """Company id → name, in one query."""
    ids = {i for i in company_ids if i}
    if not ids:
        return {}
    return dict(model.Session.execute(sa.select(company.c.id, company.c.name).where(company.c.id.in_(ids))).all())


def key_prefixes(key_ids) -> dict[str, str]:
    """App key id → its stored prefix, in one query."""
    ids = {i for i in key_ids if i}
    if not ids:
        return {}
    return dict(model.Session.execute(sa.select(app_key.c.id, app_key.c.prefix).where(app_key.c.id.in_(ids))).all())


def calls(company_id: str | None, date_from: dt.date | None, date_to: dt.date | None) -> list[dict]:
    """Calls per day, key, company, entry and resource between the two days (inclusive; None:
    open-ended), of one company or all: PostgreSQL's rows and its spool's (calls counted while
    Redis did not answer), selected there in one statement (a flush merging the spool between two
    reads would show those calls twice or not at all), and the counts not flushed yet from Redis.
    Rows of these may repeat a (day, key, resource): callers add them."""
    def select(table):
        q = sa.select(table.c.day, table.c.key_id, table.c.company_id, table.c.package_id,
                      table.c.resource_id, table.c.calls)
        if company_id:
            q = q.where(table.c.company_id == company_id)
        if date_from:
            q = q.where(table.c.day >= date_from)
        if date_to:
            q = q.where(table.c.day <= date_to)
        return q
    q = sa.union_all(select(key_calls), select(key_calls_spool))
    rows = [dict(r) for r in model.Session.execute(q).mappings()]
    try:
        rows += counting.pending(company_id=company_id, date_from=date_from, date_to=date_to)
    except Exception as e:   # pages still show what PostgreSQL holds
        log.warning("pending key calls not read: %s", e)
    return rows


def active_grant_filter(at: dt.datetime):
    return sa.and_(grant.c.revoked_at.is_(None), grant.c.starts <= at, grant.c.expires > at)
