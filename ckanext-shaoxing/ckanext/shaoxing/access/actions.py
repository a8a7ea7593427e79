"""Company access actions: companies, applications and their review, grants, app keys, usage."""
from __future__ import annotations

import datetime as dt
import logging

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.logic import validate

from .. import clock
from . import counting, keys, notify, quota, schema, store
from .gate import now
from .model import access_request, app_key, company, company_member, grant, key_calls

log = logging.getLogger(__name__)

__all__ = ["shaoxing_company_register", "shaoxing_company_show", "shaoxing_company_list", "shaoxing_company_decide",
           "shaoxing_company_suspend", "shaoxing_company_member_invite", "shaoxing_company_invitation_list",
           "shaoxing_company_invitation_accept", "shaoxing_company_invitation_decline", "shaoxing_access_request_create",
           "shaoxing_access_request_renew", "shaoxing_access_request_decide", "shaoxing_access_request_list",
           "shaoxing_grant_list", "shaoxing_grant_revoke", "shaoxing_app_key_create", "shaoxing_app_key_list",
           "shaoxing_app_key_revoke", "shaoxing_app_key_rotate", "shaoxing_api_usage"]


USCC_TAKEN = ("该统一社会信用代码的企业已登记", "a company with this unified social credit code is registered already")


def _error(field: str, zh: str, en: str):
    raise tk.ValidationError({field: [f"{zh} / {en}"]})


def _iso(value):
    return value.isoformat() if value else None


def _company_dict(row: dict) -> dict:
    return {k: _iso(v) if isinstance(v, dt.datetime) else v for k, v in row.items() if k != "role"}


def _mine(context) -> dict:
    comp = store.company_of(context.get("user"))
    if comp is None:
        raise tk.NotAuthorized("仅企业账号可操作 / only company accounts may do this")
    return comp


# Companies ---------------------------------------------------------------------------------

@validate(schema.company_register)
def shaoxing_company_register(context, data_dict):
    """Register the caller's company (`name`, `uscc`, `contact_name`, `contact_phone`,
    `contact_email`); it starts `pending` until the bureau verifies it."""
    tk.check_access("shaoxing_company_register", context, data_dict)
    if model.Session.execute(sa.select(company.c.id).where(company.c.uscc == data_dict["uscc"])).first():
        _error("uscc", *USCC_TAKEN)
    auto = tk.config.get("ckanext.shaoxing.access.auto_verify")
    cid = store.new_id()
    model.Session.execute(company.insert().values(
        id=cid, state="verified" if auto else "pending", created=now(),
        **{k: data_dict[k] for k in ("name", "uscc", "contact_name", "contact_phone", "contact_email")}))
    model.Session.execute(company_member.insert().values(user_id=store.user_id(context["user"]), company_id=cid,
                                                         role="owner", created=now()))
    store.event(cid, "registered", context["user"])
    if auto:
        store.event(cid, "verified", None, "auto_verify")
    try:
        model.Session.commit()
    except sa.exc.IntegrityError:    # the same code registered at the same moment
        model.Session.rollback()
        _error("uscc", *USCC_TAKEN)
    return _company_dict(store.get(company, cid))


@validate(schema.optional_id)
@tk.side_effect_free
def shaoxing_company_show(context, data_dict):
    """A company (default: the caller's) with its members and its audit trail."""
    tk.check_access("shaoxing_company_show", context, data_dict)
    cid = data_dict.get("id") or _mine(context)["id"]
    row = store.get(company, cid)
    if row is None:
        raise tk.ObjectNotFound("企业不存在 / no such company")
    members = model.Session.execute(sa.select(model.User.name, company_member.c.role, company_member.c.state).join(
        company_member, company_member.c.user_id == model.User.id).where(
        company_member.c.company_id == cid, company_member.c.state != "declined")
        .order_by(company_member.c.created)).all()
    return {**_company_dict(row), "members": [{"name": n, "role": r, "state": st} for n, r, st in members],
            "events": [_event_dict(e) for e in store.events(company_id=cid) if not e["request_id"]]}


@validate(schema.request_list)
@tk.side_effect_free
def shaoxing_company_list(context, data_dict):
    """Every company (sysadmins), pending ones first."""
    tk.check_access("shaoxing_company_list", context, data_dict)
    order = sa.case((company.c.state == "pending", 0), else_=1)
    return [_company_dict(dict(r)) for r in model.Session.execute(
        sa.select(company).order_by(order, company.c.created)).mappings()]


@validate(schema.company_decide)
def shaoxing_company_decide(context, data_dict):
    """The bureau verifies (`approve`) or rejects (`reject`, with `reason`) a company; a suspended
    company is reinstated by approving it again."""
    tk.check_access("shaoxing_company_decide", context, data_dict)
    row = store.get(company, data_dict["id"])
    if row is None:
        raise tk.ObjectNotFound("企业不存在 / no such company")
    state = "verified" if data_dict["decision"] == "approve" else "rejected"
    model.Session.execute(company.update().where(company.c.id == row["id"]).values(
        state=state, reason=data_dict.get("reason") or None, decided_by=store.user_id(context["user"]), decided_at=now()))
    store.event(row["id"], state, context["user"], data_dict.get("reason"))
    model.Session.commit()
    return _company_dict(store.get(company, row["id"]))


@validate(schema.company_suspend)
def shaoxing_company_suspend(context, data_dict):
    """Suspend a company (`reason` required): its keys and grants stop working at once."""
    tk.check_access("shaoxing_company_suspend", context, data_dict)
    row = store.get(company, data_dict["id"])
    if row is None:
        raise tk.ObjectNotFound("企业不存在 / no such company")
    model.Session.execute(company.update().where(company.c.id == row["id"]).values(
        state="suspended", reason=data_dict["reason"], decided_by=store.user_id(context["user"]), decided_at=now()))
    store.event(row["id"], "suspended", context["user"], data_dict["reason"])
    model.Session.commit()
    return _company_dict(store.get(company, row["id"]))


def _security_event(event: str, actor: str | None, company_id: str, result: str = "success", **detail) -> None:
    """Announce on the project's security signal (the audit trail records it)."""
    tk.signals.ckanext.signal("shaoxing_security_event").send(
        event, actor=actor or None, object_type="company", object_id=company_id, result=result, detail=detail)


def _membership(uid: str, company_id: str) -> dict | None:
    row = model.Session.execute(sa.select(company_member).where(
        company_member.c.user_id == uid, company_member.c.company_id == company_id)).mappings().first()
    return dict(row) if row else None


@validate(schema.member_invite)
def shaoxing_company_member_invite(context, data_dict):
    """The company's owner invites another account (`username`); it becomes a member only when
    that account accepts (shaoxing_company_invitation_accept). Re-inviting after a decline is
    allowed. Whether the account already belongs to another company is not told here."""
    tk.check_access("shaoxing_company_member_invite", context, data_dict)
    comp = _mine(context)
    uid = store.user_id(data_dict["username"])
    if not uid:
        _error("username", "没有这个账号", "no such account")
    row = _membership(uid, comp["id"])
    if row and row["state"] != "declined":
        _error("username", "该账号已是本企业成员或已被邀请", "this account is already a member or invited")
    values = {"role": "member", "state": "invited", "invited_by": store.user_id(context["user"]), "created": now(),
              "answered_at": None}
    if row:
        model.Session.execute(company_member.update().where(
            company_member.c.user_id == uid, company_member.c.company_id == comp["id"]).values(**values))
    else:
        model.Session.execute(company_member.insert().values(user_id=uid, company_id=comp["id"], **values))
    store.event(comp["id"], "member_invited", context["user"], data_dict["username"])
    model.Session.commit()
    _security_event("company.member_invited", context["user"], comp["id"], member=data_dict["username"])
    return {"company_id": comp["id"], "username": data_dict["username"], "role": "member", "state": "invited"}


@validate(schema.no_params)
@tk.side_effect_free
def shaoxing_company_invitation_list(context, data_dict):
    """The caller's pending invitations: [{company_id, company_name, invited_by, created}]."""
    tk.check_access("shaoxing_company_invitation_list", context, data_dict)
    inviter = sa.orm.aliased(model.User)
    rows = model.Session.execute(
        sa.select(company.c.id, company.c.name, inviter.name.label("invited_by"), company_member.c.created)
        .join(company_member, company_member.c.company_id == company.c.id)
        .outerjoin(inviter, inviter.id == company_member.c.invited_by)
        .where(company_member.c.user_id == store.user_id(context["user"]), company_member.c.state == "invited")
        .order_by(company_member.c.created)).mappings()
    return [{"company_id": r["id"], "company_name": r["name"], "invited_by": r["invited_by"],
             "created": _iso(r["created"])} for r in rows]


def _answer(context, data_dict, accept: bool) -> dict:
    uid = store.user_id(context["user"])
    row = _membership(uid, data_dict["company_id"]) if uid else None
    if row is None or row["state"] != "invited":
        _error("company_id", "没有来自该企业的待处理邀请", "no pending invitation from this company")
    if accept and store.company_of(context["user"]):
        _error("company_id", "该账号已属于一家企业", "this account already belongs to a company")
    state = "accepted" if accept else "declined"
    model.Session.execute(company_member.update().where(
        company_member.c.user_id == uid, company_member.c.company_id == row["company_id"],
        company_member.c.state == "invited").values(state=state, answered_at=now()))
    store.event(row["company_id"], f"member_{state}", context["user"], context["user"])
    try:
        model.Session.commit()
    except sa.exc.IntegrityError:    # accepted another company's invitation at the same moment
        model.Session.rollback()
        _error("company_id", "该账号已属于一家企业", "this account already belongs to a company")
    _security_event(f"company.member_{state}", context["user"], row["company_id"])
    return {"company_id": row["company_id"], "username": context["user"], "role": row["role"], "state": state}


@validate(schema.invitation_answer)
def shaoxing_company_invitation_accept(context, data_dict):
    """Accept the invitation of company `company_id`: the caller becomes its member."""
    tk.check_access("shaoxing_company_invitation_accept", context, data_dict)
    return _answer(context, data_dict, accept=True)


@validate(schema.invitation_answer)
def shaoxing_company_invitation_decline(context, data_dict):
    """Decline the invitation of company `company_id`."""
    tk.check_access("shaoxing_company_invitation_decline", context, data_dict)
    return _answer(context, data_dict, accept=False)


# Applications -----------------------------------------------------------------------------

def _package(context, package_id: str) -> dict:
    try:
        return tk.get_action("package_show")({"user": context.get("user")}, {"id": package_id})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        _error("package_id", "没有这个数据目录", "no such catalogue entry")


def _open_pending(company_id: str, package_id: str) -> bool:
    return bool(model.Session.execute(sa.select(access_request.c.id).where(
        access_request.c.company_id == company_id, access_request.c.package_id == package_id,
        access_request.c.state == "pending")).first())


def _insert_request(context, comp: dict, package: dict, data: dict, renews: str | None = None) -> str:
    if _open_pending(comp["id"], package["id"]):
        _error("package_id", "已有待审核的申请", "an application for this entry is already pending")
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
        _error("package_id", "已有待审核的申请", "an application for this entry is already pending")
    return rid


@validate(schema.request_create)
def shaoxing_access_request_create(context, data_dict):
    """A verified company applies for a conditional entry (`package_id`, `purpose`, `scenario`,
    `app_name`, `security_measures`, `period_days` 1–365, `accept_commitment` true)."""
    tk.check_access("shaoxing_access_request_create", context, data_dict)
    comp = _mine(context)
    package = _package(context, data_dict["package_id"])
    level = package.get("open_level")
    if level == "unconditional":
        _error("package_id", "该数据为无条件开放，无需申请，可直接下载和调用",
               "this entry is open without conditions: no application is needed")
    if level != "conditional":
        _error("package_id", "该数据目录不予开放，不能申请", "this entry is not open: it cannot be applied for")
    return _request_dict(store.get(access_request, _insert_request(context, comp, package, data_dict)))


@validate(schema.request_renew)
def shaoxing_access_request_renew(context, data_dict):
    """Ask for a grant's renewal before it expires (`grant_id`, `period_days`, `purpose`); the
    department decides it like an application, and approval extends the grant."""
    tk.check_access("shaoxing_access_request_renew", context, data_dict)
    comp = _mine(context)
    g = store.get(grant, data_dict["grant_id"])
    if g is None or g["company_id"] != comp["id"]:
        _error("grant_id", "没有这项授权", "no such grant")
    if g["revoked_at"] or g["expires"] <= now():
        _error("grant_id", "授权已撤销或已到期，请重新申请", "the grant is revoked or expired: apply again")
    previous = store.get(access_request, g["request_id"]) or {}
    data = {**{k: previous.get(k, "") for k in ("scenario", "app_name", "security_measures")}, **data_dict}
    package = _package(context, g["package_id"])
    return _request_dict(store.get(access_request, _insert_request(context, comp, package, data, renews=g["id"])))


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
        _error("id", "该申请已审核", "this application is decided already")
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
    result = _request_dict(store.get(access_request, req["id"]))
    notify.decided(result)
    return result


def _event_dict(e: dict) -> dict:
    return {"action": e["action"], "user": e.get("user_name"), "reason": e["reason"], "at": _iso(e["at"]),
            "request_id": e["request_id"], "grant_id": e["grant_id"]}


def _request_dict(row: dict, events: list[dict] | None = None) -> dict:
    at = now()
    pending_days = store.working_days_since(row["created"], at) if row["state"] == "pending" else None
    out = {k: _iso(v) if isinstance(v, dt.datetime) else v for k, v in row.items() if k != "user_id"}
    pkg = model.Package.get(row["package_id"])
    comp = store.get(company, row["company_id"]) or {}
    out.update(package_name=pkg.name if pkg else None, package_title=pkg.title if pkg else None,
               company_name=comp.get("name"), pending_working_days=pending_days,
               overdue=pending_days is not None and pending_days > tk.config.get("ckanext.shaoxing.access.review_days"))
    if events is not None:
        out["events"] = [_event_dict(e) for e in events]
    return out


def _departments(user: str) -> list[str]:
    obj = model.User.get(user)
    return [g.id for g in obj.get_groups("organization", "editor")] + [
        g.id for g in obj.get_groups("organization", "admin")] if obj else []


@validate(schema.request_list)
@tk.side_effect_free
def shaoxing_access_request_list(context, data_dict):
    """Applications: a company sees its own, a department its queue (with the pending age in
    working days and `overdue`), sysadmins all. Filters: `state`, `package_id`, `organization`."""
    tk.check_access("shaoxing_access_request_list", context, data_dict)
    user = context["user"]
    q = sa.select(access_request).order_by(access_request.c.created.desc())
    import ckan.authz as authz
    if not authz.is_sysadmin(user):
        comp = store.company_of(user)
        orgs = _departments(user)
        cond = [access_request.c.package_id.in_(sa.select(model.Package.id).where(model.Package.owner_org.in_(orgs)))]
        if comp:
            cond.append(access_request.c.company_id == comp["id"])
        q = q.where(sa.or_(*cond))
    if data_dict.get("state"):
        q = q.where(access_request.c.state == data_dict["state"])
    if data_dict.get("package_id"):
        pkg = model.Package.get(data_dict["package_id"])
        q = q.where(access_request.c.package_id == (pkg.id if pkg else data_dict["package_id"]))
    if data_dict.get("organization"):
        org = model.Group.get(data_dict["organization"])
        q = q.where(access_request.c.package_id.in_(sa.select(model.Package.id).where(
            model.Package.owner_org == (org.id if org else None))))
    rows = [dict(r) for r in model.Session.execute(q).mappings()]
    events = store.events(request_ids=[r["id"] for r in rows]) if rows else []
    by_request: dict[str, list] = {}
    for e in events:
        by_request.setdefault(e["request_id"], []).append(e)
    return [_request_dict(r, by_request.get(r["id"], [])) for r in rows]


# Grants ------------------------------------------------------------------------------------

def _grant_dict(row: dict) -> dict:
    at = now()
    out = {k: _iso(v) if isinstance(v, dt.datetime) else v for k, v in row.items()}
    pkg = model.Package.get(row["package_id"])
    comp = store.get(company, row["company_id"]) or {}
    limit = row["daily_quota"] if row["daily_quota"] is not None else tk.config.get("ckanext.shaoxing.access.daily_quota")
    out.update(package_name=pkg.name if pkg else None, package_title=pkg.title if pkg else None,
               company_name=comp.get("name"), daily_quota=limit,
               state="revoked" if row["revoked_at"] else "expired" if row["expires"] <= at else "active",
               used_today=quota.used_today(row["company_id"], row["package_id"], limit))
    return out


@validate(schema.request_list)
@tk.side_effect_free
def shaoxing_grant_list(context, data_dict):
    """Grants: a company's own, those on a department's entries, or all (sysadmins), each with its
    state (active, expired, revoked), daily quota and calls counted today."""
    tk.check_access("shaoxing_grant_list", context, data_dict)
    import ckan.authz as authz
    user = context["user"]
    q = sa.select(grant).order_by(grant.c.expires.desc())
    if not authz.is_sysadmin(user):
        comp = store.company_of(user)
        cond = [grant.c.package_id.in_(sa.select(model.Package.id).where(model.Package.owner_org.in_(_departments(user))))]
        if comp:
            cond.append(grant.c.company_id == comp["id"])
        q = q.where(sa.or_(*cond))
    if data_dict.get("package_id"):
        pkg = model.Package.get(data_dict["package_id"])
        q = q.where(grant.c.package_id == (pkg.id if pkg else data_dict["package_id"]))
    return [_grant_dict(dict(r)) for r in model.Session.execute(q).mappings()]


@validate(schema.grant_revoke)
def shaoxing_grant_revoke(context, data_dict):
    """The department or a sysadmin revokes a grant (`reason` required), effective at once."""
    tk.check_access("shaoxing_grant_revoke", context, data_dict)
    g = store.get(grant, data_dict["id"])
    if g is None:
        raise tk.ObjectNotFound("没有这项授权 / no such grant")
    if g["revoked_at"]:
        _error("id", "该授权已撤销", "this grant is revoked already")
    model.Session.execute(grant.update().where(grant.c.id == g["id"]).values(
        revoked_at=now(), revoked_by=store.user_id(context["user"]), reason=data_dict["reason"]))
    store.event(g["company_id"], "revoked", context["user"], data_dict["reason"], request_id=g["request_id"], grant_id=g["id"])
    model.Session.commit()
    return _grant_dict(store.get(grant, g["id"]))


# App keys ----------------------------------------------------------------------------------

def _key_dict(row: dict, used: dict | None = None, today_calls: dict | None = None) -> dict:
    at = now()
    state = ("revoked" if row["revoked_at"] else "expired" if row["expires"] <= at
             else "rotating" if row["replaced_by"] else "active")
    return {"id": row["id"], "prefix": keys.visible(row["prefix"]), "label": row["label"], "created": _iso(row["created"]),
            "expires": _iso(row["expires"]), "revoked_at": _iso(row["revoked_at"]), "replaced_by": row["replaced_by"],
            "state": state, "last_used": (used or {}).get(row["id"]), "calls_today": (today_calls or {}).get(row["id"], 0)}


def _issue(context, comp: dict, label: str, days: int | None = None) -> tuple[str, str]:
    most = tk.config.get("ckanext.shaoxing.access.key_lifetime_days")
    days = int(days) if days not in (None, "") else most
    if not 1 <= days <= most:
        _error("days", f"有效期应为 1–{most} 天", f"a key lives 1–{most} days")
    key, prefix, digest = keys.new()
    kid = store.new_id()
    at = now()
    model.Session.execute(app_key.insert().values(
        id=kid, company_id=comp["id"], prefix=prefix, digest=digest, label=label, created=at,
        created_by=store.user_id(context["user"]), expires=at + dt.timedelta(days=days)))
    store.event(comp["id"], "key_created", context["user"], f"{keys.visible(prefix)} {label}")
    return kid, key


@validate(schema.key_create)
def shaoxing_app_key_create(context, data_dict):
    """A new app key (`label`, optional `days` up to the configured lifetime): the key is in this
    answer only, never again."""
    tk.check_access("shaoxing_app_key_create", context, data_dict)
    comp = _mine(context)
    kid, key = _issue(context, comp, data_dict["label"], data_dict.get("days"))
    model.Session.commit()
    return {**_key_dict(store.get(app_key, kid)), "key": key}


@validate(schema.by_id)
def shaoxing_app_key_rotate(context, data_dict):
    """A new key with the same label; the old one keeps working for the grace period."""
    tk.check_access("shaoxing_app_key_rotate", context, data_dict)
    comp = _mine(context)
    old = store.get(app_key, data_dict["id"])
    if old is None or old["company_id"] != comp["id"]:
        raise tk.ObjectNotFound("没有这个密钥 / no such key")
    if old["revoked_at"] or old["expires"] <= now() or old["replaced_by"]:
        _error("id", "该密钥已失效或已轮换", "this key is no longer active or was rotated already")
    kid, key = _issue(context, comp, old["label"])
    grace = now() + dt.timedelta(hours=tk.config.get("ckanext.shaoxing.access.rotation_grace_hours"))
    model.Session.execute(app_key.update().where(app_key.c.id == old["id"]).values(
        replaced_by=kid, expires=min(old["expires"], grace)))
    store.event(comp["id"], "key_rotated", context["user"], keys.visible(old["prefix"]))
    model.Session.commit()
    return {**_key_dict(store.get(app_key, kid)), "key": key, "old_key_expires": _iso(min(old["expires"], grace))}


@validate(schema.by_id)
def shaoxing_app_key_revoke(context, data_dict):
    """Revoke a key at once."""
    tk.check_access("shaoxing_app_key_revoke", context, data_dict)
    row = store.get(app_key, data_dict["id"])
    if row is None:
        raise tk.ObjectNotFound("没有这个密钥 / no such key")
    if not row["revoked_at"]:
        model.Session.execute(app_key.update().where(app_key.c.id == row["id"]).values(revoked_at=now()))
        store.event(row["company_id"], "key_revoked", context["user"], keys.visible(row["prefix"]))
        model.Session.commit()
    return _key_dict(store.get(app_key, row["id"]))


@validate(schema.optional_id)
@tk.side_effect_free
def shaoxing_app_key_list(context, data_dict):
    """The caller's company's keys: visible prefix, label, created, expires, state, last used and
    calls today (never the key)."""
    tk.check_access("shaoxing_app_key_list", context, data_dict)
    comp = store.company_of(context["user"])
    cid = data_dict.get("id") if data_dict.get("id") and not comp else (comp or {}).get("id")
    rows = [dict(r) for r in model.Session.execute(
        sa.select(app_key).where(app_key.c.company_id == cid).order_by(app_key.c.created.desc())).mappings()]
    ids = [r["id"] for r in rows]
    day = clock.today()
    calls = _calls(company_id=cid, date_from=day, date_to=day)
    today_calls: dict[str, int] = {}
    for c in calls:
        today_calls[c["key_id"]] = today_calls.get(c["key_id"], 0) + c["calls"]
    return [_key_dict(r, counting.last_used(ids), today_calls) for r in rows]


# Usage -------------------------------------------------------------------------------------

def _calls(company_id: str | None, date_from: dt.date | None, date_to: dt.date | None) -> list[dict]:
    q = sa.select(key_calls.c.day, key_calls.c.key_id, key_calls.c.company_id, key_calls.c.package_id,
                  key_calls.c.resource_id, key_calls.c.calls)
    if company_id:
        q = q.where(key_calls.c.company_id == company_id)
    rows = [dict(r) for r in model.Session.execute(q).mappings()]
    try:
        rows += counting.pending(company_id=company_id)
    except Exception as e:   # pages still show what PostgreSQL holds
        log.warning("pending key calls not read: %s", e)
    return [r for r in rows if (not date_from or r["day"] >= date_from) and (not date_to or r["day"] <= date_to)]


@validate(schema.api_usage)
@tk.side_effect_free
def shaoxing_api_usage(context, data_dict):
    """Calls made with app keys per day, key and resource (a company's own; sysadmins any
    `company_id` or all), between `date_from` and `date_to`; unflushed counts included."""
    tk.check_access("shaoxing_api_usage", context, data_dict)
    import ckan.authz as authz
    cid = data_dict.get("company_id")
    if not authz.is_sysadmin(context["user"]):
        cid = _mine(context)["id"]
    merged: dict[tuple, int] = {}
    for r in _calls(cid, data_dict.get("date_from"), data_dict.get("date_to")):
        k = (r["day"].isoformat(), r["key_id"], r["company_id"], r["package_id"], r["resource_id"])
        merged[k] = merged.get(k, 0) + r["calls"]
    prefixes = dict(model.Session.execute(sa.select(app_key.c.id, app_key.c.prefix)).all()) if merged else {}
    rows = [{"day": d, "key_id": k, "key": keys.visible(prefixes.get(k, "?")), "company_id": c, "package_id": p,
             "resource_id": res, "calls": n} for (d, k, c, p, res), n in sorted(merged.items())]
    return {"total": sum(r["calls"] for r in rows), "rows": rows}
