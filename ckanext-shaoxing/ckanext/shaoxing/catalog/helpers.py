"""Template helpers of the catalogue."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

__all__ = ["shaoxing_choice_label", "shaoxing_open_level"]


def schema_fields() -> list[dict]:
    """Every field of the catalogue schema: dataset, resource and repeating subfields.
    scheming caches the loaded schema; this reads no file."""
    schema = tk.h.scheming_get_dataset_schema("dataset")
    fields = schema["dataset_fields"] + schema["resource_fields"]
    return fields + [sub for f in schema["dataset_fields"] for sub in f.get("repeating_subfields", [])]


def _choices(field_name: str) -> list[dict]:
    for field in schema_fields():
        if field["field_name"] == field_name:
            return field.get("choices", [])
    return []


def shaoxing_choice_label(field_name: str, value: str) -> str:
    """The label of a code of a controlled field, in the current language."""
    return tk.h.scheming_choices_label(_choices(field_name), value) if value else ""


def shaoxing_open_level(pkg: dict) -> dict:
    """The open level of an entry with its label and a CSS class for its badge."""
    level = pkg.get("open_level") or ""
    return {"code": level, "label": shaoxing_choice_label("open_level", level),
            "css": {"unconditional": "bg-success", "conditional": "bg-warning text-dark",
                    "not_open": "bg-secondary"}.get(level, "bg-light text-dark")}
