"""Template helpers of the access pages."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from . import store

__all__ = ["shaoxing_company_of_user", "shaoxing_access_pending_for"]


def shaoxing_company_of_user() -> dict | None:
    """The logged-in account's company, if any."""
    return store.company_of(tk.g.user) if tk.g.user else None


def shaoxing_access_pending_for(package_id: str) -> bool:
    """Has the logged-in account's company a pending application for this entry?"""
    comp = shaoxing_company_of_user()
    return bool(comp) and store.has_pending_application(comp["id"], package_id)
