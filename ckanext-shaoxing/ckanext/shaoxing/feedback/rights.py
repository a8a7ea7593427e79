"""Who may do what with a request or report: one definition, read by the auth functions, the
actions (which fields an answer shows) and the pages (which buttons they draw)."""
from __future__ import annotations

import ckan.authz as authz
import ckan.model as model


def user_obj(user: str | None):
    obj = model.User.get(user) if user else None
    return obj if obj is not None and obj.state == "active" else None


def is_bureau(user: str | None) -> bool:
    return bool(user) and authz.is_sysadmin(user)


def in_department(user: str | None, organization_id: str | None, permission: str = "read") -> bool:
    """A member (`read`) or an editor (`update_dataset`) of the department, or the bureau."""
    if not user or not organization_id:
        return False
    return is_bureau(user) or authz.has_user_permission_for_group_or_org(organization_id, user, permission)


def routed_to(row: dict) -> str | None:
    """The department a row is routed to: none while it waits for the bureau."""
    return row["organization_id"] if row["state"] != "submitted" else None


def is_party(user: str | None, row: dict) -> bool:
    """The requester, the routed department's members, or the bureau: who sees the private fields
    (contact preference, attachment) and a row whose entry is no longer public."""
    obj = user_obj(user)
    if obj is None:
        return False
    return obj.id == row["user_id"] or in_department(user, routed_to(row)) or is_bureau(user)


def may_answer(user: str | None, row: dict) -> bool:
    return in_department(user, routed_to(row), "update_dataset")
