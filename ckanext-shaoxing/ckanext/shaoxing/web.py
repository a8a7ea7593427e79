"""Small pieces every feature's views share."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms.validators import ValidationError


def require_csrf() -> None:
    """Check the form's CSRF token ourselves on POST views of logged-in users.

    CKAN 2.12 turns CSRF protection off for anonymous requests by marking the view function
    exempt — process-wide, so after one anonymous POST a worker stops checking that view for
    everybody. Requests authenticated by an API token header stay exempt, as in CKAN."""
    if tk.request.headers.get(tk.config.get("apitoken_header_name")):
        return
    try:
        validate_csrf(tk.request.form.get(tk.config.get("WTF_CSRF_FIELD_NAME")))
    except ValidationError as e:
        raise CSRFError(e.args[0])


def login_or_forbid(auth_function: str, message: str):
    """None when the current user passes `auth_function`; otherwise a redirect to the login page
    for anonymous visitors, or a 403 with `message` for everybody else."""
    try:
        tk.check_access(auth_function, {"user": tk.current_user.name})
    except tk.NotAuthorized:
        if not tk.current_user.is_authenticated:
            return tk.redirect_to("user.login", came_from=tk.request.full_path)
        tk.abort(403, message)
    return None
