"""The search document as it was before ckanext-dcat: its `dcat` plugin flattens every repeating
field (数据项) into `extras_<field>__<subfield>` texts, which Solr copies into the full-text
fields, so searches would match and rank differently. Those are taken out and the field put
back as CKAN indexes it (the raw extra) — the document is the same with or without DCAT."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def _repeating(dataset_type: str) -> list[str]:
    schema = tk.h.scheming_get_dataset_schema(dataset_type) or {}
    return [f["field_name"] for f in schema.get("dataset_fields", []) if "repeating_subfields" in f]


def restore(pkg_dict: dict) -> dict:
    for field in _repeating(pkg_dict.get("type") or "dataset"):
        prefix = f"extras_{field}__"
        for key in [k for k in pkg_dict if k.startswith(prefix)]:
            del pkg_dict[key]
        if field not in pkg_dict and f"extras_{field}" in pkg_dict:
            pkg_dict[field] = pkg_dict[f"extras_{field}"]
    return pkg_dict
