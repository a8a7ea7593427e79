"""The audit trail is read by sysadmins only (who pass every auth function in CKAN)."""
from __future__ import annotations

__all__ = ["shaoxing_audit_search"]


def shaoxing_audit_search(context, data_dict):
    return {"success": False, "msg": "审计记录仅供平台管理员查看 / the audit trail is for sysadmins only"}
