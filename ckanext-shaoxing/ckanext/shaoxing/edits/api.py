"""The door of the lost-update guard for other features (and the contest plugin): the refusal
they may catch, and the version of the portal's own records (a content digest)."""
from __future__ import annotations

from .conflicts import Conflict, refuse
from .versions import digest, from_etag

__all__ = ["Conflict", "refuse", "digest", "from_etag"]
