"""Small pieces every feature's views share, the contest's too (a public module)."""
from __future__ import annotations

import functools

import ckan.plugins.toolkit as tk


def context() -> dict:
    """The action context of the signed-in visitor (anonymous: no user)."""
    return {"user": tk.current_user.name if tk.current_user.is_authenticated else ""}


def call(action: str, data: dict):
    """(result, errors): an action's answer for the visitor, or its field errors; a refusal is a
    403 page and a missing object a 404, in the page's language."""
    from .bilingual import in_language
    try:
        return tk.get_action(action)(context(), data), {}
    except tk.ValidationError as e:
        return None, e.error_dict
    except tk.NotAuthorized as e:
        return tk.abort(403, in_language(str(e), tk.h.lang() or "zh_Hans_CN") or tk._("Not authorised")), {}
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Not found")), {}


def login_or_forbid(auth_function: str | None = None, message: str | None = None):
    """The views' one sign-in check: None when the visitor may go on, otherwise the answer to
    return instead. An anonymous visitor is sent to the login page and back; a signed-in account
    that fails `auth_function` (when one is named) gets a 403 with `message`. A view that only
    needs a signed-in account says so with `@signed_in`."""
    if not tk.current_user.is_authenticated:
        return tk.redirect_to("user.login", came_from=tk.request.full_path)
    if auth_function:
        try:
            tk.check_access(auth_function, {"user": tk.current_user.name})
        except tk.NotAuthorized:
            tk.abort(403, message)
    return None


def signed_in(view):
    """A view for signed-in accounts: `login_or_forbid()` answers first for anyone else."""
    @functools.wraps(view)
    def guarded(*args, **kwargs):
        if (to_login := login_or_forbid()) is not None:
            return to_login
        return view(*args, **kwargs)
    return guarded
