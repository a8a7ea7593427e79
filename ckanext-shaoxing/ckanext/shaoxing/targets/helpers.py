"""Chart helpers for the targets dashboard."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from . import charts

__all__ = ["shaoxing_target_bar", "shaoxing_monthly_chart"]


def shaoxing_target_bar(metric: dict, label: str):
    return charts.progress_bar(metric["actual"], metric["target"], label)


def shaoxing_monthly_chart(monthly: list[dict]):
    return charts.monthly_bars(monthly, [("open_datasets", tk._("Open datasets"), "#1565c0"),
                                         ("open_apis", tk._("Open APIs"), "#2e7d32"),
                                         ("shared_apis", tk._("Shared interfaces"), "#ef6c00")],
                               name=tk._("Open data by month"), as_table=tk._("The figures as a table"),
                               month_label=tk._("Month"))
