"""Reading a tabular file completely before anything touches the DataStore: CSV (UTF-8, UTF-8
with BOM, GBK/GB18030), XLSX (first sheet) and JSON (an array of flat objects) become one clean
UTF-8 CSV, every cell checked against the column types the entry's data dictionary declares.
A file that cannot be loaded raises `Unloadable` with a bilingual reason naming the row and
column; nothing has been written then, so the table loaded before stays as it is."""
from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import re
import zipfile
from typing import Iterator

# 字段类型 codes of schemas/dataset.yaml (data_items.field_type) → DataStore column types.
DATASTORE_TYPES = {"string": "text", "integer": "int8", "decimal": "numeric", "date": "date",
                   "datetime": "timestamp", "boolean": "bool"}
FORMATS = ("csv", "xlsx", "json")
_INT = re.compile(r"[+-]?\d{1,18}")
_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?")
_BOOL = {"true": "true", "false": "false", "1": "true", "0": "false", "是": "true", "否": "false",
         "yes": "true", "no": "false", "t": "true", "f": "false"}
_ENCODINGS = ("utf-8-sig", "gb18030")        # GB18030 is a superset of GBK and GB2312


class Unloadable(Exception):
    """The file cannot be loaded; `zh` and `en` say why."""

    def __init__(self, zh: str, en: str):
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en


def file_format(fmt: str | None, name: str | None) -> str | None:
    """csv, xlsx or json from the resource's format, else its file name; None if not tabular."""
    for value in ((fmt or "").strip().lower(), (name or "").rsplit(".", 1)[-1].lower()):
        if value in FORMATS:
            return value
    return None


def _csv_rows(path: str) -> Iterator[list]:
    # Decoded strictly: the first encoding that reads the whole file wins (a GBK file is not
    # valid UTF-8, so it is read twice at most).
    for encoding in _ENCODINGS:
        try:
            with open(path, encoding=encoding, newline="", errors="strict") as f:
                for _ in f:
                    pass
        except UnicodeDecodeError:
            continue
        with open(path, encoding=encoding, newline="") as f:
            yield from csv.reader(f)
        return
    raise Unloadable("文件既不是 UTF-8 也不是 GBK 编码的文本", "the file is neither UTF-8 nor GBK text")


def _xlsx_rows(path: str, max_bytes: int) -> Iterator[list]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise Unloadable("不是有效的 XLSX 文件", "not a valid XLSX file")
    with archive:
        # A zip bomb is refused from its directory, before anything is decompressed.
        unpacked = sum(i.file_size for i in archive.infolist())
        if unpacked > max_bytes:
            raise Unloadable(f"XLSX 解压后有 {unpacked} 字节，超过上限 {max_bytes}（疑似压缩炸弹）",
                             f"the XLSX unpacks to {unpacked} bytes, over the limit of {max_bytes} (a zip bomb?)")
    import openpyxl
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as e:     # openpyxl raises many kinds for a broken workbook
        raise Unloadable(f"无法读取 XLSX：{e}", f"cannot read the XLSX: {e}")
    try:
        for row in book.worksheets[0].iter_rows(values_only=True):
            yield [_cell(v) for v in row]
    finally:
        book.close()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _json_rows(path: str) -> Iterator[list]:
    import ijson
    header: list[str] | None = None
    try:
        with open(path, "rb") as f:
            for n, item in enumerate(ijson.items(f, "item", use_float=True), start=1):
                if not isinstance(item, dict):
                    raise Unloadable(f"第{n}项不是对象", f"item {n} is not an object")
                if header is None:
                    header = list(item)
                    yield header
                extra = [k for k in item if k not in header]
                if extra:
                    raise Unloadable(f"第{n}项有表头之外的键「{extra[0]}」",
                                     f"item {n} has a key {extra[0]!r} the first item lacks")
                row = []
                for k in header:
                    v = item.get(k)
                    if isinstance(v, (dict, list)):
                        raise Unloadable(f"第{n}项的「{k}」不是简单值", f"item {n}: {k!r} is not a flat value")
                    row.append("" if v is None else _cell(v) if not isinstance(v, str) else v)
                yield row
    except ijson.JSONError as e:
        raise Unloadable(f"不是有效的 JSON 数组：{e}", f"not a valid JSON array: {e}")
    except UnicodeDecodeError:
        raise Unloadable("JSON 文件不是 UTF-8 编码", "the JSON file is not UTF-8")


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


def rows_of(path: str, fmt: str, max_unpacked: int) -> Iterator[list]:
    if fmt == "csv":
        return _csv_rows(path)
    if fmt == "xlsx":
        return _xlsx_rows(path, max_unpacked)
    return _json_rows(path)


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

