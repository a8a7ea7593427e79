"""Template helpers of the catalogue."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from .. import departments
from ..schemas.api import choices

__all__ = ["shaoxing_choice_label", "shaoxing_department_name", "shaoxing_facet_title", "shaoxing_open_level"]


def shaoxing_choice_label(field_name: str, value: str) -> str:
    """The label of a code of a controlled field, in the current language."""
    return tk.h.scheming_choices_label(choices(field_name), value) if value else ""


def shaoxing_open_level(pkg: dict) -> dict:
    """The open level of an entry with its label and a CSS class for its badge."""
    level = pkg.get("open_level") or ""
    return {"code": level, "label": shaoxing_choice_label("open_level", level),
            "css": {"unconditional": "bg-success", "conditional": "bg-warning text-dark",
                    "not_open": "bg-secondary"}.get(level, "bg-light text-dark")}


def shaoxing_facet_title(field: str) -> str:
    """The name of a search filter the sidebar does not list (a tag's, reached from an entry)."""
    _ = tk._
    return {"tags": _("Tag"), "groups": _("Topic"), "license_id": _("Licence")}.get(field, field)


def shaoxing_department_name(org: dict | None) -> str:
    """A department's name in the page's language (its English name on English pages)."""
    org = departments.name_in_page_language(dict(org or {}))
    return org.get("display_name") or org.get("title") or org.get("name") or ""
