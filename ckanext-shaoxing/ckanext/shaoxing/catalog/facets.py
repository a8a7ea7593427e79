"""Search facets of the catalogue, with code values shown as labels in the current language."""
from __future__ import annotations

from collections import OrderedDict

import ckan.plugins.toolkit as tk

from .. import departments
from .helpers import shaoxing_choice_label

# facet field → (scheming field whose choices label it, or None)
FACETS = (("organization", None), ("domain", "domain"), ("open_level", "open_level"),
          ("region_code", "region_code"), ("res_format", None), ("update_frequency", "update_frequency"))


def titles() -> OrderedDict:
    _ = tk._
    names = {"organization": _("Department"), "domain": _("Domain"), "open_level": _("Open level"),
             "region_code": _("District"), "res_format": _("Format"), "update_frequency": _("Update frequency")}
    return OrderedDict((field, names[field]) for field, _unused in FACETS)


def label_items(search_results: dict) -> dict:
    """Facet items carry codes (transport, 330602); show their labels instead."""
    for facet, field in FACETS:
        block = search_results.get("search_facets", {}).get(facet)
        if facet == "organization" and block:
            for item in block.get("items", []):
                departments.name_in_page_language(item)
        if not field or not block:
            continue
        for item in block.get("items", []):
            item["display_name"] = shaoxing_choice_label(field, item["name"])
    return search_results
