"""Small pieces every feature's views share."""
from __future__ import annotations

import ckan.plugins.toolkit as tk


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
