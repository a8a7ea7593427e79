"""The ops feature's door.

- `RESTORED`: the CKAN signal sent (sender "ops") after `ckan shaoxing restore` has brought a
  backup back and rebuilt the search index: whatever a feature keeps derived from the data in
  Redis (cached figures, home page lists) is stale and must be retired."""
from __future__ import annotations

RESTORED = "shaoxing_restored"

__all__ = ["RESTORED"]
