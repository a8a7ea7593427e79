"""Security headers on every response the portal writes: pages, API answers, downloads, errors.

The Content-Security-Policy keeps 'unsafe-inline' for scripts and styles: CKAN 2.12's own
templates carry inline handlers (the resource upload field, API token lists) and the DataTables
view an inline script, so a nonce-only policy would break those pages. It still forbids framing
by other sites, plugins (<object>), foreign scripts and <base> rewrites."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import request

HSTS = "max-age=31536000; includeSubDomains"


def _static() -> dict[str, str]:
    return {
        "Content-Security-Policy": tk.config.get("ckanext.shaoxing.security.content_security_policy"),
        "X-Frame-Options": "SAMEORIGIN",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Permissions-Policy": tk.config.get("ckanext.shaoxing.security.permissions_policy"),
    }


def add(response):
    for name, value in _static().items():
        # A view that chose its own (a stricter policy, a download's nosniff) keeps it.
        if value and name not in response.headers:
            response.headers[name] = value
    # HSTS only over https (directly, or behind a proxy that CKAN's root app trusts).
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def register(app) -> None:
    app.after_request(add)
