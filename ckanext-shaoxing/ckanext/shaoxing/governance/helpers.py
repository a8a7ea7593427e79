"""Template helpers: the public score badge and whether a resource's data is withheld."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from . import quarantine

__all__ = ["shaoxing_quality_badge", "shaoxing_quarantine_refuses", "shaoxing_quarantine_state",
           "shaoxing_may_see_quality", "shaoxing_may_see_department_quality"]


def shaoxing_quality_badge(package_id: str) -> dict | None:
    try:
        return tk.get_action("shaoxing_quality_badge")({"user": tk.g.user}, {"id": package_id})
    except (tk.NotAuthorized, tk.ObjectNotFound, tk.ValidationError):
        return None


def shaoxing_quarantine_refuses(resource_id: str) -> bool:
    """Whether the current user is refused this resource's data (quarantined, not their department)."""
    return quarantine.refuses(tk.g.user or None, resource_id)


def shaoxing_quarantine_state(resource_id: str) -> str | None:
    row = quarantine.state(resource_id)
    return row["state"] if row else None


def shaoxing_may_see_quality(package_id: str) -> bool:
    """Whether the current user may open the dataset's quality report (its department, sysadmins)."""
    try:
        tk.check_access("shaoxing_quality_show", {"user": tk.g.user}, {"id": package_id})
        return True
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False


def shaoxing_may_see_department_quality(organization: str) -> bool:
    """Whether the current user may open the department's quality report (its members, sysadmins)."""
    try:
        tk.check_access("shaoxing_quality_list", {"user": tk.g.user}, {"organization": organization})
        return True
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
