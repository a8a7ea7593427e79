"""The dashboard's figures: the progress bars in SVG (no JavaScript needed), the monthly trend and
the ranking through the portal's shared figure (`charts`: ECharts with a no-JavaScript fallback)."""
from __future__ import annotations

from html import escape

from markupsafe import Markup

from .. import charts


def progress_bar(actual: float, target: float, label: str) -> Markup:
    """A horizontal bar of actual against target, with the percentage written on it."""
    share = actual / target if target else 0.0
    width = min(share, 1.0) * 100
    colour = charts.colour(2 if share >= 1 else 0)
    return Markup(
        f'<svg class="target-bar" role="img" aria-label="{escape(label)} {share:.0%}" viewBox="0 0 100 8" '
        f'preserveAspectRatio="none" width="100%" height="16">'
        f'<rect width="100" height="8" fill="#e0e0e0"/><rect width="{width:.2f}" height="8" fill="{colour}"/>'
        f'</svg>')


def monthly_bars(monthly: list[dict], series: list[tuple[str, str]], name: str, month_label: str,
                 value_label: str) -> Markup:
    """Grouped bars per month (`series`: (key, legend label)), drawn by ECharts, the same bars in SVG
    without JavaScript, and the figures as a table."""
    return charts.bars([m["month"] for m in monthly], [(label, [m[key] for m in monthly]) for key, label in series],
                       name=name, category_label=month_label, value_label=value_label, svg_class="target-trend")


def ranking_bars(rows: list[dict], name: str, department_label: str, score_label: str) -> Markup:
    """The ranking's scores, first department on top; the ranking's table on the page is the
    alternative, so the figure adds only the chart and its description."""
    return charts.bars([r["title"] for r in rows], [(score_label, [r["score"] for r in rows])], name=name,
                       category_label=department_label, value_label=score_label, kind="ranking",
                       table=False, fallback=False)
