"""Companies: registration, the bureau's verification and suspension, members by invitation."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.logic import validate

from ...edits import api as edits
from .. import presenters, schema, store
from ..gate import now
from ..model import EDITABLE, company, company_member
from .shared import callers_company, error, security_event

__all__ = ["shaoxing_company_register", "shaoxing_company_show", "shaoxing_company_update",
           "shaoxing_company_list", "shaoxing_company_decide",
           "shaoxing_company_suspend", "shaoxing_company_member_invite", "shaoxing_company_invitation_list",
           "shaoxing_company_invitation_accept", "shaoxing_company_invitation_decline"]

USCC_TAKEN = ("该统一社会信用代码的企业已登记", "a company with this unified social credit code is registered already")
NO_COMPANY = "企业不存在 / no such company"


@validate(schema.company_register)
def shaoxing_company_register(context, data_dict):
    """Register the caller's company (`name`, `uscc`, `contact_name`, `contact_phone`,
    `contact_email`); it starts `pending` until the bureau verifies it."""
    tk.check_access("shaoxing_company_register", context, data_dict)
    if model.Session.execute(sa.select(company.c.id).where(company.c.uscc == data_dict["uscc"])).first():
        error("uscc", *USCC_TAKEN)
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
        error("uscc", *USCC_TAKEN)
    return presenters.company(store.get(company, cid))


@validate(schema.optional_id)
@tk.side_effect_free
def shaoxing_company_show(context, data_dict):
    """A company (default: the caller's) with its members and its audit trail."""
    tk.check_access("shaoxing_company_show", context, data_dict)
    cid = data_dict.get("id") or callers_company(context)["id"]
    row = store.get(company, cid)
    if row is None:
        raise tk.ObjectNotFound(NO_COMPANY)
    members = model.Session.execute(sa.select(model.User.name, company_member.c.role, company_member.c.state).join(
        company_member, company_member.c.user_id == model.User.id).where(
        company_member.c.company_id == cid, company_member.c.state != "declined")
        .order_by(company_member.c.created)).all()
    return {**presenters.company(row), "members": [{"name": n, "role": r, "state": st} for n, r, st in members],
            "events": [presenters.event(e) for e in store.events(company_id=cid) if not e["request_id"]]}


@validate(schema.company_update)
def shaoxing_company_update(context, data_dict):
    """Change the contact (`contact_name`, `contact_phone`, `contact_email`; those left out are
    kept) of the caller's company, or of company `id` (sysadmins). The name and the credit code
    are the verified identity and are refused here. With `if_match` (or the If-Match header on
    the action API): the `version` the editor read; a save over a newer one is refused (409)."""
    tk.check_access("shaoxing_company_update", context, data_dict)
    cid = data_dict.get("id") or callers_company(context)["id"]
    expected = edits.requested(data_dict.get("if_match"), "shaoxing_company_update")
    # Under the row's lock, so two saves of one profile queue and the second compares with the first.
    row = store.locked_company(cid)
    if row is None:
        raise tk.ObjectNotFound(NO_COMPANY)
    if expected is not None and store.version(row) != expected:
        edits.refuse("company", cid, store.version(row), expected)
    changes = {k: data_dict[k] for k in EDITABLE if k in data_dict and data_dict[k] != row[k]}
    if changes:
        model.Session.execute(company.update().where(company.c.id == cid).values(**changes))
        store.event(cid, "profile_updated", context["user"], ", ".join(changes))
    model.Session.commit()
    if changes:
        security_event("company.profile_updated", context["user"], cid, fields=sorted(changes))
    return tk.get_action("shaoxing_company_show")(
        {"user": context["user"], "ignore_auth": context.get("ignore_auth", False)}, {"id": cid})


@validate(schema.request_list)
@tk.side_effect_free
def shaoxing_company_list(context, data_dict):
    """Every company (sysadmins), pending ones first."""
    tk.check_access("shaoxing_company_list", context, data_dict)
    order = sa.case((company.c.state == "pending", 0), else_=1)
    return [presenters.company(dict(r)) for r in model.Session.execute(
        sa.select(company).order_by(order, company.c.created)).mappings()]


def _set_state(context, company_id: str, state: str, reason: str | None) -> dict:
    row = store.get(company, company_id)
    if row is None:
        raise tk.ObjectNotFound(NO_COMPANY)
    model.Session.execute(company.update().where(company.c.id == row["id"]).values(
        state=state, reason=reason or None, decided_by=store.user_id(context["user"]), decided_at=now()))
    store.event(row["id"], state, context["user"], reason)
    model.Session.commit()
    return presenters.company(store.get(company, row["id"]))


@validate(schema.company_decide)
def shaoxing_company_decide(context, data_dict):
    """The bureau verifies (`approve`) or rejects (`reject`, with `reason`) a company; a suspended
    company is reinstated by approving it again."""
    tk.check_access("shaoxing_company_decide", context, data_dict)
    state = "verified" if data_dict["decision"] == "approve" else "rejected"
    return _set_state(context, data_dict["id"], state, data_dict.get("reason"))


@validate(schema.company_suspend)
def shaoxing_company_suspend(context, data_dict):
    """Suspend a company (`reason` required): its keys and grants stop working at once."""
    tk.check_access("shaoxing_company_suspend", context, data_dict)
    return _set_state(context, data_dict["id"], "suspended", data_dict["reason"])


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
    comp = callers_company(context)
    uid = store.user_id(data_dict["username"])
    if not uid:
        error("username", "没有这个账号", "no such account")
    row = _membership(uid, comp["id"])
    if row and row["state"] != "declined":
        error("username", "该账号已是本企业成员或已被邀请", "this account is already a member or invited")
    values = {"role": "member", "state": "invited", "invited_by": store.user_id(context["user"]), "created": now(),
              "answered_at": None}
    if row:
        model.Session.execute(company_member.update().where(
            company_member.c.user_id == uid, company_member.c.company_id == comp["id"]).values(**values))
    else:
        model.Session.execute(company_member.insert().values(user_id=uid, company_id=comp["id"], **values))
    store.event(comp["id"], "member_invited", context["user"], data_dict["username"])
    model.Session.commit()
    security_event("company.member_invited", context["user"], comp["id"], member=data_dict["username"])
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
             "created": presenters.iso(r["created"])} for r in rows]


def _answer(context, data_dict, accept: bool) -> dict:
    uid = store.user_id(context["user"])
    row = _membership(uid, data_dict["company_id"]) if uid else None
    if row is None or row["state"] != "invited":
        error("company_id", "没有来自该企业的待处理邀请", "no pending invitation from this company")
    if accept and store.company_of(context["user"]):
        error("company_id", "该账号已属于一家企业", "this account already belongs to a company")
    state = "accepted" if accept else "declined"
    model.Session.execute(company_member.update().where(
        company_member.c.user_id == uid, company_member.c.company_id == row["company_id"],
        company_member.c.state == "invited").values(state=state, answered_at=now()))
    store.event(row["company_id"], f"member_{state}", context["user"], context["user"])
    try:
        model.Session.commit()
    except sa.exc.IntegrityError:    # accepted another company's invitation at the same moment
        model.Session.rollback()
        error("company_id", "该账号已属于一家企业", "this account already belongs to a company")
    security_event(f"company.member_{state}", context["user"], row["company_id"])
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
