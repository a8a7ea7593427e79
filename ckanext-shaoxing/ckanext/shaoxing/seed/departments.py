"""Departments (数源单位) are CKAN organizations; the seed's list is a CSV the bureau keeps.
Every organization on it is marked a department (departments.py)."""
from __future__ import annotations

import csv
import pathlib

import ckan.plugins.toolkit as tk

from ..departments import FIELD as DEPARTMENT

FIELDS = ("name", "title", "title_en", "org_code", "credit_code", "description")


def read(path: pathlib.Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [{**{k: row[k].strip() for k in FIELDS}, DEPARTMENT: "true"} for row in csv.DictReader(f)]


def upsert(context: dict, departments: list[dict]) -> tuple[int, int]:
    """Create missing departments and patch changed ones; returns (created, updated)."""
    created = updated = 0
    for dept in departments:
        try:
            current = tk.get_action("organization_show")(dict(context), {"id": dept["name"]})
        except tk.ObjectNotFound:
            tk.get_action("organization_create")(dict(context), dict(dept))
            created += 1
            continue
        if any(current.get(k) != v for k, v in dept.items()):
            tk.get_action("organization_patch")(dict(context), {"id": current["id"], **dept})
            updated += 1
    return created, updated
