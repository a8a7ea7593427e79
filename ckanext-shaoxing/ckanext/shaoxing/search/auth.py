"""The synonym list is edited (and listed) by sysadmins only, who pass every auth function."""
from __future__ import annotations

__all__ = ["shaoxing_synonym_list", "shaoxing_synonym_create", "shaoxing_synonym_delete"]

_ONLY = {"success": False, "msg": "同义词表仅平台管理员可编辑 / the synonym list is for sysadmins only"}


def shaoxing_synonym_list(context, data_dict):
    return _ONLY


def shaoxing_synonym_create(context, data_dict):
    return _ONLY


def shaoxing_synonym_delete(context, data_dict):
    return _ONLY
