"""Telling the applicant about a decision: CKAN's mailer where SMTP is configured; the audit
trail on the applications page is the in-portal notice, always."""
from __future__ import annotations

import logging

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from .model import access_request

log = logging.getLogger(__name__)


def decided(request: dict) -> None:
    if not tk.config.get("smtp.server"):
        return
    row = model.Session.execute(sa.select(access_request.c.user_id).where(access_request.c.id == request["id"])).first()
    user = model.User.get(row[0]) if row else None
    if not user or not user.email:
        return
    state = {"approved": ("已通过", "approved"), "rejected": ("已驳回", "rejected")}[request["state"]]
    body = (f"您对「{request['package_title']}」的数据使用申请{state[0]}。{request.get('reason') or ''}\n\n"
            f"Your application for \"{request['package_title']}\" was {state[1]}. {request.get('reason') or ''}\n\n"
            + tk.url_for("shaoxing_access.applications", _external=True))
    try:
        from ckan.lib.mailer import mail_user
        mail_user(user, f"数据使用申请{state[0]} / application {state[1]}", body)
    except Exception as e:   # the decision stands; the notice is on the applications page
        log.warning("applicant not mailed: %s", e)
