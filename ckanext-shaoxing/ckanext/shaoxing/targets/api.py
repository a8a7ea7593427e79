"""The targets feature's door for other features:
- `refreshed_together()`: a block within which the kept figures of the datasets saved are
  recomputed once, at its end (bulk saves)."""
from __future__ import annotations

from .figures import refreshed_together

__all__ = ["refreshed_together"]
