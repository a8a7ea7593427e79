"""What an entry's declared update frequency (更新频率) asks of it: the one rule of "on time" for
the quality check's timeliness dimension (governance/) and the department ranking's timeliness
part (targets/), so that an entry is on time in both or late in both.

Shared module (see the package's docstring). Public API: `on_time` (the rule), and the two
parts it is made of, `due_days` and `last_update`, for callers that explain a late entry."""
from __future__ import annotations

import datetime as dt

__all__ = ["on_time", "due_days", "last_update"]

# Days an entry may go without an update for its frequency (codes of schemas/dataset.yaml).
# Frequencies not listed (irregular, static, none given) are never late.
_DUE_DAYS = {"realtime": 1, "daily": 2, "weekly": 8, "monthly": 31, "quarterly": 92, "semiannual": 183,
             "annual": 366}


def due_days(frequency: str | None) -> int | None:
    """Days an entry of this frequency may go without an update; None when it is never late."""
    return _DUE_DAYS.get(frequency or "")


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def last_update(modified, issued) -> dt.date | None:
    """The entry's last update: its `modified` date, else its `issued` date (ISO dates; a
    datetime counts by its day); None when neither is a date."""
    return _date(modified) or _date(issued)


def on_time(frequency: str | None, modified, issued, day: dt.date) -> bool:
    """Whether the entry is up to date on `day`. A `modified` or `issued` date after `day` is a
    wrong date, never on time; otherwise an entry whose frequency has no period is on time, and
    any other one when its last update is at most its due days before `day`."""
    dates = [d for d in (_date(modified), _date(issued)) if d]     # dates[0] is last_update()
    if any(d > day for d in dates):
        return False
    due = due_days(frequency)
    if due is None:
        return True
    return bool(dates) and (day - dates[0]).days <= due
