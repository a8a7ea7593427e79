"""The history feature's door: what other features record in an entry's history.

- `quarantine_changed(package_id, resource, state, user)`: a resource went into (or out of) the
  quality check's quarantine; recorded as a change of the entry, in the caller's transaction."""
from __future__ import annotations

from .record import quarantine_changed

__all__ = ["quarantine_changed"]
