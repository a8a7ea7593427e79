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
    import ckan.model as model
    import sqlalchemy as sa
    comp = shaoxing_company_of_user()
    if not comp:
        return False
    return bool(model.Session.execute(sa.select(store.access_request.c.id).where(
        store.access_request.c.company_id == comp["id"], store.access_request.c.package_id == package_id,
        store.access_request.c.state == "pending")).first())
