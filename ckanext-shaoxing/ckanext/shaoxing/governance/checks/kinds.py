"""What a column's values should look like, by the entry's declared 字段类型 (or by its name for
coordinates and codes), as regular expressions run over a whole batch of a column at once:
one C-level scan per column and batch instead of a Python call per cell (bench/quality.py)."""
from __future__ import annotations

import datetime as dt
import re

from ...credit_code import problem as credit_problem

_NUM = r"[+-]?\d+(?:,\d{3})*"
PATTERNS = {
    "integer": _NUM,
    "decimal": _NUM + r"(?:\.\d+)?(?:[eE][+-]?\d+)?|[+-]?\.\d+",
    "date": r"\d{4}-\d{2}-\d{2}",
    "datetime": r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?",
    "boolean": r"(?i:true|false|yes|no|t|f|1|0)|是|否",
    "phone": r"(?:\+?86[- ]?)?(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?|[1-9]\d{6,7}|400-?\d{3}-?\d{4}|1\d{4})",
    "email": r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}",
    "region_code": r"\d{6}(?:\d{3}(?:\d{3})?)?",
    "credit_code": r"[0-9A-HJ-NPQRTUWXY]{18}",
    "longitude": _NUM + r"(?:\.\d+)?",
    "latitude": _NUM + r"(?:\.\d+)?",
}
# Kinds whose well-formed values cannot hold 11 digits in a row nor an @.
SHORT = {"date", "datetime", "boolean", "region_code", "longitude", "latitude"}
# Values are joined with a separator no tabular cell holds in practice; a cell that does only
# miscounts itself.
SEP = "\x1e"
# Each match consumes only the separator before a well-formed cell: findall then returns that
# one-character string, which CPython does not allocate anew, and the scan skips to separators.
_COUNTERS = {k: re.compile(rf"{SEP}(?= *(?:{p}) *{SEP})") for k, p in PATTERNS.items()}
_FULL = {k: re.compile(rf" *(?:{p}) *") for k, p in PATTERNS.items()}
# Shaoxing's extent with a margin (the city spans about 119.9–121.2 E, 29.2–30.3 N).
BOUNDS = {"longitude": (119.8, 121.4), "latitude": (29.1, 30.4)}
EARLIEST = "1949-01-01"
# Columns about dates that may lie ahead (a licence's expiry, a planned opening): not "past events".
FUTURE_HINTS = re.compile(r"expir|valid|until|end|deadline|plan|due|到期|有效期|截止|计划|预计|届满", re.I)
_LON = re.compile(r"^(lng|lon|long|longitude|经度|x_?coord)$|_(lng|lon|longitude)$", re.I)
_LAT = re.compile(r"^(lat|latitude|纬度|y_?coord)$|_(lat|latitude)$", re.I)
_REGION = re.compile(r"region_code|area_code|division_code|xzqh|行政区划代码|区划代码", re.I)
_CREDIT = re.compile(r"credit_code|uscc|统一社会信用代码|信用代码", re.I)


def declared_kind(name: str, label: str, field_type: str | None) -> str | None:
    """The check kind of a column: its declared type, else one its name makes plain."""
    if field_type and field_type != "string":
        return field_type if field_type in PATTERNS else None
    for kind, pattern in (("longitude", _LON), ("latitude", _LAT), ("region_code", _REGION), ("credit_code", _CREDIT)):
        if pattern.search(name) or (label and pattern.search(label)):
            return kind
    return None


_DIGIT_MAP = bytes(0x31 if 0x30 <= b <= 0x39 else 0x30 for b in range(256))     # digit "1", else "0"
_LONG_RUN = b"1" * 19
_DOT_SEP = ("." + SEP).encode()
# Values met before and found well-formed, per kind: dates and codes repeat, so most batches
# need no per-value work at all. Bounded, as everything a check keeps.
_KNOWN: dict[str, set] = {}
KNOWN_MAX = 50_000


def join(values) -> str:
    """The cells as the column scans read them: SEP + cells joined by SEP + SEP."""
    return f"{SEP}{SEP.join(values)}{SEP}"


# Kinds whose values repeat (codes, days, yes/no): counted by their distinct set.
BY_DISTINCT = {"date", "datetime", "boolean", "region_code", "credit_code"}


def count_valid(kind: str, joined: str | None, values=None, distinct: set | None = None,
                filled: int | None = None) -> int:
    """How many cells of `joined` (see `join`; None: built from `values` if needed) have the
    kind's form: plain numbers by string methods, repeating values by their distinct set (the
    column's filled values, if the caller has it), the rest by one regex scan."""
    if values is None:
        return len(_COUNTERS[kind].findall(joined))
    if filled is None:
        filled = len(values) - values.count("")
    if joined is None and kind not in BY_DISTINCT:
        joined = join(values)
    if kind in ("integer", "decimal") and joined.isascii():
        # Byte-level tests (C loops, no regex): cells of at most 18 digits; decimals with no
        # second dot in a cell (digits deleted, no ".." is left) nor a bare leading or trailing one.
        data = joined.encode("ascii")
        if kind == "integer" and joined.replace(SEP, "").isdigit() and _LONG_RUN not in data.translate(_DIGIT_MAP):
            return filled
        if kind == "decimal":
            marks = data.translate(None, b"0123456789")
            if (not marks.translate(None, _DOT_SEP) and b".." not in marks
                    and SEP + "." not in joined and "." + SEP not in joined):
                return filled
    elif kind in BY_DISTINCT:
        known = _KNOWN.setdefault(kind, set())
        if distinct is None:
            distinct = set(values)
            distinct.discard("")
        todo = distinct - known
        if len(todo) * 2 <= len(values):
            bad = {v for v in todo if not is_valid(kind, v)}
            if len(known) < KNOWN_MAX:
                known.update(todo - bad)
            return filled - (sum(values.count(v) for v in bad) if bad else 0)
        if joined is None:
            joined = join(values)
    return len(_COUNTERS[kind].findall(joined))


def is_valid(kind: str, value: str) -> bool:
    return bool(_FULL[kind].fullmatch(value)) and deep_check(kind, value.strip())


_CALENDAR: dict[str, bool] = {}


def real_date(value: str) -> bool:
    """2024-02-30 has the form of a date but is none; results are cached (dates repeat)."""
    day = value[:10]
    known = _CALENDAR.get(day)
    if known is None:
        try:
            dt.date.fromisoformat(day)
            known = True
        except ValueError:
            known = False
        if len(_CALENDAR) < 100_000:
            _CALENDAR[day] = known
    return known


_DAYS_SEEN: set[str] = set()


def not_calendar_days(values: set[str]) -> set[str]:
    """The values (of the date form) whose day does not exist; days met before are not looked at again."""
    # A value that is itself a day met before needs no slicing (most values of a date column).
    days = {v[:10] for v in values - _DAYS_SEEN} - _DAYS_SEEN
    if not days:
        return set()
    bad = {d for d in days if not real_date(d)}
    if len(_DAYS_SEEN) < 100_000:
        _DAYS_SEEN.update(days - bad)
    return {v for v in values if v[:10] in bad} if bad else set()


def deep_check(kind: str, value: str) -> bool:
    """Checks a pattern cannot make: a real calendar day, a credit code's check character."""
    if kind in ("date", "datetime"):
        return real_date(value)
    if kind == "credit_code":
        return credit_problem(value) is None
    return True


def infer(values: list[str]) -> str | None:
    """The one type an undeclared column's first batch holds (≥ 95% of its filled cells), if any."""
    filled = [v for v in values if v]
    if len(filled) < 20:
        return None
    joined = SEP + SEP.join(filled) + SEP
    for kind in ("integer", "decimal", "date"):
        if count_valid(kind, joined) >= 0.95 * len(filled):
            return kind
    return None
