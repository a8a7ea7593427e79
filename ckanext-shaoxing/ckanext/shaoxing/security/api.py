"""The security feature's door: what other features may call."""
from __future__ import annotations

from .redirects import is_safe as is_safe_redirect

__all__ = ["is_safe_redirect"]
