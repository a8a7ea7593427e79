"""The feedback parameters' own checks (bilingual messages naming nothing but the value: the
field is the error's key)."""
from __future__ import annotations

from ckan.lib.navl.dictization_functions import StopOnError

from ..params import absent, invalid
from .model import KINDS

__all__ = ["shaoxing_feedback_title", "shaoxing_feedback_long", "shaoxing_feedback_short", "shaoxing_feedback_kind",
           "shaoxing_feedback_contact", "shaoxing_feedback_day_kind", "shaoxing_feedback_required",
           "shaoxing_feedback_days", "shaoxing_feedback_year", "shaoxing_feedback_limit", "shaoxing_feedback_offset"]

CONTACTS = ("portal", "email")


def _text(value, limit: int):
    if absent(value):
        return None
    if not isinstance(value, str):
        invalid("应为文本", "must be a string")
    if "\x00" in value:
        invalid("不能含空字符（NUL）", "must not contain NUL characters")
    value = value.strip()
    if len(value) > limit:
        invalid(f"不能超过 {limit} 个字符", f"must be at most {limit} characters")
    return value or None


def shaoxing_feedback_title(value):
    return _text(value, 200)


def shaoxing_feedback_long(value):
    return _text(value, 4000)


def shaoxing_feedback_short(value):
    return _text(value, 500)


def shaoxing_feedback_required(key, data, errors, context):
    if absent(data.get(key)):
        errors[key].append("必填 / required")
        raise StopOnError


def shaoxing_feedback_kind(value):
    if value not in KINDS:
        invalid("应为 request 或 report", "must be request or report")
    return value


def shaoxing_feedback_contact(value):
    if absent(value):
        return "portal"
    if value not in CONTACTS:
        invalid("应为 portal 或 email", "must be portal or email")
    return value


def shaoxing_feedback_day_kind(value):
    if value not in ("holiday", "workday"):
        invalid("应为 holiday 或 workday", "must be holiday or workday")
    return value


def _number(value) -> int | None:
    """The whole number an earlier shaoxing_param_count passed; None when it refused it (its error
    stands, and navl still calls the later validators)."""
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).isascii() \
            or not str(value).isdigit() or len(str(value)) > 12:
        return None
    return int(value)


def shaoxing_feedback_days(value):
    """An age in days (after shaoxing_param_count): at most a century."""
    if (n := _number(value)) is not None and n > 36500:
        invalid("不能超过 36500 天", "must be at most 36500 days")
    return value


def shaoxing_feedback_year(value):
    """A calendar year (after shaoxing_param_count): 2000–2100."""
    if (n := _number(value)) is not None and not 2000 <= n <= 2100:
        invalid("年份应在 2000 至 2100 之间", "the year must be from 2000 to 2100")
    return value


def shaoxing_feedback_limit(value):
    n = _number(value)
    if n is None or not 1 <= n <= 100:
        invalid("应在 1 至 100 之间", "must be from 1 to 100")
    return n


def shaoxing_feedback_offset(value):
    n = _number(value)
    if n is None or n > 1_000_000:
        invalid("应为不超过 1000000 的整数", "must be a whole number up to 1000000")
    return n
