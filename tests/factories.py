"""Catalogue entries and departments for tests, created through the action API."""
from __future__ import annotations

import itertools

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.shaoxing.credit_code import check_symbol

_seq = itertools.count(1)


def credit_code(n: int) -> str:
    first17 = f"11330600MB{n:07d}"
    return first17 + check_symbol(first17)


def department(**overrides) -> dict:
    n = next(_seq)
    data = {"name": f"dept-{n}", "title": f"测试单位{n}", "org_code": f"MB{n:07d}",
            "credit_code": credit_code(n), "department": "true"}
    data.update(overrides)
    return factories.Organization(**data)


def entry(org: dict, **overrides) -> dict:
    """A catalogue entry valid against the schema; overrides replace any field."""
    n = next(_seq)
    data = {
        "owner_org": org["id"], "title": f"测试数据集{n}", "catalog_code": f"SX-TEST-{n:05d}",
        "notes": "测试摘要", "domain": "transport", "open_level": "unconditional",
        "update_frequency": "monthly", "region_code": "330600", "issued": "2024-01-15",
    }
    data.update(overrides)
    return helpers.call_action("package_create", {"user": _site_user()}, **data)


def as_site() -> dict:
    """An action's context as the site user: the activity plugin records who made each change,
    so a change needs a real account (call_action's default "127.0.0.1" is none)."""
    return {"user": _site_user()}


def _site_user() -> str:
    return helpers.call_action("get_site_user", {"ignore_auth": True})["name"]


def user_in_role(role: str, org: dict | None = None) -> str:
    """A user name for `role`: "anonymous" (empty), "user", "editor" or "member" of `org`, or
    "sysadmin" — for authorization tests."""
    if role == "anonymous":
        return ""
    if role == "sysadmin":
        return factories.Sysadmin()["name"]
    name = factories.User()["name"]
    if role in ("editor", "member"):
        helpers.call_action("organization_member_create", id=org["id"], username=name, role=role)
    return name


def with_table(pkg: dict) -> dict:
    """Give an entry a file resource marked as loaded into the DataStore, so its interfaces
    answer (and count) — for tests about counting, not loading."""
    import ckan.model as model
    res = helpers.call_action("resource_create", {"user": _site_user()}, package_id=pkg["id"],
                              url="https://example.org/table.csv", name="table.csv", format="CSV")
    row = model.Resource.get(res["id"])
    row.extras = {**row.extras, "datastore_active": True}
    # Marked behind the hooks (a load's resource_patch would run them): the targets' repair.
    from ckanext.shaoxing.targets import figures
    figures.refresh([pkg["id"]])
    model.Session.commit()
    return pkg


def allowed(action: str, user: str, data: dict) -> bool:
    """Whether `user` ("" for anonymous) passes the auth function of `action` for `data`."""
    try:
        tk.check_access(action, {"user": user}, data)
    except tk.NotAuthorized:
        return False
    return True
