"""What the portal's own pages show: the main menu, the operator in the footer, and the home
page's figures, topic tiles and lists. Everything is read through actions (and so through
their caches), never another feature's tables."""
from __future__ import annotations

import logging

import ckan.plugins.toolkit as tk
from ckan.lib.search.common import SearchError, SolrConnectionError
from flask import current_app

from .. import clock
from ..governance import api as governance
from ..suggest import api as suggest
from . import cache
from .core_strings import N_

log = logging.getLogger(__name__)

__all__ = ["shaoxing_main_nav", "shaoxing_operator", "shaoxing_home_enabled", "shaoxing_home_figures",
           "shaoxing_home_domains", "shaoxing_home_datasets", "shaoxing_home_departments",
           "shaoxing_suggested_queries", "shaoxing_this_year", "shaoxing_routes", "shaoxing_care_mode"]

# The 长辈版 (large text, high contrast) switch's cookie (home/views.py sets it).
CARE_COOKIE = "shaoxing_care"


def shaoxing_care_mode() -> bool:
    """Whether the visitor turned the 长辈版 on: the page is rendered in that mode. The page then
    depends on a cookie: CKAN's own mark makes its answer say `Vary: Cookie`, so no shared cache
    (the operator's proxy) hands one visitor's mode to another."""
    from flask import has_request_context, request
    if not has_request_context():
        return False
    request.environ["__limit_cache_by_cookie__"] = True
    return request.cookies.get(CARE_COOKIE) == "1"

# The menu of the city's portals; an entry whose page is not installed (a plugin left out) is
# left out too, instead of failing the whole header.
MENU = (("home.index", N_("Home"), []),
        ("dataset.search", N_("Open catalogue"), ["dataset", "resource"]),
        ("shaoxing_home.developers", N_("Developers"), ["shaoxing_home"]),
        ("shaoxing_interfaces.index", N_("Data interfaces"), ["shaoxing_interfaces"]),
        ("shaoxing_targets.dashboard", N_("Targets dashboard"), ["shaoxing_targets"]),
        ("shaoxing_contest.index", N_("Open data contest"), ["shaoxing_contest"]),
        ("organization.index", N_("Data departments"), ["organization"]),
        ("home.about", N_("About"), []))
# The searches offered on the home page until the query log has its own 热门搜索 (a fresh
# install): the catalogue's words (its entries are Chinese), each shown in the page's language.
SUGGESTED = (("公交", N_("Buses")), ("空气质量", N_("Air quality")), ("医院", N_("Hospitals")), ("停车场", N_("Car parks")),
             ("景区", N_("Scenic spots")), ("学校", N_("Schools")))


def _action(name: str, data: dict | None = None):
    return tk.get_action(name)({"user": tk.g.user if tk.g else None}, data or {})


def _search(data: dict) -> dict | None:
    """package_search for a list of the home page as anonymous sees it (the lists are cached for
    everyone: never a private or draft entry, whoever asks first), or None while Solr does not
    answer: the page draws the rest (its figures come from the database) and says so where the
    list would be."""
    try:
        return tk.get_action("package_search")({"user": ""}, data)
    except (SolrConnectionError, SearchError) as e:
        log.warning("home page list left out, search unavailable: %s", type(e).__name__)
        return None


def shaoxing_main_nav() -> list[tuple]:
    return [(route, tk._(label), highlight) for route, label, highlight in MENU if route in current_app.view_functions]


def shaoxing_home_enabled() -> bool:
    return tk.config.get("ckanext.shaoxing.portal.home")


def shaoxing_home_figures() -> list[dict]:
    """Headline figures, each {"key", "label", "value", "url"}."""
    totals = _action("shaoxing_portal_figures")
    usage = _action("shaoxing_usage_summary")
    # All years (the targets dashboard shows one year's).
    figures = [("open_datasets", tk._("Open datasets, all years"), totals["open_datasets"], tk.h.url_for("dataset.search")),
               ("open_apis", tk._("Open APIs"), totals["open_apis"], tk.h.url_for("shaoxing_home.developers")),
               ("shared_apis", tk._("Shared interfaces"), totals["shared_apis"], None),
               ("departments", tk._("Departments"), totals["departments"], tk.h.url_for("organization.index")),
               ("downloads", tk._("Downloads"), usage["downloads"], None),
               ("api_calls", tk._("API calls"), usage["api_calls"], None)]
    if "contest_app_count" in _actions():
        figures.append(("contest_apps", tk._("Contest apps this year"), _action("contest_app_count")["apps"],
                        tk.h.url_for("shaoxing_contest.index") if "shaoxing_contest.index" in current_app.view_functions
                        else None))
    return [{"key": k, "label": label, "value": v, "url": url} for k, label, v, url in figures]


def _actions() -> set[str]:
    from ckan.logic import _actions as registered  # the registry CKAN fills from every plugin
    return set(registered)


# The home page's two lists of entries, by name: their order in search.
LISTS = {"latest": "metadata_modified desc", "popular": "resources_accessed_total desc, metadata_modified desc"}
LIST_ROWS, TOP_DEPARTMENTS = 6, 8
# Asked for beyond LIST_ROWS, to fill the lists after leaving out faulty entries.
SPARE_ROWS = 18


def _sound(results: list[dict]) -> list[dict]:
    """The first LIST_ROWS entries a citizen can use: none whose quality check failed or with a
    quarantined resource (its download would be refused)."""
    left_out = governance.faulty(p["id"] for p in results)
    return [p for p in results if p["id"] not in left_out][:LIST_ROWS]


def _entry(pkg: dict) -> dict:
    # What the lists show of an entry (kept small in the cache).
    org = pkg.get("organization")
    return {"name": pkg["name"], "title": pkg["title"],
            "organization": {"title": org.get("title")} if isinstance(org, dict) else None}


def _search_lists() -> dict | None:
    """Three searches: the latest entries with every domain's count on the same query, the most
    downloaded (both without faulty entries), and the departments with most open entries. None
    while search is unavailable."""
    rows = LIST_ROWS + SPARE_ROWS
    latest = _search({"sort": LISTS["latest"], "rows": rows, "facet.field": '["domain"]', "facet.limit": -1})
    popular = latest and _search({"sort": LISTS["popular"], "rows": rows})
    top = popular and _search({"rows": 0, "facet.field": '["organization"]', "facet.limit": TOP_DEPARTMENTS,
                               "fq": "open_level:(unconditional OR conditional)"})
    if top is None:
        return None
    return {"count": latest["count"], "domains": latest["facets"].get("domain", {}),
            "latest": [_entry(p) for p in _sound(latest["results"])],
            "popular": [_entry(p) for p in _sound(popular["results"])],
            # Solr gives the top departments; CKAN's search_facets lists them in no order.
            "departments": sorted(({k: org[k] for k in ("name", "display_name", "count")}
                                   for org in top["search_facets"].get("organization", {}).get("items", [])),
                                  key=lambda org: (-org["count"], org["display_name"]))}


def home_lists() -> dict | None:
    """The lists and counts of the home page from the cache (computed on a miss), once per request."""
    if "shaoxing_home_lists" not in tk.g:
        tk.g.shaoxing_home_lists = cache.cached(tk.h.lang(), _search_lists)
    return tk.g.shaoxing_home_lists


def shaoxing_home_domains() -> list[dict] | None:
    """The 16 domains in the schema's order (the four priority domains first), with counts;
    None while search is unavailable."""
    lists = home_lists()
    if lists is None:
        return None
    counts = lists["domains"]
    schema = tk.h.scheming_get_dataset_schema("dataset")
    choices = tk.h.scheming_field_by_name(schema["dataset_fields"], "domain")["choices"]
    return [{"code": c["value"], "label": tk.h.scheming_language_text(c["label"]), "count": counts.get(c["value"], 0),
             "priority": n < 4, "url": tk.h.url_for("dataset.search", domain=c["value"])}
            for n, c in enumerate(choices)]


def shaoxing_home_datasets(which: str) -> list[dict] | None:
    """The entries of list `which` (LISTS: latest, popular); None while search is unavailable."""
    lists = home_lists()
    return None if lists is None else lists[which]


def shaoxing_home_departments() -> list[dict] | None:
    lists = home_lists()
    return None if lists is None else lists["departments"]


def shaoxing_suggested_queries() -> list[dict]:
    """Each offered search (热门搜索: the query log's, filled up from the fixed list):
    {"q": the query, "label": it in the page's language: a term of the fixed list has its English
    label on English pages, other terms are shown as searched}."""
    english = not tk.h.lang().startswith("zh")
    labels = dict(SUGGESTED)
    hot = suggest.hot_terms(len(SUGGESTED), list(labels))
    return [{"q": q, "label": tk._(labels[q]) if english and q in labels else q} for q in hot]


def shaoxing_operator() -> dict:
    """The operator's name, address, telephone and e-mail (the English name and address on
    English pages)."""
    details = {k: tk.config.get(f"ckanext.shaoxing.portal.operator_{k}") for k in ("name", "address", "phone", "email")}
    if not tk.h.lang().startswith("zh"):
        for k in ("name", "address"):
            details[k] = tk.config.get(f"ckanext.shaoxing.portal.operator_{k}_en") or details[k]
    return details


def shaoxing_this_year() -> int:
    return clock.today().year


def shaoxing_routes() -> set[str]:
    """The endpoints this portal serves (pages of plugins left out are not among them)."""
    return set(current_app.view_functions)
