"""Where an account lands after login (CKAN's `ckan.auth.route_after_login`, also `/user/me`):
what its role has, not CKAN's dashboard of datasets it never made. A `came_from` the login page
carries is followed by CKAN before this (security/redirects.py keeps it on this site)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint

from . import who

roles = Blueprint("shaoxing_roles", __name__)
ENDPOINT = "shaoxing_roles.landing"


def _pending_reviews(user: str) -> bool:
    try:
        return bool(tk.get_action("shaoxing_access_request_list")({"user": user}, {"state": "pending"}))
    except (tk.NotAuthorized, tk.ValidationError):
        return False


def landing_url() -> str:
    """The signed-in account's first page: sysadmin → the admin overview; company → its company
    page; editor → the review queue when applications wait, else its department's page; contest
    entrant → its team; anyone else → the home page."""
    r = who.of_current()
    if r is None:
        return tk.h.url_for("home.index")
    if r.sysadmin:
        return tk.h.url_for("admin.index")
    if r.company:
        return tk.h.url_for("shaoxing_access.company")
    if r.departments:
        if r.reviewer and _pending_reviews(tk.current_user.name):
            return tk.h.url_for("shaoxing_access.review")
        return tk.h.url_for("organization.read", id=r.departments[0]["name"])
    if r.teams:
        return tk.h.url_for("shaoxing_contest.team", name=r.teams[0]["contest"])
    return tk.h.url_for("home.index")


@roles.route("/welcome")
def landing():
    if not tk.current_user.is_authenticated:
        return tk.redirect_to("user.login")
    return tk.redirect_to(landing_url())
