"""Grants: the lists each side sees, and revocation."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.logic import validate

from .. import presenters, queries, schema, store
from ..gate import now
from ..model import grant
from .shared import error

__all__ = ["shaoxing_grant_list", "shaoxing_grant_revoke"]


@validate(schema.request_list)
@tk.side_effect_free
def shaoxing_grant_list(context, data_dict):
    """Grants: a company's own, those on a department's entries, or all (sysadmins), each with its
    state (active, expired, revoked), daily quota and calls counted today."""
    tk.check_access("shaoxing_grant_list", context, data_dict)
    return presenters.grants(queries.grants(context["user"], data_dict.get("package_id")))


@validate(schema.grant_revoke)
def shaoxing_grant_revoke(context, data_dict):
    """The department or a sysadmin revokes a grant (`reason` required), effective at once."""
    tk.check_access("shaoxing_grant_revoke", context, data_dict)
    g = store.get(grant, data_dict["id"])
    if g is None:
        raise tk.ObjectNotFound("没有这项授权 / no such grant")
    if g["revoked_at"]:
        error("id", "该授权已撤销", "this grant is revoked already")
    model.Session.execute(grant.update().where(grant.c.id == g["id"]).values(
        revoked_at=now(), revoked_by=store.user_id(context["user"]), reason=data_dict["reason"]))
    store.event(g["company_id"], "revoked", context["user"], data_dict["reason"], request_id=g["request_id"], grant_id=g["id"])
    model.Session.commit()
    return presenters.grants([store.get(grant, g["id"])])[0]
