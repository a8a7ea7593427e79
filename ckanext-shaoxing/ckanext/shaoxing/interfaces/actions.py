"""DataStore loading state, loads (xloader_submit runs this plugin's checked load) and the
list of interfaces."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.logic import validate

from . import catalog, jobs, schema

__all__ = ["shaoxing_datastore_status", "shaoxing_interface_list", "xloader_submit"]


@validate(schema.datastore_status)
@tk.side_effect_free
def shaoxing_datastore_status(context, data_dict):
    """The DataStore state of a resource: `status` (not_loaded, pending, running, complete,
    error; complete: the table answers), `indexes` (once complete: indexing, indexed, or error —
    the table answers without them, its `q` slower), `datastore_active`, `rows`, `error`
    (bilingual reason of the last failed load, the previous table kept), `seconds` (the last
    load's steps: check, copy, then full_text, indexes, q_index), `started` (its start, UTC) and
    `last_updated`."""
    tk.check_access("shaoxing_datastore_status", context, data_dict)
    resource = tk.get_action("resource_show")(dict(context), {"id": data_dict["resource_id"]})
    state = jobs.current(resource["id"]) or {}
    value, error = state.get("value") or {}, state.get("error") or {}
    return {"resource_id": resource["id"], "status": state.get("state", "not_loaded"),
            "datastore_active": bool(resource.get("datastore_active")), "rows": value.get("rows"),
            "error": error.get("message"), "error_zh": error.get("zh"), "error_en": error.get("en"),
            "kept_previous": value.get("kept_previous"), "seconds": value.get("seconds"),
            "indexes": value.get("index", "indexed") if state.get("state") == "complete" else None,
            "started": value.get("started"), "last_updated": state.get("last_updated")}


@validate(schema.interface_list)
@tk.side_effect_free
def shaoxing_interface_list(context, data_dict):
    """Every open API and shared interface of the entries the user may see: its endpoint path, kind, entry,
    department, domain and whether it answers (its table is in the DataStore). Optional filters
    `organization` (name), `domain` (code), `kind` (open_api | shared_api)."""
    tk.check_access("shaoxing_interface_list", context, data_dict)
    rows = catalog.interfaces(data_dict.get("organization"), data_dict.get("domain"), data_dict.get("kind"))
    return [r for r in rows if not r["private"] or _may_see(context, r["package_id"])]


def _may_see(context, package_id: str) -> bool:
    # A private entry's interfaces are listed to those who may see the entry.
    try:
        tk.check_access("package_show", {"user": context.get("user")}, {"id": package_id})
    except tk.NotAuthorized:
        return False
    return True


@tk.chained_action
def xloader_submit(original, context, data_dict):
    """xloader's submit, kept for its callers (its resource hooks and its "upload to DataStore"
    button), queues this plugin's load: the file is checked completely before xloader's COPY
    replaces the table."""
    # Types first (as for the other core actions we chain): xloader's auth looks the id up.
    data, errors = tk.navl_validate(data_dict, schema.xloader_submit(), context)
    if errors:
        raise tk.ValidationError(errors)
    tk.check_access("xloader_submit", context, data)
    if tk.asbool(data.get("sync")):
        jobs.load(data["resource_id"], force=tk.asbool(data.get("ignore_hash")))
    else:
        jobs.enqueue(data["resource_id"])
    return True
