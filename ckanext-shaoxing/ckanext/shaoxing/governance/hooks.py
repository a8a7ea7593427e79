"""What re-runs a check and where quarantine is enforced outside CKAN's actions."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import request

from . import jobs, quarantine


def resource_changed(context, resource) -> None:
    """After a resource is created or updated: check its dataset again (in the worker)."""
    package_id = resource.get("package_id") if isinstance(resource, dict) else None
    if package_id:
        jobs.enqueue(package_id)


# CKAN's resource download view (both of its routes), found by function as usage/hooks.py does.
DOWNLOAD_VIEW = "ckan.views.resource.download"


def register(app) -> None:
    @app.before_request
    def refuse_quarantined_download():
        view = app.view_functions.get(request.endpoint)
        if not view or f"{view.__module__}.{view.__qualname__}" != DOWNLOAD_VIEW:
            return None
        resource_id = (request.view_args or {}).get("resource_id")
        if quarantine.refuses(tk.current_user.name if tk.current_user.is_authenticated else None, resource_id):
            return tk.abort(403, " / ".join(quarantine.REFUSAL))
        return None
