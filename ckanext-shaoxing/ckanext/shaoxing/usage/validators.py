"""Checks across the usage report's parameters (see schema.py); messages 中文 / English."""
from __future__ import annotations

from ..params import message

__all__ = ["shaoxing_usage_subject", "shaoxing_usage_dates"]


def _error(errors, field: str, zh: str, en: str) -> None:
    errors.setdefault((field,), []).append(message(zh, en))


def shaoxing_usage_subject(key, data, errors, context):
    """A dataset or a resource must be named (unless its own parameter is already wrong)."""
    if errors.get(("package_id",)) or errors.get(("resource_id",)):
        return
    if not data.get(("package_id",)) and not data.get(("resource_id",)):
        _error(errors, "package_id", "package_id 或 resource_id 必填", "package_id or resource_id is required")


def shaoxing_usage_dates(key, data, errors, context):
    date_from, date_to = data.get(("date_from",)), data.get(("date_to",))
    if date_from and date_to and not errors.get(("date_from",)) and not errors.get(("date_to",)) \
            and date_to < date_from:
        _error(errors, "date_to", "不能早于 date_from", "must not be before date_from")
