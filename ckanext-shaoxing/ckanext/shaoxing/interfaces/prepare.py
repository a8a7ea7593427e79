"""Reading a tabular file completely before anything touches the DataStore: the rows the shared
reader gives (tabular.py: CSV, XLSX, JSON) become one clean UTF-8 CSV, every cell checked against
the column types the entry's data dictionary declares. A file that cannot be loaded raises
`Unloadable` with a bilingual reason naming the row and column; nothing has been written then,
so the table loaded before stays as it is."""
from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import re

from ..tabular import Unreadable as Unloadable  # the loader's name for it (jobs.py raises it too)
from ..tabular import file_format, rows_of

__all__ = ["DATASTORE_TYPES", "Unloadable", "file_format", "prepare"]

# 字段类型 codes of schemas/dataset.yaml (data_items.field_type) → DataStore column types.
DATASTORE_TYPES = {"string": "text", "integer": "int8", "decimal": "numeric", "date": "date",
                   "datetime": "timestamp", "boolean": "bool"}
_INT = re.compile(r"[+-]?\d{1,18}")
_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?")
_BOOL = {"true": "true", "false": "false", "1": "true", "0": "false", "是": "true", "否": "false",
         "yes": "true", "no": "false", "t": "true", "f": "false"}


def _checker(kind: str):
    """A function text → normalised text for COPY, raising ValueError for a bad value."""
    def integer(v):
        if not _INT.fullmatch(v.replace(",", "")):
            raise ValueError
        return v.replace(",", "")

    def number(v):
        d = decimal.Decimal(v.replace(",", ""))
        if not d.is_finite():
            raise ValueError
        return str(d)

    def date(v):
        return dt.date.fromisoformat(v[:10] if len(v) > 10 and v[10:].strip(" 0:T") == "" else v).isoformat()

    def timestamp(v):
        if not (m := _DATETIME.fullmatch(v)):
            return dt.date.fromisoformat(v).isoformat() + " 00:00:00"
        day, hh, mm, ss = m.groups()
        return dt.datetime.fromisoformat(f"{day} {hh}:{mm}:{ss or '00'}").isoformat(sep=" ")

    def boolean(v):
        return _BOOL[v.lower()]

    return {"int8": integer, "numeric": number, "date": date, "timestamp": timestamp, "bool": boolean}.get(kind)


_EXPECTED = {"int8": ("整数", "a whole number"), "numeric": ("数字", "a number"),
             "date": ("日期 YYYY-MM-DD", "a date YYYY-MM-DD"),
             "timestamp": ("日期时间 YYYY-MM-DD HH:MM:SS", "a date and time YYYY-MM-DD HH:MM:SS"),
             "bool": ("是/否（true/false）", "yes/no (true/false)")}


def prepare(path: str, fmt: str, out: io.TextIOBase, types: dict[str, str], max_unpacked: int) -> tuple[list, int]:
    """Write the file at `path` as clean UTF-8 CSV to `out`. `types` maps a column to its
    DataStore type (others are text). Returns (headers, number of data rows)."""
    rows = rows_of(path, fmt, max_unpacked)
    header = None
    for header in rows:
        if any(c.strip() for c in header):
            break
    if header is None or not any(c.strip() for c in header):
        raise Unloadable("文件为空", "the file is empty")
    header = [c.strip() for c in header]
    while header and header[-1] == "":
        header.pop()
    for i, name in enumerate(header, start=1):
        if not name:
            raise Unloadable(f"第{i}列没有表头", f"column {i} has no header")
        if name.startswith("_") or '"' in name or len(name) > 63:
            raise Unloadable(f"表头「{name}」不能用作列名", f"the header {name!r} cannot be a column name")
    seen = set()
    for name in header:
        if name in seen:
            raise Unloadable(f"表头「{name}」重复", f"the header {name!r} appears twice")
        seen.add(name)
    checks = [(_checker(types.get(name, "text")), name) for name in header]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    width, count = len(header), 0
    line = 1
    for line, row in enumerate(rows, start=2):
        if not any(c.strip() for c in row):
            continue
        while len(row) > width and row[-1].strip() == "":   # trailing empty cells of spreadsheets
            row.pop()
        if len(row) != width:
            raise Unloadable(f"第{line}行有 {len(row)} 列，表头有 {width} 列",
                             f"row {line} has {len(row)} columns, the header has {width}")
        clean = []
        for value, (check, name) in zip(row, checks):
            value = value.strip()
            if value and check:
                try:
                    value = check(value)
                except (ValueError, KeyError, decimal.InvalidOperation):
                    zh, en = _EXPECTED[types[name]]
                    raise Unloadable(f"第{line}行「{name}」列的值「{value[:40]}」不是{zh}",
                                     f"row {line}, column {name!r}: {value[:40]!r} is not {en}")
            clean.append(value)
        writer.writerow(clean)
        count += 1
    if count == 0:
        raise Unloadable("文件只有表头，没有数据行", "the file has a header but no data rows")
    return header, count

