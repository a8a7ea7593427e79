"""The activity plugin's actions, chained: an entry's activity is labelled for who may read it
when written, and streams that mix entries (a department's, a user's, the dashboard, recent
changes) drop the activities of entries the caller may not read now."""
from __future__ import annotations

import datetime as dt

import ckan.model as model
import ckan.plugins.toolkit as tk

from .. import params
from . import schema, visibility

__all__ = ["activity_create", "organization_activity_list", "group_activity_list", "user_activity_list",
           "recently_changed_packages_activity_list", "dashboard_activity_list"]


@tk.chained_action
def activity_create(up, context, data_dict):
    """Restricted entries' activities are labelled for their department alone (CKAN labels
    every non-private entry "public")."""
    tk.check_access("activity_create", context, data_dict)
    params.guard(data_dict, schema.activity(), context)
    object_id = data_dict.get("object_id")
    if visibility.is_package_activity(data_dict.get("activity_type")) and isinstance(object_id, str):
        pkg = model.Package.get(object_id)
        if pkg is not None:
            shown = (data_dict.get("data") or {}).get("package")
            data_dict = dict(data_dict, permission_labels=visibility.labels(pkg, shown))
    return up(context, data_dict)


def _readable(context, activities: list[dict]) -> list[dict]:
    user, seen = context.get("user"), {}
    kept = []
    for activity in activities:
        oid = activity.get("object_id")
        if oid not in seen:
            pkg = model.Package.get(oid) if oid else None
            seen[oid] = pkg is None and not visibility.is_package_activity(activity.get("activity_type")) \
                or visibility.may_read(user, pkg)
        if seen[oid]:
            kept.append(activity)
    return kept


def _filtered(name: str):
    @tk.chained_action
    @tk.side_effect_free
    def action(up, context, data_dict):
        params.guard(data_dict, schema.activity(), context)
        return _readable(context, up(context, data_dict))
    action.__name__ = action.__qualname__ = name
    action.__doc__ = f"CKAN's {name}, without the activities of entries the caller may not read now."
    return action


organization_activity_list = _filtered("organization_activity_list")
group_activity_list = _filtered("group_activity_list")
user_activity_list = _filtered("user_activity_list")
recently_changed_packages_activity_list = _filtered("recently_changed_packages_activity_list")


def _departments_of(user: model.User) -> list[str]:
    return [gid for (gid,) in model.Session.query(model.Member.group_id)
            .join(model.Group, model.Group.id == model.Member.group_id)
            .filter(model.Member.table_name == "user", model.Member.table_id == user.id,
                    model.Member.state == "active", model.Group.state == "active", model.Group.is_organization)]


def _also_shown(user: model.User, limit: int, window: dict) -> list[dict]:
    """Changes a dashboard shows beyond what its owner follows: a department's editors see their
    departments' entries; the bureau (sysadmins) every entry's."""
    context = {"user": user.name}
    if user.sysadmin:
        return tk.get_action("recently_changed_packages_activity_list")(context, {"limit": limit, **window})
    return [activity for org_id in _departments_of(user)
            for activity in tk.get_action("organization_activity_list")(context, {"id": org_id, "limit": limit,
                                                                                  **window})]


@tk.chained_action
@tk.side_effect_free
def dashboard_activity_list(up, context, data_dict):
    """The dashboard also lists the recent changes of the caller's departments' entries (CKAN's
    lists only what the caller follows); the bureau's, of every entry."""
    params.guard(data_dict, schema.activity(), context)
    mine = up(context, dict(data_dict))
    user = model.User.get(context.get("user") or "")
    if user is None:
        return _readable(context, mine)
    limit = int(data_dict.get("limit") or tk.config.get("ckan.activity_list_limit"))
    window = {k: data_dict[k] for k in ("before", "after") if data_dict.get(k)}
    by_id = {a["id"]: a for a in mine}
    last_viewed = getattr(model.Dashboard.get(user.id), "activity_stream_last_viewed", None)
    for activity in _also_shown(user, limit, window):
        if activity["id"] not in by_id:
            activity["is_new"] = bool(last_viewed) and activity["user_id"] != user.id and \
                dt.datetime.fromisoformat(activity["timestamp"]) > last_viewed
            by_id[activity["id"]] = activity
    merged = sorted(by_id.values(), key=lambda a: a["timestamp"], reverse=True)[:limit]
    return _readable(context, merged)
