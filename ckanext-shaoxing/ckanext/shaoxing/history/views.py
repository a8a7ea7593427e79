"""Two of CKAN's history pages, guarded (registered on the Flask app by the plugin's
make_middleware):

- a resource as an earlier version held it (`activity.resource_history`): CKAN's view reads the
  activity from the database without activity_show's check, so it would show any version of an
  entry the caller may see now (a conditional entry's outside address, a version from before it
  was opened) — it is answered only after that check (auth.py);
- the changes over a range of versions (`activity.package_changes_multiple`): CKAN's view lets
  activity_show's refusal escape as a 500; answered as the page of one change answers it."""
from __future__ import annotations

import functools

import ckan.model as model
import ckan.plugins.toolkit as tk


def register(app) -> None:
    for endpoint, guard in (("activity.resource_history", _checked),
                            ("activity.package_changes_multiple", _refusals_answered)):
        if endpoint in app.view_functions:
            app.view_functions[endpoint] = guard(app.view_functions[endpoint])


def _context() -> dict:
    name = tk.current_user.name if tk.current_user.is_authenticated else ""
    return {"user": name, "auth_user_obj": model.User.get(name) if name else None}


def _checked(view):
    @functools.wraps(view)
    def resource_history(id: str, resource_id: str, activity_id: str):
        try:
            tk.check_access("activity_show", _context(), {"id": activity_id, "include_data": True})
        except tk.ObjectNotFound:
            return tk.abort(404, tk._("Activity not found"))
        except tk.NotAuthorized:
            return tk.abort(403, tk._("Unauthorized to view activity data"))
        return view(id=id, resource_id=resource_id, activity_id=activity_id)
    return resource_history


def _refusals_answered(view):
    @functools.wraps(view)
    def package_changes_multiple(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except tk.ObjectNotFound:
            return tk.abort(404, tk._("Activity not found"))
        except tk.NotAuthorized:
            return tk.abort(403, tk._("Unauthorized to view activity data"))
    return package_changes_multiple
