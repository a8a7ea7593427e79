"""Dates and times as the page's language writes them, one format each, through CKAN's own
`h.render_datetime` (every core and portal template calls it). CKAN's own format with hours mixed
languages on Chinese pages ("十二月 3, 2027, 02:46 (+0800)" next to "2027年12月3日"); every time is
Beijing time (ckan.display_timezone), said once on the pages that need it, not after each time."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

__all__ = ["render_datetime"]

# language → (date, date and minutes, date and seconds): babel patterns
FORMATS = {"zh": ("y年M月d日", "y年M月d日 HH:mm", "y年M月d日 HH:mm:ss"),
           "en": ("d MMMM y", "d MMMM y, HH:mm", "d MMMM y, HH:mm:ss")}


@tk.chained_helper
def render_datetime(next_helper, datetime_, date_format=None, with_hours=False, with_seconds=False):
    """CKAN's helper, with the portal's patterns when the template asks for no format of its own."""
    if date_format:
        return next_helper(datetime_, date_format=date_format, with_hours=with_hours, with_seconds=with_seconds)
    from ckan.lib.helpers import _datestamp_to_datetime
    from flask_babel import format_datetime
    value = _datestamp_to_datetime(datetime_)
    if not value:
        return ""
    if value.tzinfo is None:       # CKAN keeps UTC without a zone
        import datetime as dt
        value = value.replace(tzinfo=dt.timezone.utc)
    patterns = FORMATS["zh" if tk.h.lang().startswith("zh") else "en"]
    return format_datetime(value, patterns[2 if with_seconds else 1 if with_hours else 0])
