"""Checks of the audit search's parameters (see schema.py); messages 中文 / English."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from .model import RESULTS

__all__ = ["shaoxing_audit_result", "shaoxing_audit_limit", "shaoxing_audit_offset", "shaoxing_audit_dates"]

MAX_LIMIT = 1000


def shaoxing_audit_result(value):
    if value not in RESULTS:
        raise tk.Invalid(f"应为 {' | '.join(RESULTS)} 之一 / must be one of {', '.join(RESULTS)}")
    return value


def shaoxing_audit_limit(key, data, errors, context):
    """Rows per page, 1–MAX_LIMIT, as a number (after shaoxing_param_count, whose refusal it keeps:
    CKAN runs the next validator after an Invalid)."""
    if errors.get(key):
        return
    data[key] = int(data[key])
    if not 1 <= data[key] <= MAX_LIMIT:
        errors[key].append(f"应为 1–{MAX_LIMIT} / must be 1–{MAX_LIMIT}")


def shaoxing_audit_offset(key, data, errors, context):
    """The offset as a number, unless shaoxing_param_count refused it."""
    if not errors.get(key):
        data[key] = int(data[key])


def shaoxing_audit_dates(key, data, errors, context):
    date_from, date_to = data.get(("date_from",)), data.get(("date_to",))
    if date_from and date_to and not errors.get(("date_from",)) and not errors.get(("date_to",)) \
            and date_to < date_from:
        errors.setdefault(("date_to",), []).append("不能早于 date_from / must not be before date_from")
