"""The embed of a view: a bare page a newspaper puts in an iframe (its address and code are
shown under the view). It reads the view with the visitor's rights — a view of an entry they may
not see is "not found", a conditional or quarantined table shows the gate's notice — and its
data comes through the same actions, rate limited as every reader."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint, make_response

from . import plugin

dataviews = Blueprint("shaoxing_dataviews", __name__)


@dataviews.route("/view/embed/<view_id>")
def embed(view_id: str):
    context = {"user": tk.g.user}
    if "\x00" in view_id or len(view_id) > 100:
        return tk.abort(404, tk._("View not found"))
    try:
        view = tk.get_action("resource_view_show")(dict(context), {"id": view_id})
        resource = tk.get_action("resource_show")(dict(context), {"id": view["resource_id"]})
        package = tk.get_action("package_show")(dict(context), {"id": resource["package_id"]})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return tk.abort(404, tk._("View not found"))
    if view["view_type"] not in plugin.KEYS:
        return tk.abort(404, tk._("View not found"))
    variables = plugin.setup(view["view_type"], context, {"package": package, "resource": resource,
                                                          "resource_view": view})
    response = make_response(tk.render("shaoxing/dataviews/embed.html", {
        **variables, "package": package, "resource": resource, "resource_view": view}))
    # Framed by any site (the point of an embed); everything else as the portal's own policy.
    policy = tk.config.get("ckanext.shaoxing.security.content_security_policy") or ""
    parts = [d for d in policy.split(";") if d.strip() and not d.strip().startswith("frame-ancestors")]
    response.headers["Content-Security-Policy"] = "; ".join([*(d.strip() for d in parts), "frame-ancestors *"])
    response.headers["X-Frame-Options"] = "ALLOWALL"   # not a standard value: browsers then rely on the CSP above
    return response
