"""The interfaces feature's door: what other features may call."""
from __future__ import annotations

from .q_total import answered as total_answered
from .q_total import asked as total_threshold_asked

__all__ = ["total_answered", "total_threshold_asked"]
