"""The optional precondition of the update actions: `if_match` (a parameter, or the If-Match
header on the action API) names the version the client read; the save goes through only if the
object is still at that version, compared under the row lock. Without it the actions behave as
CKAN's do (ckanapi and other clients are unaffected).

Entries go through CKAN's package_revise: its `match` on `metadata_modified` is the same
precondition, and `filter: ["-*"]` with the whole dict as `update` keeps package_update's
meaning (fields left out are dropped, resources left out are kept).
"""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
import flask

from ..params import guard
from . import conflicts, schema, versions

__all__ = ["package_update", "resource_update", "organization_update"]


# The API actions an If-Match header applies to, by the update action that checks it.
HEADER_ACTIONS = {"package_update": ("package_update", "package_patch"),
                  "resource_update": ("resource_update", "resource_patch"),
                  "organization_update": ("organization_update", "organization_patch")}
# Set in the context once the outermost action has taken the precondition: the actions it calls
# (package_revise's package_update, resource_update's) do not take the header again.
TAKEN = "shaoxing_precondition_taken"


def requested(sent, actions: tuple[str, ...], header: bool = True) -> str | None:
    """The version a save is conditioned on: `sent` (the `if_match` parameter), else the
    If-Match header of an action API call of one of `actions`; None for neither, or `*`."""
    if sent is None and header and flask.has_request_context() and flask.request.endpoint == "api.action" \
            and (flask.request.view_args or {}).get("logic_function") in actions:
        sent = flask.request.headers.get("If-Match")
    if sent is None or str(sent).strip() in ("", "*"):
        return None
    return versions.from_etag(str(sent))


def _expected(action: str, context: dict, data_dict: dict) -> str | None:
    guard(data_dict, schema.update(), context)
    expected = requested(data_dict.pop("if_match", None), HEADER_ACTIONS[action], header=not context.get(TAKEN))
    context[TAKEN] = True
    return expected


def _checked(kind: str, object_id: str, expected: str) -> None:
    current = versions.current(kind, object_id, lock=True)
    if current is None:
        raise tk.ObjectNotFound()
    if current != expected:
        conflicts.refuse(kind, object_id, current, expected)


@tk.chained_action
def package_update(up, context, data_dict):
    expected = _expected("package_update", context, data_dict)
    if expected is None:
        return up(context, data_dict)
    tk.check_access("package_update", context, data_dict)
    package = model.Package.get(data_dict.get("id") or data_dict.get("name") or "")
    if package is None:
        raise tk.ObjectNotFound()
    _checked("dataset", package.id, expected)
    try:
        revised = tk.get_action("package_revise")(context, {
            "match": {"id": package.id, "metadata_modified": expected},
            # A conditional save always gets a new version: a metadata_modified sent along (the
            # import sends package_show's back) would keep the old one, and the next save over
            # this one could not tell.
            "filter": ["-*"], "update": {k: v for k, v in data_dict.items() if k != "metadata_modified"}})
    except tk.ValidationError as e:
        if "match" in e.error_dict:     # cannot happen under the lock; kept as package_revise says
            conflicts.refuse("dataset", package.id, versions.current("dataset", package.id), expected)
        raise
    return revised["package"]


def _guarded(kind: str, action: str, up, context, data_dict):
    # Core's update, after the row lock and the version check when a version was sent.
    expected = _expected(action, context, data_dict)
    if expected is not None:
        tk.check_access(action, context, data_dict)
        _checked(kind, tk.get_or_bust(data_dict, "id"), expected)
    return up(context, data_dict)


@tk.chained_action
def resource_update(up, context, data_dict):
    return _guarded("resource", "resource_update", up, context, data_dict)


@tk.chained_action
def organization_update(up, context, data_dict):
    return _guarded("organization", "organization_update", up, context, data_dict)
