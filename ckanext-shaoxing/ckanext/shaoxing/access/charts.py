"""The company's calls per day per key as a server-rendered SVG (like the targets dashboard)."""
from __future__ import annotations

import datetime as dt
from html import escape

from markupsafe import Markup

COLOURS = ("#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#c62828")


def calls_per_day(rows: list[dict], start: dt.date, end: dt.date, name: str, as_table: str, day_label: str) -> Markup:
    """Stacked bars: one per day from `start` to `end`, one colour per key; `name` the chart's
    accessible name; below it the days with calls as a table (`as_table`: the disclosure's label),
    for a screen reader or a visitor who cannot tell the colours apart."""
    days = [(start + dt.timedelta(days=i)).isoformat() for i in range((end - start).days + 1)]
    keys = sorted({r["key"] for r in rows})
    per = {(r["day"], r["key"]): 0 for r in rows}
    for r in rows:
        per[(r["day"], r["key"])] += r["calls"]
    totals = {d: sum(per.get((d, k), 0) for k in keys) for d in days}
    width, height, pad = 720, 200, 40
    peak = max(list(totals.values()) + [1])
    slot = (width - 2 * pad) / len(days)
    parts = [f'<figure class="shaoxing-chart"><svg class="access-usage" role="img" aria-label="{escape(name)}" '
             f'viewBox="0 0 {width} {height + 30 + 16 * len(keys)}" width="100%">',
             f'<line x1="{pad}" y1="{height}" x2="{width - pad}" y2="{height}" stroke="#999"/>',
             f'<text x="{pad - 4}" y="{pad}" font-size="11" text-anchor="end">{peak}</text>']
    for i, day in enumerate(days):
        y = height
        for j, key in enumerate(keys):
            n = per.get((day, key), 0)
            if not n:
                continue
            h = (height - pad) * n / peak
            y -= h
            parts.append(f'<rect x="{pad + i * slot + 1:.1f}" y="{y:.1f}" width="{slot - 2:.1f}" height="{h:.1f}" '
                         f'fill="{COLOURS[j % len(COLOURS)]}"><title>{day} {escape(key)}: {n}</title></rect>')
        if i % 5 == 0 or i == len(days) - 1:
            parts.append(f'<text x="{pad + (i + 0.5) * slot:.1f}" y="{height + 14}" font-size="10" '
                         f'text-anchor="middle">{day[5:]}</text>')
    for j, key in enumerate(keys):
        y = height + 24 + 16 * j
        parts.append(f'<rect x="{pad}" y="{y}" width="10" height="10" fill="{COLOURS[j % len(COLOURS)]}"/>'
                     f'<text x="{pad + 14}" y="{y + 9}" font-size="12">{escape(key)}</text>')
    parts.append("</svg>")
    head = "".join(f'<th scope="col">{escape(key)}</th>' for key in keys)
    body = "".join(f'<tr><th scope="row">{day}</th>' + "".join(f"<td>{per.get((day, k), 0)}</td>" for k in keys)
                   + "</tr>" for day in days if totals[day])
    parts.append(f'<details class="shaoxing-chart-table"><summary>{escape(as_table)}</summary>'
                 f'<div class="table-responsive"><table class="table table-sm"><caption>{escape(name)}</caption>'
                 f'<thead><tr><th scope="col">{escape(day_label)}</th>{head}</tr></thead><tbody>{body}</tbody>'
                 f'</table></div></details></figure>')
    return Markup("".join(parts))
