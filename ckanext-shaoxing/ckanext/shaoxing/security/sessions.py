"""Idle timeout of signed-in sessions (等保 2.0: log out automatically when idle).

CKAN 2.12 keeps its session in a signed cookie (SESSION_TYPE = cookie), which the server cannot
expire. So each sign-in gets a random id in the session and a Redis key `shaoxing:session:<id>`
that lives `ckanext.shaoxing.security.idle_timeout` seconds and is renewed by every request of
that session: every worker sees the same key, and a copied cookie dies with it. A request whose
key is gone is signed out (the remember-me cookie too) and sent to the login page. Logging out
deletes the key. Requests signed in by an API token have no session and are not concerned."""
from __future__ import annotations

import logging
import secrets

import ckan.plugins.toolkit as tk
from ckan.lib.redis import connect_to_redis
from flask import g, request, session
from flask_login import logout_user

from . import redirects

log = logging.getLogger(__name__)
SID = "_shaoxing_sid"
KEY = "shaoxing:session:{}"


def _timeout() -> int:
    return int(tk.config.get("ckanext.shaoxing.security.idle_timeout") or 0)


def check():
    """before_request, after CKAN identified the user."""
    timeout = _timeout()
    if not timeout or not tk.current_user.is_authenticated or g.get("login_via_auth_header"):
        return None
    sid = session.get(SID)
    if not sid:
        # Every sign-in gets its id in the answer that signs in (`started`); only a session
        # signed in before this check existed has none: it starts its clock now.
        started(None, tk.current_user)
        return None
    try:
        if connect_to_redis().expire(KEY.format(sid), timeout):
            return None
    except Exception:       # redis-py's errors
        log.exception("session store unavailable: idle timeout not applied")
        return None
    session.pop(SID, None)
    logout_user()
    tk.h.flash_notice(tk._("You were logged out after %(minutes)d minutes without activity.")
                      % {"minutes": max(1, timeout // 60)})
    target = request.full_path if request.method == "GET" else None
    if target and redirects.is_safe(target) and request.blueprint != "api":
        return tk.redirect_to("user.login", came_from=target.rstrip("?"))
    return tk.redirect_to("user.login")


def started(sender, user=None, **kwargs) -> None:
    """flask-login's `user_logged_in` and `user_loaded_from_cookie` (remember-me): a fresh id,
    set in the very answer that signs in, so no copy of any session cookie outlives its key."""
    timeout = _timeout()
    if not timeout:
        return
    sid = secrets.token_urlsafe(24)
    try:
        redis = connect_to_redis()
        old = session.pop(SID, None)
        if old:
            redis.delete(KEY.format(old))
        redis.set(KEY.format(sid), getattr(user, "name", ""), ex=timeout)
    except Exception:
        log.exception("session store unavailable: idle timeout not applied")
        return
    session[SID] = sid


def ended(sender, user=None, **kwargs) -> None:
    """flask-login's `user_logged_out`."""
    sid = session.pop(SID, None)
    if sid:
        try:
            connect_to_redis().delete(KEY.format(sid))
        except Exception:
            log.exception("session store unavailable")


def register(app) -> None:
    app.before_request(check)
