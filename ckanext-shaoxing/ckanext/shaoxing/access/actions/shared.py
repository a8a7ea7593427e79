"""What the access actions share: the bilingual field error, the caller's company and the
project's security signal."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ...params import message
from .. import store


def error(field: str, zh: str, en: str):
    raise tk.ValidationError({field: [message(zh, en)]})


def callers_company(context) -> dict:
    """The company of the calling account; refused when it has none."""
    comp = store.company_of(context.get("user"))
    if comp is None:
        raise tk.NotAuthorized("仅企业账号可操作 / only company accounts may do this")
    return comp


def security_event(event: str, actor: str | None, company_id: str, result: str = "success", **detail) -> None:
    """Announce on the project's security signal (the audit trail records it)."""
    tk.signals.ckanext.signal("shaoxing_security_event").send(
        event, actor=actor or None, object_type="company", object_id=company_id, result=result, detail=detail)
