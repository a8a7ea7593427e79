"""CSRF: every state-changing request that a cookie signs in (the session or remember_token)
carries a valid token, decided per request.

CKAN 2.12 (`ckan_before_request`) exempts a view from flask-wtf's check by adding it to
`CSRFProtect._exempt_views` whenever `g.login_via_auth_header` is set — and that flag is set for
anonymous requests too. The set is process-wide: one anonymous POST switched the check off for
that view, for every later signed-in visitor served by the worker. flask-wtf's default check
(which honours that set) is turned off here and this per-request check replaces it; nothing is
exempt by declaration in CKAN 2.12, its extensions or this project."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import current_app, g, request
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms.validators import ValidationError


def _signed_in_by_cookie() -> bool:
    # Anonymous requests carry no sign-in to abuse; a request signed in by an API token header
    # (`g.login_via_auth_header`, set by CKAN's loaders) cannot be forged cross-site.
    return tk.current_user.is_authenticated and not g.get("login_via_auth_header")


def _header_token() -> str | None:
    # flask-wtf's WTF_CSRF_HEADERS: CKAN's JavaScript client sends X-CSRFToken, the DataTables
    # view X-CSRF-Token.
    return next((request.headers[h] for h in current_app.config["WTF_CSRF_HEADERS"] if request.headers.get(h)),
                None)


def _token() -> str | None:
    if request.blueprint == "api":
        return _header_token()
    return request.form.get(current_app.config["WTF_CSRF_FIELD_NAME"]) or _header_token()


def check() -> None:
    if not current_app.config["WTF_CSRF_ENABLED"]:
        return
    if request.method not in current_app.config["WTF_CSRF_METHODS"] or not _signed_in_by_cookie():
        return
    try:
        validate_csrf(_token())
    except ValidationError as e:
        raise CSRFError(e.args[0]) from e


def register(app) -> None:
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    app.before_request(check)
