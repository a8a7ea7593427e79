"""The demo company of `make run`: a verified company account holding one grant on a
conditional entry, so the flow can be seen at once; it has invited the demo citizen account
(when there is one), whose invitation waits on /company/invitations — membership needs consent.
Idempotent: a second run changes nothing while the grant is active (and renews it after it ended)."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from ..credit_code import check_symbol
from . import queries
from .gate import now
from .model import company, company_member, grant

NAME = "sx_company"
INVITED = "sx_citizen"     # a demo account of seed/accounts.py
FULLNAME = "示范企业数据专员 Demo company data officer"
COMPANY = "绍兴示范数据科技有限公司"
USCC = "91330602MA2D0EM0" + "1"
USCC = USCC + check_symbol(USCC)


def _entry() -> str | None:
    """A public conditional entry with a loaded table (else any conditional one)."""
    rows = model.Session.execute(sa.text("""
        SELECT p.id FROM package p
        WHERE p.state = 'active' AND NOT p.private AND p.extras->>'open_level' = 'conditional'
        ORDER BY EXISTS (SELECT 1 FROM resource r WHERE r.package_id = p.id AND r.state = 'active'
                         AND (r.extras::jsonb)->>'datastore_active' = 'true') DESC, p.name LIMIT 1""")).first()
    return rows[0] if rows else None


def ensure(password: str) -> dict:
    site = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    admin = {"user": site, "ignore_auth": True}
    user = model.User.get(NAME)
    if user is None:
        tk.get_action("user_create")(dict(admin), {"name": NAME, "fullname": FULLNAME, "password": password,
                                                   "email": f"{NAME}@demo.sx-opendata.invalid"})
    else:
        user.password = password
        model.repo.commit()
    row = model.Session.execute(sa.select(company).where(company.c.uscc == USCC)).mappings().first()
    if row is None:
        comp = tk.get_action("shaoxing_company_register")({"user": NAME}, {
            "name": COMPANY, "uscc": USCC, "contact_name": "示范联系人", "contact_phone": "0575-85200000",
            "contact_email": f"{NAME}@demo.sx-opendata.invalid"})
        row = {"id": comp["id"], "state": comp["state"]}
    if row["state"] != "verified":
        tk.get_action("shaoxing_company_decide")(dict(admin), {"id": row["id"], "decision": "approve"})
    invited = model.User.get(INVITED)
    if invited is not None and not model.Session.execute(sa.select(company_member.c.state).where(
            company_member.c.user_id == invited.id, company_member.c.company_id == row["id"])).first():
        tk.get_action("shaoxing_company_member_invite")({"user": NAME}, {"username": INVITED})
    package_id = _entry()
    if not package_id:
        return {"company": COMPANY, "grant": None}
    active = model.Session.execute(sa.select(grant.c.id).where(
        grant.c.company_id == row["id"], grant.c.package_id == package_id, queries.active_grant_filter(now()))).first()
    if not active:
        req = tk.get_action("shaoxing_access_request_create")({"user": NAME}, {
            "package_id": package_id, "purpose": "演示：查看有条件开放数据的申请、审核与调用流程",
            "scenario": "平台演示", "app_name": "演示应用", "security_measures": "演示环境，不含个人信息",
            "period_days": 365, "accept_commitment": True})
        tk.get_action("shaoxing_access_request_decide")(dict(admin), {
            "id": req["id"], "decision": "approve", "reason": "演示授权"})
    pkg = model.Package.get(package_id)
    return {"company": COMPANY, "grant": pkg.name}
