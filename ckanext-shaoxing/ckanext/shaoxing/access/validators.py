"""Validators of the access actions' parameters; messages in Chinese and English."""
from __future__ import annotations

import re

import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import StopOnError

from ..credit_code import ALPHABET, check_symbol
from ..params import check_text, invalid, message

__all__ = ["shaoxing_uscc", "shaoxing_access_text", "shaoxing_access_phone", "shaoxing_access_email",
           "shaoxing_access_not_editable", "shaoxing_access_period", "shaoxing_access_true", "shaoxing_access_decision",
           "shaoxing_access_reason_to_reject", "shaoxing_access_state"]

MAX_LONG = 2000
FORBIDDEN = set("IOSVZ")


def shaoxing_uscc(value):
    """A unified social credit code by GB 32100-2015, each class of mistake named."""
    if not isinstance(value, str):
        invalid("应为文本", "must be a string")
    if len(value) != 18:
        invalid("统一社会信用代码应为 18 位", "the unified social credit code must be 18 characters")
    if value != value.upper():
        invalid("统一社会信用代码应使用大写字母", "the unified social credit code must be in capital letters")
    bad = sorted(set(value) & FORBIDDEN)
    if bad:
        invalid(f"统一社会信用代码不使用字母 {''.join(bad)}（I、O、S、V、Z 均不用）",
                f"the unified social credit code never uses the letters I, O, S, V, Z (found {''.join(bad)})")
    if any(ch not in ALPHABET for ch in value):
        invalid("统一社会信用代码含有不允许的字符", "the unified social credit code contains characters outside its alphabet")
    if value[17] != check_symbol(value[:17]):
        invalid("统一社会信用代码校验位不正确", "the check character of the unified social credit code is wrong")
    return value


def shaoxing_access_text(value):
    """Required free text up to 2,000 characters, trimmed."""
    if value is tk.missing or value is None:
        invalid("必填", "required")
    if not isinstance(value, str):
        invalid("应为文本", "must be a string")
    if "\x00" in value:
        invalid("不能含空字符（NUL）", "must not contain NUL characters")
    value = value.strip()
    if not value:
        invalid("必填", "required")
    if len(value) > MAX_LONG:
        invalid(f"不能超过 {MAX_LONG} 个字符", f"must be at most {MAX_LONG} characters")
    return value


def shaoxing_access_phone(value):
    value = shaoxing_access_text(value)
    if not re.fullmatch(r"\+?[0-9][0-9 -]{4,19}", value):
        invalid("电话号码格式不正确", "not a telephone number")
    return value


def shaoxing_access_email(value):
    value = shaoxing_access_text(value)
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value) or len(value) > 254:
        invalid("电子邮箱格式不正确", "not an e-mail address")
    return value


def shaoxing_access_not_editable(key, data, errors, context):
    """A company's name and code are its verified legal identity: a profile edit may not change
    them (a new registration is verified again). Sent at all, they are refused by name."""
    if data.get(key) is not tk.missing:
        errors[key].append(message("企业名称和统一社会信用代码不能在此修改，须重新登记认证",
                                   "the company name and unified social credit code cannot be changed here; "
                                   "they need a new registration and verification"))
        raise StopOnError


def shaoxing_access_period(value):
    """Days of access asked for: a whole number 1–365."""
    if value is tk.missing or value is None or value == "":
        invalid("必填", "required")
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        invalid("应为 1–365 的整数", "must be a whole number 1–365")
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 365:
        invalid("应为 1–365 的整数", "must be a whole number 1–365")
    return int(text)


def shaoxing_access_true(value):
    """The data security commitment (数据安全承诺书) must be accepted."""
    if value is True or (isinstance(value, str) and value.strip().lower() in ("true", "on", "1", "yes")):
        return True
    invalid("须接受《数据安全承诺书》", "the data security commitment must be accepted")


def shaoxing_access_decision(value):
    if value not in ("approve", "reject"):
        invalid("应为 approve（通过）或 reject（驳回）", "must be approve or reject")
    return value


def shaoxing_access_state(value):
    if value in (tk.missing, None, ""):
        return None
    check_text(value)
    if value not in ("pending", "approved", "rejected"):
        invalid("应为 pending、approved 或 rejected", "must be pending, approved or rejected")
    return value


def shaoxing_access_reason_to_reject(key, data, errors, context):
    """A rejection (of an application or a company) says why."""
    if data.get(("decision",)) == "reject" and not (data.get(("reason",)) or "").strip():
        errors[("reason",)].append("驳回须说明理由 / a rejection needs a reason")
