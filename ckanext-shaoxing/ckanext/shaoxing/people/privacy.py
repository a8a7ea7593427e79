"""What an answer may tell about an account. The one rule: an account's e-mail address (and its
hash, which confirms a guessed address) and whether it is a sysadmin are told only to the account
itself, to sysadmins and to internal calls (ignore_auth); everybody else gets the public part."""
from __future__ import annotations

from typing import Any

import ckan.authz as authz

PRIVATE = ("email", "apikey", "sysadmin", "plugin_extras", "password_hash", "reset_key")


def may_see_private(context: dict, user_dict: dict) -> bool:
    requester = context.get("user") or None
    if context.get("ignore_auth") is True:
        return True
    return bool(requester) and (authz.is_sysadmin(requester) or requester in (user_dict.get("name"),
                                                                                 user_dict.get("id")))


def public_user(context: dict, user_dict: Any) -> Any:
    """`user_dict` without its private fields unless the requester may see them (in place)."""
    if not isinstance(user_dict, dict) or may_see_private(context, user_dict):
        return user_dict
    for key in PRIVATE:
        user_dict.pop(key, None)
    if "email_hash" in user_dict:
        user_dict["email_hash"] = ""      # CKAN's avatar helper reads it; empty gives the default image
    return user_dict
