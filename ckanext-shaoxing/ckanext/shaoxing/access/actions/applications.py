"""Applications for conditional entries: apply, renew a grant, the department's decision, the
lists each side sees."""
from __future__ import annotations

import datetime as dt

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.logic import validate

from .. import notify, presenters, queries, schema, store
from ..gate import now
from ..model import access_request, grant
from .shared import callers_company, error

__all__ = ["shaoxing_access_request_create", "shaoxing_access_request_renew", "shaoxing_access_request_decide",
           "shaoxing_access_request_list"]

PENDING_ALREADY = ("已有待审核的申请", "an application for this entry is already pending")


def _package(context, package_id: str) -> dict:
    try:
        return tk.get_action("package_show")({"user": context.get("user")}, {"id": package_id})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        error("package_id", "没有这个数据目录", "no such catalogue entry")


def _insert(context, comp: dict, package: dict, data: dict, renews: str | None = None) -> str:
    if store.has_pending_application(comp["id"], package["id"]):
        error("package_id", *PENDING_ALREADY)
    rid = store.new_id()
    model.Session.execute(access_request.insert().values(
        id=rid, company_id=comp["id"], package_id=package["id"], user_id=store.user_id(context["user"]),
        purpose=data["purpose"], scenario=data.get("scenario", ""), app_name=data.get("app_name", ""),
        security_measures=data.get("security_measures", ""), period_days=data["period_days"], renews=renews,
        state="pending", created=now()))
    store.event(comp["id"], "renewal_requested" if renews else "submitted", context["user"],
                request_id=rid, grant_id=renews)
    try:
        model.Session.commit()
    except sa.exc.IntegrityError:   # a second application at the same moment (unique pending index)
        model.Session.rollback()
        error("package_id", *PENDING_ALREADY)
    return rid


def _one(request_id: str) -> dict:
    return presenters.applications([store.get(access_request, request_id)])[0]


@validate(schema.request_create)
def shaoxing_access_request_create(context, data_dict):
    """A verified company applies for a conditional entry (`package_id`, `purpose`, `scenario`,
    `app_name`, `security_measures`, `period_days` 1–365, `accept_commitment` true)."""
    tk.check_access("shaoxing_access_request_create", context, data_dict)
    comp = callers_company(context)
    package = _package(context, data_dict["package_id"])
    level = package.get("open_level")
    if level == "unconditional":
        error("package_id", "该数据为无条件开放，无需申请，可直接下载和调用",
              "this entry is open without conditions: no application is needed")
    if level != "conditional":
        error("package_id", "该数据目录不予开放，不能申请", "this entry is not open: it cannot be applied for")
    return _one(_insert(context, comp, package, data_dict))


@validate(schema.request_renew)
def shaoxing_access_request_renew(context, data_dict):
    """Ask for a grant's renewal before it expires (`grant_id`, `period_days`, `purpose`); the
    department decides it like an application, and approval extends the grant."""
    tk.check_access("shaoxing_access_request_renew", context, data_dict)
    comp = callers_company(context)
    g = store.get(grant, data_dict["grant_id"])
    if g is None or g["company_id"] != comp["id"]:
        error("grant_id", "没有这项授权", "no such grant")
    if g["revoked_at"] or g["expires"] <= now():
        error("grant_id", "授权已撤销或已到期，请重新申请", "the grant is revoked or expired: apply again")
    previous = store.get(access_request, g["request_id"]) or {}
    data = {**{k: previous.get(k, "") for k in ("scenario", "app_name", "security_measures")}, **data_dict}
    package = _package(context, g["package_id"])
    return _one(_insert(context, comp, package, data, renews=g["id"]))


@validate(schema.request_decide)
def shaoxing_access_request_decide(context, data_dict):
    """The department approves (a grant until now + period, with `daily_quota` calls a day or
    the configured default) or rejects (with `reason`) a pending application."""
    tk.check_access("shaoxing_access_request_decide", context, data_dict)
    req = model.Session.execute(sa.select(access_request).where(access_request.c.id == data_dict["id"])
                                .with_for_update()).mappings().first()
    if req is None:
        raise tk.ObjectNotFound("没有这项申请 / no such application")
    if req["state"] != "pending":
        error("id", "该申请已审核", "this application is decided already")
    at, reason = now(), (data_dict.get("reason") or "").strip() or None
    grant_id = None
    if data_dict["decision"] == "approve":
        expires = at + dt.timedelta(days=req["period_days"])
        if req["renews"]:
            grant_id = req["renews"]
            old = store.get(grant, grant_id)
            model.Session.execute(grant.update().where(grant.c.id == grant_id).values(
                expires=max(old["expires"], at) + dt.timedelta(days=req["period_days"])))
        else:
            grant_id = store.new_id()
            model.Session.execute(grant.insert().values(
                id=grant_id, company_id=req["company_id"], package_id=req["package_id"], request_id=req["id"],
                starts=at, expires=expires,
                daily_quota=int(data_dict["daily_quota"]) if data_dict.get("daily_quota") not in (None, "") else None))
    state = "approved" if grant_id else "rejected"
    model.Session.execute(access_request.update().where(access_request.c.id == req["id"]).values(
        state=state, reason=reason, decided_by=store.user_id(context["user"]), decided_at=at, grant_id=grant_id))
    store.event(req["company_id"], state, context["user"], reason, request_id=req["id"], grant_id=grant_id)
    model.Session.commit()
    result = _one(req["id"])
    notify.decided(result)
    return result


@validate(schema.request_list)
@tk.side_effect_free
def shaoxing_access_request_list(context, data_dict):
    """Applications: a company sees its own, a department its queue (with the pending age in
    working days and `overdue`), sysadmins all. Filters: `state`, `package_id`, `organization`."""
    tk.check_access("shaoxing_access_request_list", context, data_dict)
    rows = queries.applications(context["user"], data_dict.get("state"), data_dict.get("package_id"),
                                data_dict.get("organization"))
    by_request: dict[str, list] = {}
    for e in store.events(request_ids=[r["id"] for r in rows]) if rows else []:
        by_request.setdefault(e["request_id"], []).append(e)
    return presenters.applications(rows, by_request)
