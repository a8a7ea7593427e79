"""Validators named in the scheming YAML. Every message is bilingual (中文 / English): the
portal's users read Chinese, API clients and logs often English."""
from __future__ import annotations

import datetime as dt
import re

import ckan.authz as authz
import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import Missing, StopOnError

from .. import credit_code as cc
from .. import departments
from ..params import invalid, message
from . import catalog_codes, lookups
from .catalog_codes import name_from_code

__all__ = [
    "shaoxing_credit_code", "shaoxing_org_code", "shaoxing_catalog_code", "shaoxing_name_from_code",
    "shaoxing_open_condition", "shaoxing_non_negative_int", "shaoxing_date", "shaoxing_not_before",
    "shaoxing_phone", "shaoxing_email", "shaoxing_no_data_when_not_open", "shaoxing_package_name",
    "shaoxing_owner_org", "shaoxing_department_flag",
]

CATALOG_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-/.]{0,63}$")
ORG_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{9}$")
PHONE = re.compile(r"^\+?[0-9]+(-[0-9]+)*$")
EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


def _empty(value) -> bool:
    return value is None or isinstance(value, Missing) or (isinstance(value, str) and not value.strip())


def shaoxing_credit_code(value):
    value = (value or "").strip().upper()
    if value and (why := cc.problem(value)):
        invalid("统一社会信用代码无效", f"invalid unified social credit code: {why}")
    return value


def shaoxing_org_code(value):
    value = (value or "").strip().upper()
    if value and not ORG_CODE.match(value):
        invalid("组织机构代码应为9位数字或大写字母", "organization code must be 9 digits or capital letters")
    return value


def shaoxing_catalog_code(key, data, errors, context):
    value = data.get(key)
    if _empty(value):
        errors[key].append(message("必填", "Missing value"))
        raise StopOnError
    value = data[key] = value.strip()
    if not CATALOG_CODE.match(value):
        errors[key].append(message("信息资源代码只能包含字母、数字及 - / .，不超过64位",
                                   "catalogue code: letters, digits, - / . only, at most 64"))
        raise StopOnError
    prechecked = lookups.of(context)
    if prechecked is not None:
        if other_name := prechecked.codes.get(value):
            errors[key].append(message(f"信息资源代码已被数据集 {other_name} 使用",
                                       f"catalogue code already used by dataset {other_name}"))
        return
    package = context.get("package")
    other = catalog_codes.in_use([value], except_id=package.id if package is not None else None).get(value)
    if other:
        errors[key].append(message(f"信息资源代码已被数据集 {other[1]} 使用",
                                   f"catalogue code already used by dataset {other[1]}"))


def shaoxing_name_from_code(key, data, errors, context):
    """An empty URL name is made from the catalogue code (titles are Chinese, no slug there)."""
    if _empty(data.get(key)):
        code = data.get(("catalog_code",))
        if isinstance(code, str) and code:
            data[key] = name_from_code(code)


def shaoxing_package_name(key, data, errors, context):
    """CKAN's package_name_validator, answered from the bulk path's lookups when there are some
    (lookups.py)."""
    prechecked = lookups.of(context)
    if prechecked is None:
        return tk.get_validator("package_name_validator")(key, data, errors, context)
    if data[key] in prechecked.names:
        errors[key].append(tk._("That URL is already in use."))


def shaoxing_owner_org(key, data, errors, context):
    """CKAN's owner_org_validator, answered from the bulk path's lookups when there are some (bulk
    imports are for sysadmins, who may publish for any department)."""
    prechecked = lookups.of(context)
    if prechecked is None:
        return tk.get_validator("owner_org_validator")(key, data, errors, context)
    org_id = prechecked.organizations.get(data.get(key))
    if org_id is None:
        raise tk.Invalid(tk._("Organization does not exist"))
    data[key] = org_id


def shaoxing_open_condition(key, data, errors, context):
    if data.get(("open_level",)) == "conditional" and _empty(data.get(key)):
        errors[key].append(message("开放属性为有条件开放时必须填写开放条件",
                                   "required when the open level is conditional"))
        raise StopOnError


def shaoxing_no_data_when_not_open(key, data, errors, context):
    """不予开放 entries publish the catalogue entry only: no files, no interfaces."""
    if data.get(key) == "not_open" and any(k[0] == "resources" for k in data if len(k) == 3):
        errors[key].append(message("不予开放的目录不能包含数据资源", "a not-open entry may not carry resources"))


def shaoxing_non_negative_int(value):
    if _empty(value):
        return value
    try:
        number = int(str(value).strip())
    except ValueError:
        invalid("应为整数", "must be a whole number")
    if number < 0:
        invalid("不能为负数", "must not be negative")
    return str(number)


def parse_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        invalid("日期格式应为 YYYY-MM-DD", "date must be YYYY-MM-DD")


def shaoxing_date(value):
    if _empty(value):
        return value
    return parse_date(value).isoformat()


def shaoxing_not_before(other: str):
    """This date may not be earlier than the date in field `other` (e.g. modified ≥ issued)."""
    def validator(key, data, errors, context):
        mine, theirs = data.get(key), data.get(key[:-1] + (other,))
        if _empty(mine) or _empty(theirs) or errors.get(key[:-1] + (other,)):
            return
        if str(mine) < str(theirs):
            errors[key].append(message(f"不能早于 {other}（{theirs}）", f"must not be before {other} ({theirs})"))
    return validator


def shaoxing_phone(value):
    if value and not PHONE.match(value):
        invalid("电话号码只能包含数字和 -", "phone: digits with optional -")
    return value


def shaoxing_email(value):
    if value and not EMAIL.match(value):
        invalid("邮箱地址无效", "invalid e-mail address")
    return value


def shaoxing_department_flag(key, data, errors, context):
    """The organization's `department` mark ("true"/"false", departments.py): set or cleared by a
    sysadmin only; anyone else keeps the stored value (false for a new organization), and an
    attempt to change it is an error naming the field. Missing keeps the stored value for all."""
    value = data.get(key)
    given = None
    if not _empty(value):
        try:
            given = tk.asbool(value)
        except ValueError:
            errors[key].append(message("应为 true 或 false", "must be true or false"))
            raise StopOnError
    group = context.get("group")
    stored = bool(group is not None and (group.extras or {}).get(departments.FIELD) == "true")
    # The caller's identity, not ignore_auth: internal calls on behalf of an account do not mark.
    if given is not None and given != stored and not authz.is_sysadmin(context.get("user")):
        errors[key].append(message("只有系统管理员可以标记或取消数源部门",
                                   "only a sysadmin marks an organization as a department"))
        raise StopOnError
    data[key] = "true" if (stored if given is None else given) else "false"
