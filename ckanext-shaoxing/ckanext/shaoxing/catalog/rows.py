"""Turning workbook rows into catalogue entries (package dicts), collecting every problem with
its row and column instead of stopping at the first."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from . import layout
from .codes import Codes
from .problems import Problem

_TAG_SPLIT = re.compile(r"[,，;；、]")


@dataclass
class Entry:
    row: int
    data: dict
    resource_rows: list[int] = field(default_factory=list)
    item_rows: list[int] = field(default_factory=list)
    valid: bool = True      # False: a cell of it could not be read; it is reported, not written


# 2021-03-05, 2021-3-5, 2021/3/5, 2021.3.5, 2021年3月5日 (after NFKC: full-width digits too)
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_INT = re.compile(r"\d{1,3}(,\d{3})*|\d+")


def convert(column: layout.Column, value, codes: Codes) -> tuple[object, tuple[str, str] | None]:
    """(converted value, None) or (None, (zh, en) problem)."""
    if column.kind == "date":
        if isinstance(value, dt.datetime):
            return value.date().isoformat(), None
        if isinstance(value, dt.date):
            return value.isoformat(), None
        text = layout.normal(layout.cell_text(value))
        try:
            if not (m := _DATE.fullmatch(text)):
                raise ValueError
            return dt.date(*map(int, m.groups())).isoformat(), None
        except ValueError:
            return None, ("日期无效，应为 YYYY-MM-DD（或 2021年3月5日、2021/3/5）",
                          f"invalid date {text!r}, expected YYYY-MM-DD (or 2021年3月5日, 2021/3/5)")
    if column.kind == "text" and isinstance(value, str):
        # Free text as typed but for padding: a leading tab (like a leading "=") is the text,
        # which the export writes as a text cell, so the round trip keeps it.
        return value.lstrip(" \u3000").rstrip(), None
    text = layout.cell_text(value)
    if column.kind not in ("text", "tags"):
        text = layout.normal(text)
    if column.kind == "int":
        if _INT.fullmatch(text):
            return int(text.replace(",", "")), None
        return None, ("应为非负整数", f"expected a whole number ≥ 0, got {text!r}")
    if column.kind == "choice":
        code = codes.choice(column.field, text)
        if code is None:
            return None, (f"「{text}」不在代码表中", f"{text!r} is not in the code list")
        return code, None
    if column.kind == "department":
        name = codes.department(text)
        if name is None:
            return None, (f"数源单位「{text}」不在平台中", f"department {text!r} does not exist in the portal")
        return name, None
    if column.kind == "license":
        lid = codes.license(text)
        if lid is None:
            return None, (f"许可「{text}」未知", f"unknown licence {text!r}")
        return lid, None
    if column.kind == "tags":
        return ",".join(t.strip() for t in _TAG_SPLIT.split(text) if t.strip()), None
    return text, None


def read_record(columns, number: int, values: dict, codes: Codes, problems: list[Problem],
                sheet: str | None) -> dict:
    record = {}
    for column in columns:
        if column.field is None:
            continue
        raw = values.get(column.header)
        if raw is None or layout.cell_text(raw) == "":
            if column.required:
                problems.append(Problem("必填项为空", "required value is empty", number, column.header, sheet))
            continue
        converted, problem = convert(column, raw, codes)
        if problem:
            problems.append(Problem(*problem, number, column.header, sheet))
        else:
            record[column.field] = converted
    return record


def collect(workbook, codes: Codes, problems: list[Problem]) -> list[Entry]:
    """All entries of the workbook with their resources and data items attached."""
    entries: dict[str, Entry] = {}
    for number, values in workbook.rows(layout.ENTRIES, problems):
        before = len(problems)
        record = read_record(layout.ENTRY_COLUMNS, number, values, codes, problems, None)
        code = record.get("catalog_code")
        if not code:
            continue
        if code in entries:
            problems.append(Problem(f"信息资源代码与第{entries[code].row}行重复",
                                    f"catalogue code duplicates row {entries[code].row}", number, "信息资源代码"))
            continue
        record.setdefault("resources", [])
        record.setdefault("data_items", [])
        entries[code] = Entry(number, record, valid=len(problems) == before)
    if not entries and not problems:
        problems.append(Problem("工作表没有任何目录条目", "the sheet has no catalogue entries", sheet=layout.ENTRIES))

    for sheet, columns, key, rows_attr in (
            (layout.RESOURCES, layout.RESOURCE_COLUMNS, "resources", "resource_rows"),
            (layout.DATA_ITEMS, layout.DATA_ITEM_COLUMNS, "data_items", "item_rows")):
        if not workbook.has(sheet):
            continue
        for number, values in workbook.rows(sheet, problems):
            before = len(problems)
            record = read_record(columns, number, values, codes, problems, sheet)
            code = record.pop("catalog_code", None)
            if code is None:
                continue
            entry = entries.get(code)
            if entry is None:
                problems.append(Problem(f"信息资源代码「{code}」不在「{layout.ENTRIES}」中",
                                        f"catalogue code {code!r} is not in sheet {layout.ENTRIES}",
                                        number, "信息资源代码", sheet))
                continue
            entry.data[key].append(record)
            getattr(entry, rows_attr).append(number)
            entry.valid = entry.valid and len(problems) == before
    return list(entries.values())
