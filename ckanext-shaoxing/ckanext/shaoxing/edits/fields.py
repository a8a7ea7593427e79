"""Field by field: what the person saving sent (the form as CKAN's views parse it) against what
the portal holds now, in the form's terms (a dataset's tags as its tag string)."""
from __future__ import annotations

import json
import re

import ckan.plugins.toolkit as tk
from ckan.lib.navl import dictization_functions as dict_fns
from ckan.logic import clean_dict, parse_params, tuplize_dict

# Form controls that are not fields of the object.
NOT_FIELDS = {"save", "_ckan_phase", "pkg_name", "if_match", "_csrf_token", "id", "upload", "clear_upload",
              "package_id", "resource_type", "csrf_token", "group_type", "type", "users", "packages",
              "proposal_upload", "screenshots_upload", "remove_screenshots"}

SCHEMA_PARTS = {"dataset": ("dataset", "dataset_fields"), "resource": ("dataset", "resource_fields"),
                "organization": ("organization", "fields")}


REPEATED = re.compile(r"^(\w+)-(\d+)-(\w+)$")    # scheming's repeating subfields: data_items-0-field_name


def posted(form) -> dict:
    """The form as CKAN's edit views read it (files aside: a file cannot travel through a page),
    scheming's repeating subfields as the list of rows they are saved as."""
    data = clean_dict(dict_fns.unflatten(tuplize_dict(parse_params(form))))
    groups: dict[str, dict[int, dict]] = {}
    for key in [k for k in data if REPEATED.match(k)]:
        field, index, sub = REPEATED.match(key).groups()
        groups.setdefault(field, {}).setdefault(int(index), {})[sub] = data.pop(key)
    for field, rows in groups.items():
        data[field] = [rows[i] for i in sorted(rows)]
    return data


def _normal(value):
    """Equal for values a form and package_show write differently (None and "", numbers and
    their text, empty rows of a repeating field)."""
    if value is None:
        return ""
    if isinstance(value, dict):
        kept = {k: _normal(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v not in ("", [], {})}
    if isinstance(value, (list, tuple)):
        return [v for v in (_normal(v) for v in value) if v not in ("", [], {})]
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value).strip()
    return text.lower() if text.lower() in ("true", "false") else text


def _theirs(kind: str, shown: dict, field: str):
    if kind == "dataset" and field == "tag_string":
        return ",".join(sorted(t["name"] for t in shown.get("tags") or []))
    return shown.get(field)


def display(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, indent=1)
    return str(value)


def labels(kind: str) -> dict[str, str]:
    """Field name → its label in the page's language, from the scheming schema (a contest entry's
    and a company's: their forms' labels)."""
    if kind == "contest_submission":
        return {"title": tk._("Entry title"), "summary": tk._("Entry summary"), "track": tk._("Track"),
                "demo_url": tk._("Demo URL"), "repository_url": tk._("Repository URL"),
                "dataset_ids": tk._("Datasets")}
    if kind == "company":
        return {"contact_name": tk._("Contact person"), "contact_phone": tk._("Contact phone"),
                "contact_email": tk._("Contact e-mail")}
    schema_type, part = SCHEMA_PARTS[kind]
    getter = tk.h.scheming_get_organization_schema if schema_type == "organization" \
        else tk.h.scheming_get_dataset_schema
    schema = getter(kind if kind != "resource" else "dataset") or {}
    return {f["field_name"]: tk.h.scheming_language_text(f.get("label")) or f["field_name"]
            for f in schema.get(part, [])}


def differences(kind: str, shown: dict, yours: dict) -> list[dict]:
    """[{field, label, theirs, yours, value}] for each field the two versions hold differently, in
    the form's order; `value` is yours as JSON, for the page to send back."""
    names = labels(kind)
    order = {name: i for i, name in enumerate(names)}
    if kind == "dataset" and "tag_string" in yours:
        yours = {**yours, "tag_string": ",".join(sorted(t.strip() for t in yours["tag_string"].split(",")
                                                        if t.strip()))}
    rows = []
    for field in sorted((f for f in yours if f not in NOT_FIELDS), key=lambda f: (order.get(f, len(order)), f)):
        theirs, mine = _theirs(kind, shown, field), yours[field]
        if _normal(theirs) == _normal(mine):
            continue
        rows.append({"field": field, "label": names.get(field, field), "theirs": display(theirs),
                     "yours": display(mine), "value": json.dumps(mine, ensure_ascii=False)})
    return rows


def as_changes(kind: str, chosen: dict) -> dict:
    """The chosen values as a patch of the object (tags as the actions take them)."""
    changes = dict(chosen)
    if kind == "dataset" and "tag_string" in changes:
        tags = [t.strip() for t in str(changes.pop("tag_string") or "").split(",") if t.strip()]
        changes["tags"] = [{"name": t} for t in tags]
    return changes
