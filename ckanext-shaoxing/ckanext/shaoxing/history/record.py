"""Changes of an entry that are no change of its dict (a resource quarantined, released, served
again by an override) entered in its history: the one public function other features call."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk

KEY = "shaoxing_quarantine"     # the activity data's key for what happened (templates read it)
STATES = ("quarantined", "released", "overridden")


def quarantine_changed(package_id: str, resource: dict, state: str, user: str | None) -> None:
    """A "changed package" activity holding the entry as it is (so differences stay between
    whole versions) and which resource went into which quarantine state. `user`: who did it;
    the site user for the automatic check. Joins the caller's transaction."""
    assert state in STATES, state
    if not p.plugin_loaded("activity"):
        return
    user_obj = model.User.get(user or "") or model.User.get(
        tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"])
    try:
        pkg = tk.get_action("package_show")({"ignore_auth": True, "for_view": False, "use_cache": False},
                                            {"id": package_id})
    except tk.ObjectNotFound:
        return
    tk.get_action("activity_create")({"ignore_auth": True, "user": user_obj.name, "defer_commit": True}, {
        "user_id": user_obj.id, "object_id": pkg["id"], "activity_type": "changed package",
        "data": {"package": pkg, "actor": user_obj.name,
                 KEY: {"resource_id": resource.get("id"), "resource_name": resource.get("name") or "",
                       "state": state}}})
