"""Parameters of the views' two actions. Column names are checked against the table's own fields
by the action (the schema cannot know them)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ..params import check_text, invalid
from . import coords

GROUPS = ("category", "day", "month", "year", "bin", "region")
AGGREGATIONS = ("count", "sum", "avg")


def _choice(allowed: tuple[str, ...]):
    def check(value):
        check_text(value)
        if value not in allowed:
            invalid(f"应为 {' / '.join(allowed)} 之一", f"must be one of {', '.join(allowed)}")
        return value
    return check


def _column(value):
    check_text(value)
    return value


def _bins(value):
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).isdigit() \
            or not 2 <= int(value) <= 50:
        invalid("分组数应为 2 到 50 的整数", "bins must be a whole number from 2 to 50")
    return int(value)


def _after(value):
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).isdigit() or len(str(value)) > 18:
        invalid("应为非负整数", "must be a whole number ≥ 0")
    return int(value)


@tk.validator_args
def view_aggregate(not_missing, ignore_missing, default):
    return {"resource_id": [not_missing, _column],
            "group_by": [not_missing, _column],
            "group": [default("category"), _choice(GROUPS)],
            "aggregation": [default("count"), _choice(AGGREGATIONS)],
            "value": [ignore_missing, _column],
            "bins": [default(10), _bins]}


@tk.validator_args
def view_points(not_missing, ignore_missing, default):
    return {"resource_id": [not_missing, _column],
            "longitude": [not_missing, _column],
            "latitude": [not_missing, _column],
            "crs": [default("wgs84"), _choice(coords.SYSTEMS)],
            "label": [ignore_missing, _column],
            "after": [default(0), _after]}
