"""Single rows of the access tables and the trail of what happened to them: new ids, an
account's id and company, a row by id (a company's under its lock, and its profile's version),
an entry's organization, and the access events (written and read). Used by the actions, the
auth functions, the page helpers and the demo seed; lists are read in queries.py."""
from __future__ import annotations

import uuid

import ckan.model as model
import sqlalchemy as sa

from ..edits import api as edits
from .gate import now
from .model import EDITABLE, access_event, access_request, company, company_member


def new_id() -> str:
    return str(uuid.uuid4())


def user_id(name: str | None) -> str | None:
    obj = model.User.get(name) if name else None
    return obj.id if obj else None


def company_of(user: str | None) -> dict | None:
    """The company the account belongs to (with its role there), or None. The one definition of
    membership: only an accepted invitation makes an account a member."""
    uid = user_id(user)
    if not uid:
        return None
    row = model.Session.execute(sa.select(company, company_member.c.role).join(
        company_member, company_member.c.company_id == company.c.id).where(
        company_member.c.user_id == uid, company_member.c.state == "accepted")).mappings().first()
    return dict(row) if row else None


def get(table, id_: str) -> dict | None:
    row = model.Session.execute(sa.select(table).where(table.c.id == id_)).mappings().first()
    return dict(row) if row else None


def version(row: dict) -> str:
    """A company profile's version: a digest of what its edit form writes (no modification time
    is kept), equal exactly when those columns are."""
    return edits.digest([row[k] for k in EDITABLE])


def locked_company(id_: str) -> dict | None:
    """The company's row under its lock (`SELECT … FOR UPDATE`), held until the transaction
    ends: saves of one profile queue here and each compares with the committed version."""
    row = model.Session.execute(sa.select(company).where(company.c.id == id_).with_for_update()).mappings().first()
    return dict(row) if row else None


def event(company_id: str, action: str, user: str | None, reason: str | None = None,
          request_id: str | None = None, grant_id: str | None = None) -> None:
    model.Session.execute(access_event.insert().values(
        company_id=company_id, action=action, user_id=user_id(user), reason=reason, request_id=request_id,
        grant_id=grant_id, at=now()))


def events(company_id: str | None = None, request_ids: list[str] | None = None) -> list[dict]:
    q = sa.select(access_event, model.User.name.label("user_name")).outerjoin(
        model.User, model.User.id == access_event.c.user_id).order_by(access_event.c.at, access_event.c.id)
    if company_id:
        q = q.where(access_event.c.company_id == company_id)
    if request_ids is not None:
        q = q.where(access_event.c.request_id.in_(request_ids))
    return [dict(r) for r in model.Session.execute(q).mappings()]


def package_org(package_id: str) -> str | None:
    pkg = model.Package.get(package_id)
    return pkg.owner_org if pkg else None


def has_pending_application(company_id: str, package_id: str) -> bool:
    """Whether the company has an application for the entry waiting for the department."""
    return model.Session.execute(sa.select(access_request.c.id).where(
        access_request.c.company_id == company_id, access_request.c.package_id == package_id,
        access_request.c.state == "pending")).first() is not None
