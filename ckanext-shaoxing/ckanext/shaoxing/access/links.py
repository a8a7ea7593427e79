"""Outside link addresses of entries that are not unconditionally open (conditional, not open).

Such an address would let anyone fetch the data around the gate, so:
- the search index never holds it: `mask` replaces it by the portal's own (gated) download
  address before the document goes to Solr (search/index.py), so no `fl`, facet or query of
  `package_search` can reveal or match it;
- an answer built from the database (package_show, resource_search) shows it only to whoever
  may read the data (`may_see`: the entry's department, sysadmins, a granted app key), and
  `reveal` puts it back from the database for them where the answer came from the index.
Uploads and the portal's own interface addresses are gated where they are served: never masked."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk

from .. import departments
from . import gate


def _site() -> str:
    return tk.config.get("ckan.site_url").rstrip("/")


def gated(pkg_dict: dict, open_level: str | None = None) -> bool:
    """Whether the entry's outside addresses are hidden from who may not read its data
    (`open_level` for a dict that holds it among unflattened extras)."""
    return (open_level or pkg_dict.get("open_level")) != "unconditional"


def is_outside(res: dict, site: str | None = None) -> bool:
    url = res.get("url") or ""
    site = site if site is not None else _site()
    return res.get("url_type") != "upload" and bool(url) and not url.startswith((site + "/", "/"))


def download_address(package_id: str, resource_id: str, site: str | None = None) -> str:
    """The resource's gated download address; written out (not url_for): no request's language
    prefix in the index, and the catalogue import matches this form back to the resource."""
    return f"{site if site is not None else _site()}/dataset/{package_id}/resource/{resource_id}/download"


def mask(pkg_dict: dict, open_level: str | None = None) -> dict:
    """Replace the outside addresses of a gated entry's resources by the portal's download address."""
    if gated(pkg_dict, open_level):
        site = _site()
        for res in pkg_dict.get("resources") or []:
            if is_outside(res, site):
                res["url"] = download_address(pkg_dict["id"], res["id"], site)
    return pkg_dict


def may_see(pkg_dict: dict, user: str | None, key: str | None = None) -> bool:
    """Whether `user` (or the request's app key) may see the entry's outside addresses."""
    if not gated(pkg_dict) or departments.is_member_or_sysadmin(user, pkg_dict.get("owner_org")):
        return True
    return bool(key) and gate.decide(None, pkg_dict, user, key, consume=False).allowed


def reveal(pkg_dict: dict) -> dict:
    """Put the stored addresses back (for whoever `may_see`), where the answer came from the index."""
    resources = [r for r in pkg_dict.get("resources") or [] if r.get("id") and r.get("url_type") != "upload"]
    if gated(pkg_dict) and resources:
        stored = dict(model.Session.query(model.Resource.id, model.Resource.url)
                      .filter(model.Resource.id.in_([r["id"] for r in resources])))
        for res in resources:
            if res["id"] in stored:
                res["url"] = stored[res["id"]]
    return pkg_dict


def show(pkg_dict: dict, user: str | None, key: str | None = None) -> dict:
    """The entry as `user` may see it: stored addresses, or masked ones."""
    return reveal(pkg_dict) if may_see(pkg_dict, user, key) else mask(pkg_dict)
