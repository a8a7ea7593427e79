"""What the access feature hears from the others."""
from __future__ import annotations

from . import counting


def flush_key_calls(sender, **kwargs) -> None:
    counting.flush()
