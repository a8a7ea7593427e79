"""CKAN's edit forms (entry, resource, department) guarded against lost updates.

The forms carry the version they were opened at (the hidden `if_match` field, templates); the
update actions refuse a save over a newer version (actions.py). CKAN's views catch that refusal
as they catch any ValidationError and would show the form again; the view functions are wrapped
here so the person sees the conflict page instead: both versions field by field, and a choice.
"""
from __future__ import annotations

import functools
import os

import ckan.plugins.toolkit as tk
import flask

from . import fields

SHOW = {"dataset": "package_show", "resource": "resource_show", "organization": "organization_show",
        "contest_submission": "contest_submission_show", "company": "shaoxing_company_show"}
UPDATE = {"dataset": "package_update", "resource": "resource_update", "organization": "organization_update",
          "contest_submission": "contest_submission_update", "company": "shaoxing_company_update"}
# contest_submission_update and shaoxing_company_update change only the fields they are given:
# patches already.
PATCH = {"dataset": "package_patch", "resource": "resource_patch", "organization": "organization_patch",
         "contest_submission": "contest_submission_update", "company": "shaoxing_company_update"}
# Versions the show action answers with (the others are read here, versions.py).
SHOWN_VERSION = {"contest_submission": "modified", "company": "version"}


TEMPLATES = os.path.join(os.path.dirname(__file__), "templates")


def templates_first(config) -> None:
    """The forms' hidden version field is added to scheming's own form templates, which come
    before the shaoxing plugin's templates (scheming_* is listed first): this folder, holding
    those three alone, goes before every other. Called from IConfigurable.configure, after CKAN
    has computed the search path from every plugin's update_config."""
    paths = [p for p in config.get("computed_template_paths", []) if p != TEMPLATES]
    config["computed_template_paths"] = [TEMPLATES] + paths


# CKAN's edit views by class name (plugin reloads can give a second copy of the class object).
EDIT_VIEWS = {"ckan.views.dataset.EditView": "dataset", "ckan.views.resource.EditView": "resource",
              "ckan.views.group.EditGroupView": "organization"}


def _kind(endpoint: str, view) -> str | None:
    view_class = getattr(view, "view_class", None)
    kind = EDIT_VIEWS.get(f"{view_class.__module__}.{view_class.__qualname__}") if view_class else None
    if kind == "organization" and not endpoint.startswith("organization."):
        return None
    return kind


def register(app) -> None:
    for endpoint, view in list(app.view_functions.items()):
        kind = _kind(endpoint, view)
        if kind:
            app.view_functions[endpoint] = _guarded(kind, view)


def _guarded(kind: str, view):
    @functools.wraps(view)
    def guarded(*args, **kwargs):
        if flask.request.method != "POST":
            return view(*args, **kwargs)
        flask.g.shaoxing_edit_form = True
        response = view(*args, **kwargs)
        conflict = flask.g.pop("shaoxing_edit_conflict", None)
        if conflict is None:
            return response
        # The form CKAN rendered is discarded; its rendering took the page's assets (CSS, JS)
        # from the request's list, which the conflict page must have again.
        flask.g.pop("_webassets", None)
        return page(kind, conflict.object_id, fields.posted(flask.request.form))
    return guarded


def shown(kind: str, object_id: str) -> dict:
    context = {"user": tk.current_user.name if tk.current_user else "", "use_cache": False, "for_view": True}
    data_dict = {"id": object_id}
    if kind == "organization":
        data_dict.update(include_datasets=False, include_users=False, include_groups=False,
                         include_tags=False, include_followers=False, include_extras=True)
    return tk.get_action(SHOW[kind])(context, data_dict)


def read_url(kind: str, current: dict) -> str:
    if kind == "dataset":
        return tk.h.url_for("dataset.read", id=current["name"])
    if kind == "resource":
        return tk.h.url_for("dataset_resource.read", id=current["package_id"], resource_id=current["id"])
    if kind == "company":
        return tk.h.url_for("shaoxing_access.company")
    if kind == "contest_submission":
        contest = tk.get_action("contest_show")({"user": tk.current_user.name}, {"id": current["contest_id"]})
        return tk.h.url_for("shaoxing_contest.team", name=contest["name"])
    return tk.h.url_for("organization.read", id=current["name"])


def page(kind: str, object_id: str, yours: dict, errors: str | None = None):
    """The conflict page (409): the current version against `yours`, field by field."""
    from . import versions
    current = shown(kind, object_id)
    version = current[SHOWN_VERSION[kind]] if kind in SHOWN_VERSION else versions.current(kind, current["id"])
    return tk.render("shaoxing/edits/conflict.html", {
        "kind": kind, "object_id": current["id"], "current": current,
        "title": current.get("title") or current.get("name") or current["id"],
        "version": version, "rows": fields.differences(kind, current, yours),
        "read_url": read_url(kind, current), "error": errors}), 409
