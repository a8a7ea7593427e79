"""Quarantine: a resource whose file holds unmasked personal data is served to nobody but its
department and sysadmins until the file is fixed (a re-check finds nothing) or a sysadmin
overrides with a recorded reason. The data gate asks `refuses(user, resource_id)`; this is the
one public function other features call."""
from __future__ import annotations

import datetime as dt

import ckan.model as model
import sqlalchemy as sa

from .. import departments
from .model import quarantine

REFUSAL = ("该资源含未脱敏的个人信息，已被隔离，仅数源部门和平台管理员可访问",
           "this resource holds unmasked personal data and is quarantined: only its department and sysadmins may read it")


def state(resource_id: str | None) -> dict | None:
    if not resource_id:
        return None
    row = model.Session.execute(sa.select(quarantine).where(quarantine.c.resource_id == resource_id)).mappings().first()
    return dict(row) if row else None


def is_quarantined(resource_id: str | None) -> bool:
    row = state(resource_id)
    return bool(row) and row["state"] == "quarantined"


# The same test as `is_quarantined`, for a caller that folds it into a statement of its own (the
# data gate asks it with the key's lookup: one query a call); binds :resource_id.
QUARANTINED_SQL = ("EXISTS (SELECT 1 FROM shaoxing_quarantine WHERE resource_id = :resource_id"
                   " AND state = 'quarantined')")


def refuses(user: str | None, resource_id: str | None, quarantined: bool | None = None) -> bool:
    """True when `resource_id` is quarantined and `user` is not of its department nor a sysadmin.
    `quarantined`: the state when the caller has already read it (QUARANTINED_SQL)."""
    if not (is_quarantined(resource_id) if quarantined is None else quarantined):
        return False
    res = model.Resource.get(resource_id)
    pkg = res.package if res else None
    return not departments.is_member_or_sysadmin(user, pkg.owner_org if pkg else None)


def apply(pkg: dict, scanned: list[dict]) -> dict[str, str]:
    """Bring the quarantine in line with a check's privacy findings; returns resource → state.
    A fixed file (no findings) is released; an override holds while the file is the same."""
    now = dt.datetime.utcnow()
    states = {}
    for item in scanned:
        rid = item["resource_id"]
        row = state(rid)
        if not item.get("complete"):
            states[rid] = row["state"] if row else None     # unreadable: whatever held before holds
            continue
        if not item["findings"]:
            if row:
                model.Session.execute(sa.delete(quarantine).where(quarantine.c.resource_id == rid))
            states[rid] = None
            continue
        if row and row["state"] == "overridden" and row["digest"] == item.get("digest"):
            model.Session.execute(sa.update(quarantine).where(quarantine.c.resource_id == rid).values(
                findings=item["findings"]))
            states[rid] = "overridden"
            continue
        values = {"package_id": pkg["id"], "state": "quarantined", "findings": item["findings"],
                  "digest": item.get("digest"), "found_at": now, "override_reason": None, "override_by": None,
                  "override_at": None}
        if row:
            model.Session.execute(sa.update(quarantine).where(quarantine.c.resource_id == rid).values(**values))
        else:
            model.Session.execute(sa.insert(quarantine).values(resource_id=rid, **values))
        states[rid] = "quarantined"
    # Resources no longer in the dataset leave the quarantine with it.
    keep = [r["id"] for r in pkg.get("resources", [])]
    model.Session.execute(sa.delete(quarantine).where(quarantine.c.package_id == pkg["id"],
                                                      quarantine.c.resource_id.notin_(keep)))
    return states


def override(resource_id: str, reason: str, user: str) -> dict:
    model.Session.execute(sa.update(quarantine).where(quarantine.c.resource_id == resource_id).values(
        state="overridden", override_reason=reason, override_by=user, override_at=dt.datetime.utcnow()))
    model.Session.commit()
    return state(resource_id)


def of_packages(package_ids: list[str]) -> list[dict]:
    rows = model.Session.execute(sa.select(quarantine).where(quarantine.c.package_id.in_(package_ids)))
    return [dict(r) for r in rows.mappings()]
