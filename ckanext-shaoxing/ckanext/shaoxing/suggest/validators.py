"""Validators of the suggestion actions' parameters (bilingual messages)."""
from __future__ import annotations

import datetime as dt
import re

from ..params import invalid
from . import querylog

__all__ = ["shaoxing_suggest_query", "shaoxing_suggest_month"]


def shaoxing_suggest_query(value):
    """A query as the log keeps it (normalised): one it would not keep cannot be hidden."""
    text = querylog.normalise(value)
    if text is None:
        invalid("不是可记录的检索词", "not a search term the query log keeps")
    return text


def shaoxing_suggest_month(value):
    """YYYY-MM → the first day of that month."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}", value):
        invalid("月份格式应为 YYYY-MM", "month must be YYYY-MM")
    try:
        return dt.date(int(value[:4]), int(value[5:]), 1)
    except ValueError:
        invalid("月份格式应为 YYYY-MM", "month must be YYYY-MM")
