"""Which roles an account has, read through the features' actions (once per request): a sysadmin,
a company's member (or an account a company has invited), a department's editor or admin, a
contest team's member. One account may have several."""
from __future__ import annotations

import dataclasses

import ckan.plugins.toolkit as tk


@dataclasses.dataclass
class Roles:
    sysadmin: bool = False
    company: bool = False           # a member of a company, or invited to one
    reviewer: bool = False          # reviews data applications (access/auth.py says who)
    departments: list[dict] = dataclasses.field(default_factory=list)   # {"name", "title"} it edits
    teams: list[dict] = dataclasses.field(default_factory=list)         # {"contest", "title"}: its contest teams


def _try(action: str, user: str, data: dict | None = None):
    try:
        return tk.get_action(action)({"user": user}, data or {})
    except (tk.NotAuthorized, tk.ObjectNotFound, tk.ValidationError, KeyError):
        return None     # KeyError: the action's plugin is not loaded


def _allowed(auth: str, user: str) -> bool:
    try:
        tk.check_access(auth, {"user": user})
        return True
    except (tk.NotAuthorized, ValueError):   # ValueError: no such auth function (plugin left out)
        return False


def _teams(user: str) -> list[dict]:
    teams = []
    for contest in _try("contest_list", user) or []:
        mine = _try("contest_my_team", user, {"id": contest["id"]}) or {}
        if mine.get("team") or mine.get("invitations"):
            teams.append({"contest": contest["name"], "title": contest["title"]})
    return teams


def _compute(user: str) -> Roles:
    sysadmin = bool(tk.current_user.sysadmin)
    company = _try("shaoxing_company_show", user) is not None or bool(_try("shaoxing_company_invitation_list", user))
    departments = [] if sysadmin else [
        {"name": o["name"], "title": o.get("title") or o["name"]}
        for o in _try("organization_list_for_user", user, {"permission": "update_dataset",
                                                           "include_dataset_count": False}) or []]
    return Roles(sysadmin=sysadmin, company=company,
                 reviewer=_allowed("shaoxing_access_review", user), departments=departments, teams=_teams(user))


def of_current() -> Roles | None:
    """The signed-in account's roles (None for a visitor), computed once per request."""
    if not tk.current_user.is_authenticated:
        return None
    if "shaoxing_roles" not in tk.g:
        tk.g.shaoxing_roles = _compute(tk.current_user.name)
    return tk.g.shaoxing_roles
