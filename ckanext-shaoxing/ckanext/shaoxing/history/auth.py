"""The activity plugin's auth functions, chained: an entry's history, one of its activities and
a difference between two are refused to whoever may not read the entry now (visibility.py).
CKAN's own checks (the activity's permission labels, package_show) still run after these."""
from __future__ import annotations

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import get_permission_labels

from ckanext.activity.model import Activity

from . import visibility

__all__ = ["package_activity_list", "activity_show", "activity_data_show", "activity_diff"]


def _refused():
    return {"success": False, "msg": tk._("Only the entry's department and the bureau may read its history.")}


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def package_activity_list(next_auth, context, data_dict):
    pkg = model.Package.get(_text(data_dict.get("id")))
    if pkg is not None and not visibility.may_read(context.get("user"), pkg):
        return _refused()
    return next_auth(context, data_dict)


def _text(value) -> str:
    # Odd ids (lists, objects) are CKAN's to refuse: no lookup of them here.
    return value if isinstance(value, str) else ""


def _activity(context, data_dict) -> Activity | None:
    activity = context.get("activity")
    if activity is None and _text(data_dict.get("id")):
        activity = model.Session.get(Activity, data_dict["id"])
    return activity


def _object_readable(context, activity: Activity | None) -> bool:
    if activity is None:
        return True     # CKAN's own check answers "not found"
    pkg = model.Package.get(activity.object_id)
    if pkg is None and not visibility.is_package_activity(activity.activity_type):
        return True     # a department's, a user's: no entry's data
    return visibility.may_read(context.get("user"), pkg)


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def activity_show(next_auth, context, data_dict):
    if not _object_readable(context, _activity(context, data_dict)):
        return _refused()
    # activity_show answers the entry dict whatever include_data says (CKAN's check reads the
    # key, and fails with a 500 where a client leaves it out).
    return next_auth(context, {**data_dict, "include_data": True})


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def activity_data_show(next_auth, context, data_dict):
    if not _object_readable(context, _activity(context, data_dict)):
        return _refused()
    return next_auth(context, data_dict)


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def activity_diff(next_auth, context, data_dict):
    """A difference shows the version before too: its labels must admit the user as well (an
    entry once conditional, now open, must not show its gated addresses of then)."""
    activity = _activity(context, data_dict)
    if not _object_readable(context, activity):
        return _refused()
    user = context.get("user")
    if activity is not None and not authz.is_sysadmin(user):
        before = (model.Session.query(Activity).filter(Activity.object_id == activity.object_id,
                                                       Activity.timestamp < activity.timestamp)
                  .order_by(Activity.timestamp.desc()).first())
        if before is not None and visibility.is_package_activity(before.activity_type):
            mine = get_permission_labels().get_user_dataset_labels(context.get("auth_user_obj")
                                                                   or model.User.get(user or ""))
            if not set(mine) & set(before.permission_labels or []):
                return _refused()
    return next_auth(context, data_dict)
