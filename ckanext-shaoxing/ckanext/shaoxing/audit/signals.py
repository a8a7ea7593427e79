"""What the trail hears: the project's security events, CKAN's login signals, and the actions
that change accounts, roles, departments, companies, grants, app keys and quarantines.

`action_succeeded` is sent only for actions called through `get_action` (the API, views and
other actions do; CKAN's `ckan sysadmin add` CLI edits the model directly and is not heard)."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk

from .trail import record

# The one signal features announce security events on (contract in docs/security/audit.md).
SECURITY_EVENT = "shaoxing_security_event"

# Scalar request fields copied into `detail` (decisions and reasons; never keys or passwords).
DETAIL_FIELDS = ("decision", "reason", "capacity", "role", "daily_quota", "days", "label", "username",
                 "package_id", "resource_id", "company_id")


def _actor(context) -> str | None:
    return context.get("user") or None


def _detail(data_dict: dict) -> dict:
    return {k: data_dict[k] for k in DETAIL_FIELDS
            if isinstance(data_dict.get(k), (str, int, float, bool)) and data_dict.get(k) != ""}


def on_security_event(sender, **kw):
    record(sender, kw.get("actor"), kw.get("object_type"), kw.get("object_id"), kw.get("result", "success"),
           kw.get("detail"))


def on_login(sender, user=None, **kw):
    record("login.success", getattr(user, "name", None), "user", getattr(user, "name", None))


def on_failed_login(sender, **kw):
    # sender: the login name or e-mail as typed; the account may not exist
    record("login.failure", None, "user", sender, "failure")


def on_logout(sender, user=None, **kw):
    name = getattr(user, "name", None)
    record("logout", name, "user", name)


def _user_event(event):
    def receiver(sender, context, data_dict, result, **kw):
        result = result if isinstance(result, dict) else {}
        target = result.get("name") or data_dict.get("name") or data_dict.get("id")
        detail = {}
        if event == "user.update":   # whether, never what (sysadmin changes: see hooks.py)
            detail["password_changed"] = bool(data_dict.get("password") or data_dict.get("password1"))
        record(event, _actor(context), "user", target, detail=detail)
    return receiver


def _membership(event):
    """member_create/delete (organization_member_* call them): users joining or leaving a department."""
    def receiver(sender, context, data_dict, result, **kw):
        if data_dict.get("object_type") != "user":
            return
        group = model.Group.get(data_dict.get("id"))
        if group is None or not group.is_organization:
            return
        user = model.User.get(data_dict.get("object"))
        record(event, _actor(context), "organization", group.name,
               detail={"user": user.name if user else data_dict.get("object"), **_detail(data_dict)})
    return receiver


def _organization(event):
    def receiver(sender, context, data_dict, result, **kw):
        result = result if isinstance(result, dict) else {}
        record(event, _actor(context), "organization", result.get("name") or data_dict.get("id"))
    return receiver


def _project(event, object_type, id_field="id"):
    def receiver(sender, context, data_dict, result, **kw):
        result = result if isinstance(result, dict) else {}
        object_id = data_dict.get(id_field) or result.get(id_field) or result.get("id")
        record(event, _actor(context), object_type, object_id, detail=_detail(data_dict))
    return receiver


ACTIONS = {
    "user_create": _user_event("user.create"),
    "user_update": _user_event("user.update"),   # user_patch calls it
    "user_delete": _user_event("user.delete"),
    "member_create": _membership("organization.member_add"),
    "member_delete": _membership("organization.member_remove"),
    "organization_create": _organization("organization.create"),
    "organization_delete": _organization("organization.delete"),
    "organization_purge": _organization("organization.purge"),
    "shaoxing_company_decide": _project("company.decide", "company"),
    "shaoxing_company_suspend": _project("company.suspend", "company"),
    "shaoxing_access_request_decide": _project("access.request_decide", "access_request"),
    "shaoxing_grant_revoke": _project("access.grant_revoke", "grant"),
    "shaoxing_app_key_create": _project("app_key.create", "app_key"),
    "shaoxing_app_key_rotate": _project("app_key.rotate", "app_key"),
    "shaoxing_app_key_revoke": _project("app_key.revoke", "app_key"),
    "shaoxing_quarantine_override": _project("quarantine.override", "resource", "resource_id"),
}


def on_catalog_changed(sender, package_ids=(), **kw):
    """A catalogue import committed (web job or CLI): who asked is recorded by the import view."""
    record("catalog.import_written", None, "catalog", None, detail={"datasets": len(package_ids)})


def subscriptions() -> dict:
    """For the plugin's ISignal."""
    return {
        tk.signals.ckanext.signal(SECURITY_EVENT): [on_security_event],
        tk.signals.user_logged_in: [on_login],
        tk.signals.failed_login: [on_failed_login],
        tk.signals.user_logged_out: [on_logout],
        tk.signals.action_succeeded: [{"receiver": r, "sender": name} for name, r in ACTIONS.items()],
        tk.signals.ckanext.signal("shaoxing_catalog_changed"): [on_catalog_changed],
    }
