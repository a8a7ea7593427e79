"""Core actions that answer with accounts, chained so that every answer passes through
privacy.public_user (CKAN has no hook on its user dictization)."""
from __future__ import annotations

import functools

import ckan.plugins.toolkit as tk

from ..params import guard
from ..search.api import organization_list_retrying, organization_show_retrying
from . import schema
from .privacy import public_user

# (The follower lists answer sysadmins only, who may see everything: not chained.)
__all__ = ["user_show", "user_list", "organization_show", "group_show", "organization_list", "group_list"]


def _users(context, users):
    if isinstance(users, list):
        for u in users:
            public_user(context, u)
    return users


@tk.chained_action
@tk.side_effect_free
def user_show(original_action, context, data_dict):
    guard(data_dict, schema.user_show(), context)
    return public_user(context, original_action(context, data_dict))


@tk.chained_action
@tk.side_effect_free
def user_list(original_action, context, data_dict):
    guard(data_dict, schema.user_list(), context)
    return _users(context, original_action(context, data_dict))


def _members_listed(before=None):
    """A chained organization/group action (show or list) whose answer's member accounts pass
    through public_user; `before` wraps core's action first (another feature's chain of it)."""
    @tk.chained_action
    @tk.side_effect_free
    def action(original_action, context, data_dict):
        guard(data_dict, schema.groups(), context)
        result = (functools.partial(before, original_action) if before else original_action)(context, data_dict)
        for group in result if isinstance(result, list) else [result]:
            if isinstance(group, dict):
                _users(context, group.get("users"))
        return result
    return action


# A plugin registers one chain per action: the search feature's Solr-outage retry runs inside.
organization_show = _members_listed(before=organization_show_retrying)
organization_list = _members_listed(before=organization_list_retrying)
group_show, group_list = _members_listed(), _members_listed()
