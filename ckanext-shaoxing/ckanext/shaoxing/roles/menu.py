"""The account menu: each role's pages, labelled, and only those the account may open."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import current_app

from . import who

__all__ = ["shaoxing_account_menu"]


def _item(key: str, label: str, endpoint: str, **args) -> dict | None:
    # A page of a plugin left out is left out of the menu too.
    if endpoint not in current_app.view_functions:
        return None
    return {"key": key, "label": label, "url": tk.h.url_for(endpoint, **args)}


def _group(key: str, title: str, *items) -> dict | None:
    items = [i for i in items if i]
    return {"key": key, "title": title, "items": items} if items else None


def shaoxing_account_menu() -> list[dict]:
    """The signed-in account's groups of items, [{key, title, items: [{key, label, url}]}]:
    its company's pages, its department's review queue, quality report and recent changes (the
    activity dashboard), its contest teams, the bureau's pages for sysadmins. Empty for a citizen
    (and a visitor): CKAN's dashboard would only tell them they have made no dataset."""
    roles = who.of_current()
    if roles is None:
        return []
    _ = tk._
    groups = []
    if roles.company:
        groups.append(_group("company", _("My company"),
                             _item("company", _("Company page"), "shaoxing_access.company"),
                             _item("keys", _("App keys"), "shaoxing_access.keys"),
                             _item("applications", _("My data applications"), "shaoxing_access.applications")))
    if roles.departments or roles.reviewer and not roles.sysadmin:
        groups.append(_group("department", _("My department"),
                             _item("review", _("Data applications to review"), "shaoxing_access.review") if roles.reviewer
                             else None,
                             *(_item(f"quality-{d['name']}", _("Quality report: {department}").format(department=d["title"])
                                     if len(roles.departments) > 1 else _("Quality report"),
                                     "shaoxing_quality.department", id=d["name"]) for d in roles.departments),
                             _item("changes", _("Recent changes"), "activity.dashboard") if roles.departments else None,
                             *(_item(f"requests-{d['name']}", _("Requests and error reports"), "shaoxing_feedback.queue",
                                     organization_id=d["name"]) for d in roles.departments[:1])))
    if roles.teams:
        groups.append(_group("contest", _("My contests"),
                             *(_item(f"team-{t['contest']}", t["title"], "shaoxing_contest.team", name=t["contest"])
                               for t in roles.teams)))
    if roles.sysadmin:
        groups.append(_group("admin", _("Administration"),
                             _item("admin", _("Admin overview"), "admin.index"),
                             _item("review", _("Data applications to review"), "shaoxing_access.review"),
                             _item("companies", _("Company verification"), "shaoxing_access.companies"),
                             _item("catalog-import", _("Catalogue import"), "shaoxing_catalog.import_form"),
                             _item("targets", _("Yearly targets"), "shaoxing_targets.admin"),
                             _item("quality", _("Data governance"), "shaoxing_quality.summary"),
                             _item("audit", _("Audit trail"), "shaoxing_audit.index"),
                             _item("requests", _("Open requests and reports by age"), "shaoxing_feedback.bureau"),
                             _item("search-terms", _("Popular searches"), "shaoxing_suggest.terms"),
                             _item("zero-results", _("Searches without results"), "shaoxing_suggest.zero_results"),
                             _item("changes", _("Recent changes"), "activity.dashboard")))
    return [g for g in groups if g]
