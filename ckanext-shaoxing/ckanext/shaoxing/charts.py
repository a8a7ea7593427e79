"""A figure of bars as the page is served: the figures once, as JSON for `public/shaoxing/charts.js`
(ECharts, SVG renderer: tooltips, legend, axes, keyboard), a server-drawn SVG or the page's own
table for a browser without JavaScript, a table of the exact numbers, and a sentence describing
the chart for a screen reader. The palette is here once, for both drawings."""
from __future__ import annotations

import itertools
import json
from html import escape

import ckan.plugins.toolkit as tk
from markupsafe import Markup

# Okabe & Ito's colour-blind-safe set, darkest first (the first colours keep 3:1 on white).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#000000")
_ids = itertools.count(1)


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def _number(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def describe(categories: list[str], series: list[tuple[str, list]], name: str) -> str:
    """One sentence a screen reader reads instead of looking: what is drawn and where the most is."""
    points = [(v, c, s) for s, values in series for c, v in zip(categories, values) if v is not None]
    if not points:
        return tk._("{name}: no figures yet.").format(name=name)
    top, where, which = max(points, key=lambda p: p[0])
    text = tk._("{name}: bars for {count} items ({series}). The highest is {where}, {which}: {value}.").format(
        name=name, count=len(categories), series=tk._(", ").join(s for s, _ in series), where=where, which=which,
        value=_number(top))
    return text + " " + tk._("The exact figures are in the table.")


def _svg(categories: list[str], series: list[tuple[str, list]], name: str, stacked: bool, tick: int,
         svg_class: str) -> str:
    """Grouped (or stacked) vertical bars with a legend, readable without JavaScript."""
    width, height, pad = 720, 240, 40
    totals = [sum(values[i] or 0 for _, values in series) for i in range(len(categories))]
    peak = max((totals if stacked else [v or 0 for _, values in series for v in values]) + [1])
    slot = (width - 2 * pad) / max(len(categories), 1)
    bar = slot - 2 if stacked else slot / (len(series) + 1)
    parts = [f'<svg class="{(svg_class + " ").lstrip()}shaoxing-chart-fallback" role="img" aria-label="{escape(name)}" '
             f'viewBox="0 0 {width} {height + 30 + 16 * len(series)}" width="100%">',
             f'<line x1="{pad}" y1="{height}" x2="{width - pad}" y2="{height}" stroke="#767676"/>',
             f'<text x="{pad - 4}" y="{pad}" font-size="11" text-anchor="end">{_number(peak)}</text>']
    for i, category in enumerate(categories):
        x0, y = pad + i * slot, height
        for j, (label, values) in enumerate(series):
            value = values[i] or 0
            h = (height - pad) * value / peak
            x = x0 + 1 if stacked else x0 + j * bar
            y = y - h if stacked else height - h
            if h:
                parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colour(j)}">'
                             f'<title>{escape(category)} {escape(label)}: {_number(value)}</title></rect>')
        if i % tick == 0 or i == len(categories) - 1:
            parts.append(f'<text x="{x0 + slot / 2:.1f}" y="{height + 14}" font-size="11" text-anchor="middle">'
                         f'{escape(category[5:] if len(category) >= 7 and category[4] == "-" else category)}</text>')
    for j, (label, _) in enumerate(series):
        y = height + 24 + 16 * j
        parts.append(f'<rect x="{pad}" y="{y}" width="10" height="10" fill="{colour(j)}"/>'
                     f'<text x="{pad + 14}" y="{y + 9}" font-size="12">{escape(label)}</text>')
    return "".join(parts) + "</svg>"


def _table(categories: list[str], series: list[tuple[str, list]], name: str, category_label: str,
           as_table: str, skip_empty: bool) -> str:
    head = "".join(f'<th scope="col">{escape(label)}</th>' for label, _ in series)
    body = "".join(f'<tr><th scope="row">{escape(c)}</th>'
                   + "".join(f"<td>{'' if values[i] is None else _number(values[i])}</td>" for _, values in series)
                   + "</tr>" for i, c in enumerate(categories)
                   if not skip_empty or any(values[i] for _, values in series))
    return (f'<details class="shaoxing-chart-table"><summary>{escape(as_table)}</summary>'
            f'<div class="table-responsive"><table class="table table-sm"><caption>{escape(name)}</caption>'
            f'<thead><tr><th scope="col">{escape(category_label)}</th>{head}</tr></thead><tbody>{body}</tbody>'
            f'</table></div></details>')


def bars(categories: list[str], series: list[tuple[str, list]], *, name: str, category_label: str,
         value_label: str, kind: str = "columns", stacked: bool = False, table: bool = True,
         fallback: bool = True, tick: int = 1, svg_class: str = "", skip_empty: bool = False) -> Markup:
    """A figure of `series` ((legend label, one value per category) each) over `categories`.
    `kind`: "columns" (a trend: categories along the bottom) or "ranking" (horizontal bars, the
    first category on top). `fallback`: the server-drawn SVG for a browser without JavaScript;
    `table`: the figures as a disclosed table. A figure with neither stands beside a table the page
    shows anyway (the department ranking). `tick`: every how many categories the SVG names one;
    `skip_empty`: the table leaves out the categories without a figure (days without calls)."""
    uid = f"shaoxing-chart-{next(_ids)}"
    spec = {"name": name, "kind": kind, "stacked": stacked, "categories": categories,
            "category_label": category_label, "value_label": value_label,
            "hint": tk._("Arrow keys move from bar to bar and read out its figures."),
            "series": [{"name": label, "data": values, "colour": colour(j)}
                       for j, (label, values) in enumerate(series)]}
    data = json.dumps(spec, ensure_ascii=False).replace("<", "\\u003c")    # no </script> inside the block
    parts = [f'<figure class="shaoxing-chart" data-shaoxing-chart aria-describedby="{uid}-d">',
             f'<script type="application/json">{data}</script>',
             f'<p class="visually-hidden" id="{uid}-d">{escape(describe(categories, series, name))}</p>']
    if fallback:
        parts.append(_svg(categories, series, name, stacked, tick, escape(svg_class)))
    if table:
        parts.append(_table(categories, series, name, category_label, tk._("The figures as a table"),
                            skip_empty))
    return Markup("".join(parts) + "</figure>")
