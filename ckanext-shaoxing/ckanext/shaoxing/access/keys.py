"""App keys: `sxk_<prefix>_<secret>`. Only an HMAC-SHA256 of the whole key under the server
secret (`ckanext.shaoxing.access.key_secret`) and the prefix (the lookup index) are stored; the
check is one indexed lookup and a constant-time comparison. A keyed fast hash, not a password
hash: keys are 190 random bits, and the check runs on every call."""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets

import ckan.plugins.toolkit as tk

SHAPE = re.compile(r"^sxk_([0-9a-f]{12})_[A-Za-z0-9_-]{32}$")


def _secret() -> bytes:
    secret = tk.config.get("ckanext.shaoxing.access.key_secret")
    if not secret:
        # Without a server secret a stolen table would be enough to forge nothing, but to check
        # nothing either: refuse rather than hash under an empty key.
        raise RuntimeError("ckanext.shaoxing.access.key_secret is not set")
    return secret.encode()


def digest(key: str) -> str:
    return hmac.new(_secret(), key.encode(), hashlib.sha256).hexdigest()


def new() -> tuple[str, str, str]:
    """A fresh key: (key, prefix, digest). The key itself is returned once and never kept."""
    prefix = secrets.token_hex(6)
    key = f"sxk_{prefix}_{secrets.token_urlsafe(24)}"
    return key, prefix, digest(key)


def prefix_of(key: str) -> str | None:
    """The lookup prefix of a well-formed key, else None (then nothing is looked up)."""
    m = SHAPE.match(key or "")
    return m.group(1) if m else None


def matches(key: str, stored_digest: str) -> bool:
    return hmac.compare_digest(digest(key), stored_digest)


def visible(prefix: str) -> str:
    """What pages and lists show of a key."""
    return f"sxk_{prefix}_…"
