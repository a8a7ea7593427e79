"""Defaults CKAN leaves unsafe, set once at start-up (IConfigurer.update_config)."""
from __future__ import annotations

from urllib.parse import urlparse

import ckan.plugins.toolkit as tk

CKAN_REMEMBER_DEFAULT = 31_536_000   # CKAN's REMEMBER_COOKIE_DURATION default: a year


def remember_max_seconds() -> int:
    return int(tk.config.get("ckanext.shaoxing.security.remember_max_days")) * 86400


def apply(config) -> None:
    # status_show and the pages do not tell the CKAN version (sysadmins still see it).
    config["ckan.hide_version"] = True
    # A cross-site request must not carry the sign-in: flask-login sends remember_token with no
    # SameSite unless told (CKAN's default is None).
    if config.get("REMEMBER_COOKIE_SAMESITE") in (None, "", "None"):
        config["REMEMBER_COOKIE_SAMESITE"] = "Lax"
    if config.get("SESSION_COOKIE_SAMESITE") in (None, "", "None"):
        config["SESSION_COOKIE_SAMESITE"] = "Lax"
    config["SESSION_COOKIE_HTTPONLY"] = config["REMEMBER_COOKIE_HTTPONLY"] = True
    if urlparse(config.get("ckan.site_url") or "").scheme == "https":
        config["SESSION_COOKIE_SECURE"] = config["REMEMBER_COOKIE_SECURE"] = True
    # Remember-me lasts at most ckanext.shaoxing.security.remember_max_days.
    duration = config.get("REMEMBER_COOKIE_DURATION") or CKAN_REMEMBER_DEFAULT
    config["REMEMBER_COOKIE_DURATION"] = min(int(duration), remember_max_seconds())
