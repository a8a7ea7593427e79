"""Password rules (等保 2.0 身份鉴别): at least 10 characters, three of the four character classes
(lower case, upper case, digits, others), and not containing the user name.

Registered as `user_password_validator`, the name CKAN's user schemas look up: the same rule
holds for the registration and edit forms (`password1`) and for `user_create`/`user_update`
(`password`). The error is put under the field being checked, not CKAN's fixed `password`."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ..params import message

__all__ = ["user_password_validator"]

MIN_LENGTH = 10
CLASSES = (str.islower, str.isupper, str.isdigit)


def _classes(password: str) -> int:
    found = {i for ch in password for i, test in enumerate(CLASSES) if test(ch)}
    if any(not (ch.islower() or ch.isupper() or ch.isdigit()) for ch in password):
        found.add(len(CLASSES))
    return len(found)


def _user_name(data: dict, context: dict) -> str:
    name = data.get(("name",))
    if isinstance(name, str) and name:
        return name
    user_obj = context.get("user_obj")
    return getattr(user_obj, "name", "") or ""


def problems(password: str, user_name: str) -> list[str]:
    """The rules `password` breaks, as bilingual messages (empty: none)."""
    found = []
    if len(password) < MIN_LENGTH:
        found.append(message(f"密码至少 {MIN_LENGTH} 个字符",
                             f"The password must be at least {MIN_LENGTH} characters long"))
    if _classes(password) < 3:
        found.append(message("密码须包含小写字母、大写字母、数字、其他符号四类中的至少三类",
                             "The password must mix at least three of: lower-case letters, "
                             "upper-case letters, digits, other characters"))
    if len(user_name) >= 3 and user_name.lower() in password.lower():
        found.append(message("密码不能包含用户名", "The password must not contain the user name"))
    return found


def user_password_validator(key, data: dict, errors: dict, context: dict) -> Any:
    value = data[key]
    if value is tk.missing or value == "" or value is None:
        return          # user_password_not_empty / user_both_passwords_entered speak for these
    if not isinstance(value, str):
        errors[key].append(message("密码须为文本", "The password must be text"))
        return
    errors[key].extend(problems(value, _user_name(data, context)))
