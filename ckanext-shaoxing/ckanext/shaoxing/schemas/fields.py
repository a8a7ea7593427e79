"""The catalogue schema's fields, read where the schema lives: the workbook codes, the templates'
labels and the targets' district check all take the controlled lists from here."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


def schema_fields() -> list[dict]:
    """Every field of the catalogue schema: dataset, resource and repeating subfields.
    scheming caches the loaded schema; this reads no file."""
    schema = tk.h.scheming_get_dataset_schema("dataset")
    fields = schema["dataset_fields"] + schema["resource_fields"]
    return fields + [sub for f in schema["dataset_fields"] for sub in f.get("repeating_subfields", [])]


def choices(field_name: str) -> list[dict]:
    """The choices (value and label) of a controlled field; [] for a free field."""
    for field in schema_fields():
        if field["field_name"] == field_name:
            return field.get("choices", [])
    return []


def codes(field_name: str) -> set[str]:
    """The codes a controlled field accepts."""
    return {c["value"] for c in choices(field_name)}
