"""What makes an organization a department (数源部门), in one place.

Every department is a CKAN organization, but not every organization is a department: the
bureau marks one with the organization field `department` ("true"), which only a sysadmin
sets or clears (schemas/validators.py `shaoxing_department_flag`). The seed's department list
is marked; an organization a non-sysadmin holds any other way is not a department.

Organizations are made and removed by sysadmins alone (AUTH below, applied by the plugin), so an
account cannot make itself a department by creating one."""
from __future__ import annotations

import ckan.authz as authz
import ckan.model as model
import sqlalchemy as sa

FIELD = "department"

# CKAN's own authorization settings the department model needs; the plugin applies them over any
# configured value (see docs/security/data.md for why groups follow organizations).
AUTH = {"ckan.auth.user_create_organizations": False, "ckan.auth.user_delete_organizations": False,
        "ckan.auth.user_create_groups": False, "ckan.auth.user_delete_groups": False}

_MEMBER = sa.text(f"""
SELECT 1 FROM member m JOIN "group" g ON g.id = m.group_id
WHERE m.table_name = 'user' AND m.table_id = :user_id AND m.state = 'active'
  AND g.state = 'active' AND g.is_organization AND g.extras->>'{FIELD}' = 'true'
LIMIT 1""")


def is_member_or_sysadmin(user: str | None, organization_id: str | None) -> bool:
    """Whether `user` is a sysadmin or a member, in any role, of the organization that owns an
    entry: who reads the entry's data whatever its tier, and its quarantined resources."""
    if not user:
        return False
    return authz.is_sysadmin(user) or bool(organization_id) and authz.has_user_permission_for_group_or_org(
        organization_id, user, "read")


def is_member_of_any(user: str | None) -> bool:
    """Whether `user` (a name or id) is a sysadmin or a member, in any role, of a department."""
    if not user:
        return False
    if authz.is_sysadmin(user):
        return True
    obj = model.User.get(user)
    if obj is None or obj.state != "active":
        return False
    return model.Session.execute(_MEMBER, {"user_id": obj.id}).first() is not None


_ENGLISH = sa.text("""SELECT id, name, extras->>'title_en' FROM "group"
WHERE is_organization AND state = 'active' AND coalesce(extras->>'title_en', '') <> ''""")


def english_titles() -> dict[str, str]:
    """Organization id and name → its English name (the seed's `title_en`), read once a request."""
    import flask
    cached = getattr(flask.g, "shaoxing_english_titles", None) if flask.has_request_context() else None
    if cached is None:
        cached = {}
        for id_, name, title in model.Session.execute(_ENGLISH):
            cached[id_] = cached[name] = title
        if flask.has_request_context():
            flask.g.shaoxing_english_titles = cached
    return cached


def on_english_page() -> bool:
    import flask
    if not flask.has_request_context():
        return False
    import ckan.plugins.toolkit as tk
    return not (tk.h.lang() or "zh").startswith("zh")


def name_in_page_language(org: dict | None) -> dict | None:
    """An organization's dict for a page: on English pages its English name, where it has one, as
    the name shown (`display_name`; the `title` the forms edit stays the Chinese one)."""
    if org and on_english_page():
        english = english_titles().get(org.get("id")) or english_titles().get(org.get("name"))
        if english:
            org["display_name"] = english
            # CKAN's breadcrumbs take h.get_translated(organization, "title")
            org["title_translated"] = {"en": english, "zh_Hans_CN": org.get("title")}
    return org
