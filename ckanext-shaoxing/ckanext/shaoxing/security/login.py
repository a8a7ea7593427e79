"""Login failure handling (等保 2.0 身份鉴别) and the login/logout views' input.

Failed logins are counted in Redis, by the `limits` library's moving windows, twice: per login
name as typed (whether or not such an account exists, so the answer never tells) and per client
address. Each option holds several windows (`5/15 minutes; 10/hour; 20/day`): the wait grows
with each longer window that fills. While a window is full, even the right password is refused,
before it is checked. A successful login clears its name's counters, not its address's.

CKAN itself signals `failed_login` (counted here) and flask-login's `user_logged_in`; the audit
trail records those. Only the lockout, which CKAN does not know, is announced here."""
from __future__ import annotations

import functools
import hashlib
import logging
import math
import time

import ckan.plugins.toolkit as tk
from flask import request, session
from limits import parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from . import redirects, settings

log = logging.getLogger(__name__)
NAMESPACE = "shaoxing:login"
SCOPES = {"account": "ckanext.shaoxing.security.login_account_limits",
          "address": "ckanext.shaoxing.security.login_address_limits"}


@functools.lru_cache(maxsize=4)
def _limiter(url: str) -> MovingWindowRateLimiter:
    # A connection pool per URL, not state: every count lives in Redis.
    return MovingWindowRateLimiter(storage_from_string(url, socket_timeout=0.5, socket_connect_timeout=0.5))


def _items(scope: str):
    return parse_many(tk.config.get(SCOPES[scope]) or "") if tk.config.get(SCOPES[scope]) else []


def _identities(login: str, address: str) -> dict[str, str]:
    # Hashed: a typed login name may be anything, and is nobody's business in Redis.
    return {"account": hashlib.sha256(login.strip().lower().encode()).hexdigest(),
            "address": address or "unknown"}


def _announce(login: str, address: str, scopes: list[str], wait: int, attempt: str) -> None:
    tk.signals.ckanext.signal("shaoxing_security_event").send(
        "login.locked", actor=None, object_type="user", object_id=login[:100], result="denied",
        detail={"scopes": scopes, "retry_after": wait, "attempt": attempt})


def wait_seconds(login: str, address: str) -> tuple[int, list[str]]:
    """Seconds until `login` from `address` may try again, and which counters hold it (0, []:
    free now). Redis down: logins are not held (logged)."""
    limiter = _limiter(tk.config.get("ckan.redis.url"))
    now, wait, scopes = time.time(), 0, []
    try:
        for scope, identity in _identities(login, address).items():
            for item in _items(scope):
                if not limiter.test(item, NAMESPACE, scope, identity):
                    reset = limiter.get_window_stats(item, NAMESPACE, scope, identity).reset_time
                    wait = max(wait, math.ceil(reset - now), 1)
                    if scope not in scopes:
                        scopes.append(scope)
    except Exception:     # redis-py's errors, or limits' wrapper of them
        log.exception("login limits unavailable: not holding logins")
        return 0, []
    return wait, scopes


def failed(login: str) -> None:
    """CKAN's `failed_login` signal (sender: the login name as typed)."""
    if not tk.request:
        return
    address = request.remote_addr or ""
    limiter = _limiter(tk.config.get("ckan.redis.url"))
    try:
        for scope, identity in _identities(login or "", address).items():
            for item in _items(scope):
                limiter.hit(item, NAMESPACE, scope, identity)
    except Exception:
        log.exception("login limits unavailable: failure not counted")
        return
    wait, scopes = wait_seconds(login or "", address)
    if wait:
        _announce(login or "", address, scopes, wait, "failed")


def succeeded(sender, user=None, **kwargs) -> None:
    """flask-login's `user_logged_in`: the name's failures are forgiven; remember-me is capped."""
    if "_remember_seconds" in session:
        session["_remember_seconds"] = min(session["_remember_seconds"], settings.remember_max_seconds())
    login = request.form.get("login") if request.endpoint == "user.login" else None
    if not login:
        return
    limiter = _limiter(tk.config.get("ckan.redis.url"))
    identity = _identities(login, "")["account"]
    try:
        for item in _items("account"):
            limiter.clear(item, NAMESPACE, "account", identity)
    except Exception:
        log.exception("login limits unavailable: failures not cleared")


def _login_form(error: str, status: int, headers: dict | None = None):
    tk.h.flash_error(error)
    return tk.render("user/login.html", {}), status, headers or {}


def before_login():
    """IAuthenticator.login: runs before CKAN's login view; a response ends the request."""
    unsafe = [k for k in redirects.TARGET_ARGS if request.args.get(k) and not redirects.is_safe(request.args[k])]
    if unsafe:
        # Dropped rather than followed: the address would leave the portal (or is not one).
        kept = {k: v for k, v in request.args.items() if k not in redirects.TARGET_ARGS}
        return tk.redirect_to("user.login", **kept)
    if request.method != "POST" or tk.current_user.is_authenticated:
        return None
    remember = request.form.get("remember")
    if remember and not (remember.isascii() and remember.isdigit()):
        return _login_form(tk._("Remember me: the value must be a whole number."), 400)
    login = request.form.get("login") or ""
    wait, scopes = wait_seconds(login, request.remote_addr or "")
    if wait:
        _announce(login, request.remote_addr or "", scopes, wait, "refused")
        minutes = max(1, math.ceil(wait / 60))
        return _login_form(tk._("Too many failed logins. Please try again in %(minutes)d minutes.")
                           % {"minutes": minutes}, 429, {"Retry-After": str(wait)})
    return None


def before_logout():
    """IAuthenticator.logout: an unsafe `came_from` is dropped, then CKAN logs out."""
    if request.args.get("came_from") and not redirects.is_safe(request.args["came_from"]):
        return tk.redirect_to("user.logout")
    return None
