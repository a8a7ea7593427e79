"""The company's calls per day per key, through the portal's shared figure (`charts`: ECharts, with
the same bars in SVG without JavaScript and the days with calls as a table)."""
from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from .. import charts


def calls_per_day(rows: list[dict], start: dt.date, end: dt.date, name: str, day_label: str,
                  calls_label: str) -> Markup:
    """Stacked bars: one per day from `start` to `end`, one colour per key."""
    days = [(start + dt.timedelta(days=i)).isoformat() for i in range((end - start).days + 1)]
    keys = sorted({r["key"] for r in rows})
    per: dict[tuple[str, str], int] = {}
    for r in rows:
        per[(r["day"], r["key"])] = per.get((r["day"], r["key"]), 0) + r["calls"]
    return charts.bars(days, [(key, [per.get((d, key), 0) for d in days]) for key in keys], name=name,
                       category_label=day_label, value_label=calls_label, stacked=True, tick=5,
                       svg_class="access-usage", skip_empty=True)
