"""Server-rendered SVG charts: readable without JavaScript, no CDN, any language's labels."""
from __future__ import annotations

from html import escape

from markupsafe import Markup


def progress_bar(actual: float, target: float, label: str) -> Markup:
    """A horizontal bar of actual against target, with the percentage written on it."""
    share = actual / target if target else 0.0
    width = min(share, 1.0) * 100
    colour = "#2e7d32" if share >= 1 else "#1565c0"
    return Markup(
        f'<svg class="target-bar" role="img" aria-label="{escape(label)} {share:.0%}" viewBox="0 0 100 8" '
        f'preserveAspectRatio="none" width="100%" height="16">'
        f'<rect width="100" height="8" fill="#e0e0e0"/><rect width="{width:.2f}" height="8" fill="{colour}"/>'
        f'</svg>')


def monthly_bars(monthly: list[dict], series: list[tuple[str, str, str]], name: str, as_table: str,
                 month_label: str) -> Markup:
    """Grouped bars per month. `series`: (key, legend label, colour); `name` the chart's accessible
    name; below it the same figures as a table (`as_table`: the disclosure's label), for a screen
    reader, a visitor who cannot tell the colours apart, or one who wants the numbers."""
    width, height, pad = 720, 240, 32
    peak = max([m[key] for m in monthly for key, _, _ in series] + [1])
    slot = (width - 2 * pad) / max(len(monthly), 1)
    bar = slot / (len(series) + 1)
    parts = [f'<figure class="shaoxing-chart"><svg class="target-trend" role="img" aria-label="{escape(name)}" '
             f'viewBox="0 0 {width} {height + 40}" width="100%">',
             f'<line x1="{pad}" y1="{height}" x2="{width - pad}" y2="{height}" stroke="#999"/>']
    for i, month in enumerate(monthly):
        x0 = pad + i * slot
        for j, (key, label, colour) in enumerate(series):
            h = (height - pad) * month[key] / peak
            parts.append(f'<rect x="{x0 + j * bar:.1f}" y="{height - h:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                         f'fill="{colour}"><title>{escape(month["month"])} {escape(label)}: {month[key]}</title></rect>')
        parts.append(f'<text x="{x0 + slot / 2:.1f}" y="{height + 14}" font-size="11" text-anchor="middle">'
                     f'{escape(month["month"][5:])}</text>')
    for j, (key, label, colour) in enumerate(series):
        parts.append(f'<rect x="{pad + j * 160}" y="{height + 24}" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{pad + j * 160 + 14}" y="{height + 33}" font-size="12">{escape(label)}</text>')
    parts.append(f'<text x="{pad - 4}" y="{pad}" font-size="11" text-anchor="end">{peak}</text></svg>')
    head = "".join(f'<th scope="col">{escape(label)}</th>' for _, label, _ in series)
    body = "".join(f'<tr><th scope="row">{escape(m["month"])}</th>'
                   + "".join(f"<td>{m[key]}</td>" for key, _, _ in series) + "</tr>" for m in monthly)
    parts.append(f'<details class="shaoxing-chart-table"><summary>{escape(as_table)}</summary>'
                 f'<div class="table-responsive"><table class="table table-sm"><caption>{escape(name)}</caption>'
                 f'<thead><tr><th scope="col">{escape(month_label)}</th>{head}</tr></thead><tbody>{body}</tbody>'
                 f'</table></div></details></figure>')
    return Markup("".join(parts))
