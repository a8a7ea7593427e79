"""Who may call a shared interface. The data of an entry is decided by the one gate (through
the access feature's door, access/api.py: tiers, grants, app keys, quotas); here only:

- a shared interface (共享接口): sysadmins and members of any department (an organization the
  bureau marked: departments.py), never anonymous or ordinary accounts, nor members of an
  organization that is not a department."""
from __future__ import annotations

from .. import departments

SHARED_REFUSAL = ("共享接口仅供各部门（组织）成员和系统管理员调用，请用部门账号的 API 令牌调用",
                  "shared interfaces answer only members of a department (organization) and sysadmins; "
                  "call it with a department account's API token")


def is_member_of_any_department(user: str | None) -> bool:
    """The shared interfaces' rule: the departments' one definition."""
    return departments.is_member_of_any(user)
