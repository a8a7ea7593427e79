"""What the Solr document of a dataset gets beyond CKAN's own fields, and refreshing the
documents whose usage totals changed."""
from __future__ import annotations

import contextlib
import contextvars
import json
from typing import Iterable

import ckan.model as model
from ckan import logic
from ckan.lib import search

from ..access import api as access_api
from ..governance import api as governance
from ..usage import api as usage
from . import pinyin

# Usage totals read for a whole batch of documents (`usage_totals_for`): {package id: totals}.
# Scoped to the block that indexes them, in this thread; never shared between requests.
_batch_totals: contextvars.ContextVar[dict | None] = contextvars.ContextVar("shaoxing_usage_totals", default=None)
# Likewise the batch's faulty datasets (failing their check, or holding a quarantined file).
_batch_faulty: contextvars.ContextVar[set | None] = contextvars.ContextVar("shaoxing_faulty", default=None)


def add_search_fields(pkg_dict: dict) -> dict:
    """Index the department's Chinese name, so 交通运输局 finds that department's datasets
    (CKAN indexes only the organization's slug), and the usage totals; leave out the outside
    addresses of entries not open unconditionally."""
    data = json.loads(pkg_dict.get("validated_data_dict") or pkg_dict.get("data_dict") or "{}")
    org = data.get("organization") or {}
    if org.get("title"):
        pkg_dict["organization_title"] = org["title"]
    add_pinyin(pkg_dict, [t.get("name", "") for t in data.get("tags") or []] + [org.get("title") or ""])
    faulty = _batch_faulty.get()
    if faulty is None:
        faulty = governance.faulty([pkg_dict["id"]])
    pkg_dict["shaoxing_faulty"] = int(pkg_dict["id"] in faulty)
    return add_usage_totals(mask_links(pkg_dict))


def add_pinyin(pkg_dict: dict, others: list[str]) -> dict:
    """Full pinyin and initials of the title, and of the keywords and the department's name, for
    citizens who type `gongjiao` or `gj` (search/query.py)."""
    pkg_dict["title_py"] = pinyin.syllables(pkg_dict.get("title") or "")
    pkg_dict["title_pyi"] = pinyin.initials(pkg_dict.get("title") or "")
    # One value, the texts apart by a comma token: a phrase never spans two of them, and a
    # schema without these fields (CKAN's stock one, the benchmark's baseline) takes it as a string.
    others = [t for t in others if t]
    pkg_dict["text_py"] = " , ".join(pinyin.syllables(t) for t in others)
    pkg_dict["text_pyi"] = " , ".join(pinyin.initials(t) for t in others)
    return pkg_dict


def mask_links(pkg_dict: dict) -> dict:
    """The document holds an entry three times (the flattened `res_url`, which Solr copies into
    `urls` and `text`, and the two cached dicts package_show and `fl` read): each gets the gated
    download address instead of a conditional entry's outside one (access/links.py)."""
    level = pkg_dict.get("open_level")      # extras are flattened into the document by now
    if not access_api.gated(pkg_dict, level):
        return pkg_dict
    for field in ("data_dict", "validated_data_dict"):
        if pkg_dict.get(field):
            cached = access_api.mask(json.loads(pkg_dict[field]), level)
            pkg_dict[field] = json.dumps(cached)
    if pkg_dict.get("data_dict"):
        pkg_dict["res_url"] = [r.get("url", "") for r in json.loads(pkg_dict["data_dict"]).get("resources") or []]
    return pkg_dict


@contextlib.contextmanager
def usage_totals_for(package_ids: Iterable[str]):
    """Within the block, the documents of these datasets take their usage totals from one read
    made now (instead of one read per document). For whoever indexes many datasets at once."""
    package_ids = list(package_ids)
    token = _batch_totals.set(usage.package_totals(package_ids))
    faulty = _batch_faulty.set(governance.faulty(package_ids))
    try:
        yield
    finally:
        _batch_totals.reset(token)
        _batch_faulty.reset(faulty)


def add_usage_totals(pkg_dict: dict) -> dict:
    """Flushed usage totals, for sorting by most viewed / most downloaded (CKAN's schema has
    the fields, from its tracking feature)."""
    batch = _batch_totals.get() or {}
    counts = batch.get(pkg_dict["id"]) or usage.package_totals([pkg_dict["id"]])[pkg_dict["id"]]
    pkg_dict["views_total"] = counts["view"]
    pkg_dict["resources_accessed_total"] = counts["download"]
    return pkg_dict


def reindex(package_ids: Iterable[str]) -> None:
    """Refresh these datasets' documents (their totals read at once) and commit."""
    package_ids = list(package_ids)
    with usage_totals_for(package_ids):
        for package_id in package_ids:
            try:
                logic.index_update_package({}, package_id, defer_commit=True)
            except logic.NotFound:      # purged since
                continue
    search.commit()


def on_usage_totals_changed(sender, package_ids=(), **kwargs) -> None:
    """Receiver of the usage feature's `shaoxing_usage_totals_changed` (after each flush)."""
    reindex(package_ids)


def on_checked(sender, package_ids=(), **kwargs) -> None:
    """Receiver of the quality check's signal: a dataset that now fails or passes (or holds a
    quarantined file) is ranked accordingly (`shaoxing_faulty`)."""
    reindex(package_ids)


def on_quarantine_override(sender, data_dict=None, **kwargs) -> None:
    """A sysadmin serves a quarantined file again: its dataset may now rank as clean."""
    resource = model.Resource.get((data_dict or {}).get("resource_id"))
    if resource is not None:
        reindex([resource.package_id])

