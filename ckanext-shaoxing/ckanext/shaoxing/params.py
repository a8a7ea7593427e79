"""Validators that every feature's action parameters share (each feature's schema.py names them).
API clients may send any JSON type, and query strings any bytes: a parameter is checked for its
type before its value, so a list, an object, a number or a NUL byte is a field error (409), never
a database error. Messages are bilingual (中文 / English)."""
from __future__ import annotations

import datetime as dt

import ckan.plugins.toolkit as tk

__all__ = ["shaoxing_param_text", "shaoxing_param_date"]

# Names, ids and codes: CKAN's own names stop at 100 characters.
MAX_TEXT = 100


def invalid(zh: str, en: str):
    raise tk.Invalid(f"{zh} / {en}")


def absent(value) -> bool:
    return value is tk.missing or value is None or value == ""


def shaoxing_param_text(value):
    """A short string (a name, id or code) without NUL characters; absent values pass."""
    if value is tk.missing or value is None:
        return value
    if not isinstance(value, str):
        invalid("应为文本", "must be a string")
    if "\x00" in value:
        invalid("不能含空字符（NUL）", "must not contain NUL characters")
    if len(value) > MAX_TEXT:
        invalid(f"不能超过 {MAX_TEXT} 个字符", f"must be at most {MAX_TEXT} characters")
    return value


def shaoxing_param_date(value):
    """A calendar date YYYY-MM-DD → datetime.date; absent values become None."""
    if absent(value):
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    shaoxing_param_text(value)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        invalid("日期格式应为 YYYY-MM-DD", "date must be YYYY-MM-DD")
