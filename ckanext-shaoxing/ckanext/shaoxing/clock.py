"""The city's calendar, in one place: Shaoxing keeps Asia/Shanghai time (UTC+8, no daylight
saving), so "today" — the day a quota resets, a usage count is filed under, a ranking period or
a target year holds, an audit search's dates mean — is a day of that calendar, whatever the
server's own time zone.

A public module: both plugins (the contest too) read the date and the time here and nowhere
else. Tests move the clock with time-machine or freezegun; nothing here is cached."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Shanghai")

__all__ = ["TZ", "now", "today", "day_of", "start_of"]


def now() -> dt.datetime:
    """The current instant, in Shaoxing time."""
    return dt.datetime.now(TZ)


def today() -> dt.date:
    """Today's date in Shaoxing."""
    return now().date()


def day_of(instant: dt.datetime) -> dt.date:
    """The Shaoxing date of an aware instant."""
    return instant.astimezone(TZ).date()


def start_of(day: dt.date) -> dt.datetime:
    """Midnight opening `day` in Shaoxing, as an aware instant."""
    return dt.datetime.combine(day, dt.time(), TZ)
