"""Which roles an account has (once per request, on every signed-in page: a few small queries): a
sysadmin, a company's member (or an account a company has invited), a department's editor or
admin, a contest team's member. One account may have several. The features answer through their
auth functions and actions; the departments come from CKAN's membership table."""
from __future__ import annotations

import dataclasses

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk

from ..access import api as access


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


def _departments(user_id: str) -> list[dict]:
    # The organizations where the account holds a role that edits entries (CKAN's roles), in one
    # query: organization_list_for_user dictizes every organization it returns.
    roles = authz.get_roles_with_permission("update_dataset")
    rows = (model.Session.query(model.Group.name, model.Group.title)
            .join(model.Member, model.Member.group_id == model.Group.id)
            .filter(model.Member.table_name == "user", model.Member.table_id == user_id,
                    model.Member.state == "active", model.Member.capacity.in_(roles),
                    model.Group.is_organization.is_(True), model.Group.state == "active")
            .order_by(model.Group.name))
    return [{"name": name, "title": title or name} for name, title in rows]


def _compute(user: str) -> Roles:
    sysadmin = bool(tk.current_user.sysadmin)
    # A sysadmin passes every check: the company's pages are for its members.
    company = not sysadmin and access.company_standing(tk.current_user.id) is not None
    return Roles(sysadmin=sysadmin, company=company, reviewer=_allowed("shaoxing_access_review", user),
                 departments=[] if sysadmin else _departments(tk.current_user.id),
                 teams=_try("contest_my_teams", user) or [])


def of_current() -> Roles | None:
    """The signed-in account's roles (None for a visitor), computed once per request."""
    if not tk.current_user.is_authenticated:
        return None
    if "shaoxing_roles" not in tk.g:
        tk.g.shaoxing_roles = _compute(tk.current_user.name)
    return tk.g.shaoxing_roles
