"""What the Solr document of a dataset gets beyond CKAN's own fields."""
from __future__ import annotations

import json

from ..usage.totals import package_totals


def add_search_fields(pkg_dict: dict) -> dict:
    """Index the department's Chinese name, so 交通运输局 finds that department's datasets
    (CKAN indexes only the organization's slug), and the usage totals."""
    data = json.loads(pkg_dict.get("validated_data_dict") or pkg_dict.get("data_dict") or "{}")
    org = data.get("organization") or {}
    if org.get("title"):
        pkg_dict["organization_title"] = org["title"]
    return add_usage_totals(pkg_dict)


def add_usage_totals(pkg_dict: dict) -> dict:
    """Flushed usage totals, for sorting by most viewed / most downloaded (CKAN's schema has
    the fields, from its tracking feature)."""
    counts = package_totals(pkg_dict["id"])
    pkg_dict["views_total"] = counts.get("view", 0)
    pkg_dict["resources_accessed_total"] = counts.get("download", 0)
    return pkg_dict
