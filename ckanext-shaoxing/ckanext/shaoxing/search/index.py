"""What the Solr document of a dataset gets beyond CKAN's own fields."""
from __future__ import annotations

import json

from ..access import links
from ..usage.totals import package_totals


def add_search_fields(pkg_dict: dict) -> dict:
    """Index the department's Chinese name, so 交通运输局 finds that department's datasets
    (CKAN indexes only the organization's slug), and the usage totals; leave out the outside
    addresses of entries not open unconditionally."""
    data = json.loads(pkg_dict.get("validated_data_dict") or pkg_dict.get("data_dict") or "{}")
    org = data.get("organization") or {}
    if org.get("title"):
        pkg_dict["organization_title"] = org["title"]
    return add_usage_totals(mask_links(pkg_dict))


def mask_links(pkg_dict: dict) -> dict:
    """The document holds an entry three times (the flattened `res_url`, which Solr copies into
    `urls` and `text`, and the two cached dicts package_show and `fl` read): each gets the gated
    download address instead of a conditional entry's outside one (access/links.py)."""
    level = pkg_dict.get("open_level")      # extras are flattened into the document by now
    if not links.gated(pkg_dict, level):
        return pkg_dict
    for field in ("data_dict", "validated_data_dict"):
        if pkg_dict.get(field):
            cached = links.mask(json.loads(pkg_dict[field]), level)
            pkg_dict[field] = json.dumps(cached)
    if pkg_dict.get("data_dict"):
        pkg_dict["res_url"] = [r.get("url", "") for r in json.loads(pkg_dict["data_dict"]).get("resources") or []]
    return pkg_dict


def add_usage_totals(pkg_dict: dict) -> dict:
    """Flushed usage totals, for sorting by most viewed / most downloaded (CKAN's schema has
    the fields, from its tracking feature)."""
    counts = package_totals(pkg_dict["id"])
    pkg_dict["views_total"] = counts.get("view", 0)
    pkg_dict["resources_accessed_total"] = counts.get("download", 0)
    return pkg_dict
