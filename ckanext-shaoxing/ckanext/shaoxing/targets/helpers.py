"""Chart helpers for the targets dashboard."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from . import charts

__all__ = ["shaoxing_target_bar", "shaoxing_monthly_chart", "shaoxing_ranking_chart"]


def shaoxing_target_bar(metric: dict, label: str):
    return charts.progress_bar(metric["actual"], metric["target"], label)


def shaoxing_monthly_chart(monthly: list[dict]):
    return charts.monthly_bars(monthly, [("open_datasets", tk._("Open datasets")), ("open_apis", tk._("Open APIs")),
                                         ("shared_apis", tk._("Shared interfaces"))],
                               name=tk._("Open data by month"), month_label=tk._("Month"), value_label=tk._("Count"))


def shaoxing_ranking_chart(ranking: dict):
    return charts.ranking_bars(ranking["ranking"], name=tk._("Department ranking"),
                               department_label=tk._("Department"), score_label=tk._("Score for the period"))
