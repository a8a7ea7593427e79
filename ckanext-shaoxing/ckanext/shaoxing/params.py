"""Validators that every feature's action parameters share (each feature's schema.py names them).
API clients may send any JSON type, and query strings any bytes: a parameter is checked for its
type before its value, so a list, an object, a number or a NUL byte is a field error (409), never
a database error. Messages are bilingual (中文 / English)."""
from __future__ import annotations

import datetime as dt
import json

import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import StopOnError

from .bilingual import message  # noqa: F401  (the bilingual error text, for every feature)

__all__ = ["shaoxing_param_text", "shaoxing_param_date", "shaoxing_param_count", "shaoxing_param_core_id",
           "shaoxing_param_no_nul", "shaoxing_param_flag", "shaoxing_param_strings"]

# Names, ids and codes: CKAN's own names stop at 100 characters.
MAX_TEXT = 100


def invalid(zh: str, en: str):
    raise tk.Invalid(message(zh, en))


def absent(value) -> bool:
    return value is tk.missing or value is None or value == ""


def check_text(value) -> None:
    """Invalid unless `value` is a short string (a name, id or code) without NUL characters."""
    if not isinstance(value, str):
        invalid("应为文本", "must be a string")
    if "\x00" in value:
        invalid("不能含空字符（NUL）", "must not contain NUL characters")
    if len(value) > MAX_TEXT:
        invalid(f"不能超过 {MAX_TEXT} 个字符", f"must be at most {MAX_TEXT} characters")


def shaoxing_param_text(key, data, errors, context):
    """check_text; absent values pass. A wrong value stops the field's later validators, which
    may then query the database with a clean string."""
    value = data.get(key)
    if value is tk.missing or value is None:
        return
    try:
        check_text(value)
    except tk.Invalid as e:
        errors[key].append(e.error)
        raise StopOnError


def shaoxing_param_date(value):
    """A calendar date YYYY-MM-DD → datetime.date; absent values become None."""
    if absent(value):
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    check_text(value)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        invalid("日期格式应为 YYYY-MM-DD", "date must be YYYY-MM-DD")


def shaoxing_param_count(value):
    """A whole number ≥ 0 (a JSON number or its text); absent values pass."""
    if absent(value):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        invalid("应为非负整数", "must be a whole number ≥ 0")
    if isinstance(value, str):
        check_text(value)
    if not (str(value).isascii() and str(value).isdigit()):
        invalid("应为非负整数", "must be a whole number ≥ 0")
    return value


def shaoxing_param_core_id(value):
    """An id for a core action we chain: a JSON value other than a string, or a NUL byte, is
    refused. Anything else goes on to core unchanged (core itself passes query rows as ids)."""
    if isinstance(value, (list, dict, bool, int, float)):
        invalid("应为文本", "must be a string")
    if isinstance(value, str) and "\x00" in value:
        invalid("不能含空字符（NUL）", "must not contain NUL characters")
    return value


def shaoxing_param_flag(value):
    """A yes/no parameter of a core action we chain: what core's asbool reads (a JSON value, or
    true/false, yes/no, on/off, 1/0 as text), which answers 500 to other text. Left unchanged."""
    try:
        tk.asbool(value)
    except ValueError:
        invalid("应为 true 或 false", "must be true or false")
    return value


def shaoxing_param_strings(value):
    """Names or search terms for a core action we chain: a string or a list of strings, without
    NUL characters (core answers 500 to a number, or to a NUL in its query). Absent values pass;
    left unchanged."""
    for item in value if isinstance(value, list) else [] if absent(value) else [value]:
        if not isinstance(item, str):
            invalid("应为文本或文本列表", "must be a string or a list of strings")
        if "\x00" in item:
            invalid("不能含空字符（NUL）", "must not contain NUL characters")
    return value


def holds_nul(value) -> bool:
    """A NUL character anywhere in `value`: a string, the JSON text a string holds (a query
    string's `q={"name": "\\u0000"}`), or any key or value of nested objects and lists."""
    if isinstance(value, str):
        if "\x00" in value:
            return True
        if value.lstrip()[:1] in ("{", "["):
            try:
                return holds_nul(json.loads(value))
            except ValueError:
                return False    # not JSON: the action's own validation answers
        return False
    if isinstance(value, dict):
        return any(holds_nul(k) or holds_nul(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(holds_nul(v) for v in value)
    return False


NUL_MESSAGE = ("不能含空字符（NUL），包括 JSON 对象内部", "must not contain NUL characters, also inside a JSON object")


def shaoxing_param_no_nul(value):
    """A data query (`q`, `filters`) of any JSON shape, without NUL anywhere inside: PostgreSQL
    text cannot hold one, and the DataStore would answer 500. Left unchanged otherwise."""
    if holds_nul(value):
        invalid(*NUL_MESSAGE)
    return value


def guard(data_dict: dict, schema: dict, context) -> None:
    """Check the parameters `schema` names before a core action we chain receives them, and
    leave the data as it is: core's own schema still does the rest (409 instead of its 500s)."""
    _, errors = tk.navl_validate({k: v for k, v in data_dict.items() if k in schema}, schema, context)
    if errors:
        raise tk.ValidationError(errors)
