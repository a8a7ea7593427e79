"""Which redirect targets the portal follows: an address on this site, nothing else.

CKAN's `h.url_is_local` takes `\\evil.example` (which browsers read as `//evil.example`) for a
local path, and `h.redirect_to` then fails on it with a 500."""
from __future__ import annotations

from urllib.parse import urlsplit

import ckan.plugins.toolkit as tk

TARGET_ARGS = ("came_from", "next")


def is_safe(target: str) -> bool:
    if "\\" in target or target.startswith("//") or any(ord(ch) < 0x20 or ord(ch) == 0x7f for ch in target):
        return False
    parts = urlsplit(target)
    if not parts.scheme and not parts.netloc:
        return target.startswith("/")
    site = urlsplit(tk.config.get("ckan.site_url") or "")
    return (parts.scheme, parts.netloc) == (site.scheme, site.netloc)
