"""Who may read a table and call an interface (until the company gate of the next issue):

- the data of an unconditional (无条件开放) public entry: anyone;
- the data of a conditional (有条件开放) or private entry: sysadmins and members of the entry's
  department (CKAN's own organization permission);
- a shared interface (共享接口): sysadmins and members of any department, never anonymous or
  ordinary accounts."""
from __future__ import annotations

import ckan.authz as authz
import ckan.model as model

SHARED_REFUSAL = ("共享接口仅供各部门（组织）成员和系统管理员调用，请用部门账号的 API 令牌调用",
                  "shared interfaces answer only members of a department (organization) and sysadmins; "
                  "call it with a department account's API token")
DATA_REFUSAL = ("该数据为有条件开放，仅数源部门成员可调用；请向数源部门申请",
                "this data is open on conditions: only members of its department may read it; apply to the department")


def is_member_of_any_department(user: str | None) -> bool:
    if not user:
        return False
    if authz.is_sysadmin(user):
        return True
    obj = model.User.get(user)
    return bool(obj) and bool(obj.get_groups("organization"))


def may_read_data(user: str | None, package: dict) -> bool:
    if package.get("open_level") == "unconditional" and not package.get("private"):
        return True
    if not user:
        return False
    return authz.is_sysadmin(user) or bool(package.get("owner_org")) and authz.has_user_permission_for_group_or_org(
        package["owner_org"], user, "read")
