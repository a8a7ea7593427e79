"""Validators of the governance actions' parameters."""
from __future__ import annotations

from ..params import invalid

__all__ = ["shaoxing_quality_reason"]
MAX_REASON = 1000


def shaoxing_quality_reason(value):
    """An override's reason: text without NUL, at most 1000 characters, not only spaces."""
    if not isinstance(value, str) or "\x00" in value:
        invalid("应为不含空字符的文本", "must be text without NUL characters")
    if not value.strip():
        invalid("须说明理由", "a reason is required")
    if len(value) > MAX_REASON:
        invalid(f"不能超过 {MAX_REASON} 个字符", f"must be at most {MAX_REASON} characters")
    return value.strip()
