"""Validators of the targets' action parameters (see schema.py); messages 中文 / English."""
from __future__ import annotations

import datetime as dt
import math

import ckan.model as model

from .. import clock
from ..params import absent, check_text, invalid, shaoxing_param_date
from ..schemas.api import codes
from . import ranking

__all__ = ["shaoxing_target_year", "shaoxing_department", "shaoxing_district", "shaoxing_ranking_period",
           "shaoxing_ranking_date", "shaoxing_target_count", "shaoxing_target_rate"]

FIRST_YEAR = 2000


def shaoxing_target_year(value):
    """A year from 2000 to next year (the bureau's calendar); absent: this year."""
    this_year = clock.today().year
    if absent(value):
        return this_year
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        invalid("年份应为整数", "year must be a whole number")
    if isinstance(value, str):
        check_text(value)
    try:
        year = int(value)
    except ValueError:
        invalid("年份应为整数", "year must be a whole number")
    if not FIRST_YEAR <= year <= this_year + 1:
        invalid(f"年份应在 {FIRST_YEAR} 至 {this_year + 1} 之间", f"year must be {FIRST_YEAR}–{this_year + 1}")
    return year


def shaoxing_department(value):
    """A department's name or id → its id."""
    org = model.Group.get(value)
    if org is None or not org.is_organization or org.state != "active":
        invalid("没有该数源单位", "no such department")
    return org.id


def shaoxing_district(value):
    if value not in codes("region_code"):
        invalid("不是有效的行政区划代码", "not a district code")
    return value


def shaoxing_ranking_period(value):
    if absent(value):
        return "month"
    if not isinstance(value, str) or value not in ranking.PERIODS:
        invalid("应为 week、month 或 year", "must be week, month or year")
    return value


def shaoxing_ranking_date(value):
    """A day from 2000-01-01 to today; absent: today."""
    day = shaoxing_param_date(value) or clock.today()
    if not dt.date(FIRST_YEAR, 1, 1) <= day <= clock.today():
        invalid("日期应在 2000-01-01 至今天之间", "date must be between 2000-01-01 and today")
    return day


def _number(value) -> float:
    # JSON numbers or their text; true/false are not numbers here although Python counts them.
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        invalid("应为数字", "must be a number")
    if isinstance(value, str):
        check_text(value)
    try:
        number = float(value)
    except (OverflowError, ValueError):
        invalid("应为数字", "must be a number")
    if not math.isfinite(number):
        invalid("应为数字", "must be a number")
    return number


def shaoxing_target_count(value):
    """A target count (whole, ≥ 0); absent: None, the target is left as it is."""
    if absent(value):
        return None
    number = _number(value)
    if number < 0 or not number.is_integer():
        invalid("应为非负整数", "must be a whole number ≥ 0")
    return number


def shaoxing_target_rate(value):
    if absent(value):
        return None
    number = _number(value)
    if not 0 <= number <= 1:
        invalid("应在 0 到 1 之间", "must be between 0 and 1")
    return number
