"""What the Solr document of a dataset gets beyond CKAN's own fields."""
from __future__ import annotations

import json


def add_search_fields(pkg_dict: dict) -> dict:
    """Index the department's Chinese name, so 交通运输局 finds that department's datasets
    (CKAN indexes only the organization's slug)."""
    data = json.loads(pkg_dict.get("validated_data_dict") or pkg_dict.get("data_dict") or "{}")
    org = data.get("organization") or {}
    if org.get("title"):
        pkg_dict["organization_title"] = org["title"]
    return pkg_dict
