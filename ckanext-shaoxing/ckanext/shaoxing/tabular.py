"""Reading tabular files, streamed: CSV (UTF-8, UTF-8 with BOM, GBK/GB18030), XLSX (its first
sheet) and JSON (an array of flat objects) become rows of strings. One reader for every feature
that reads a data file: the DataStore loader (interfaces/prepare.py) and the quality check
(governance/run.py) see the same cells.

Shared module (see the package's docstring). Public API: `FORMATS`, `file_format`, `rows_of`,
`sheet_count` and `Unreadable`."""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import re
import zipfile
from typing import Iterator

from . import safezip
from .bilingual import message

__all__ = ["FORMATS", "Unreadable", "file_format", "rows_of", "sheet_count"]

FORMATS = ("csv", "xlsx", "json")
_ENCODINGS = ("utf-8-sig", "gb18030")        # GB18030 is a superset of GBK and GB2312


class Unreadable(Exception):
    """The file cannot be read; `zh` and `en` say why."""

    def __init__(self, zh: str, en: str):
        super().__init__(message(zh, en))
        self.zh, self.en = zh, en


def file_format(fmt: str | None, name: str | None) -> str | None:
    """csv, xlsx or json from the resource's format, else its file name; None if not tabular."""
    for value in ((fmt or "").strip().lower(), (name or "").rsplit(".", 1)[-1].lower()):
        if value in FORMATS:
            return value
    return None


def rows_of(path: str, fmt: str, max_unpacked: int) -> Iterator[list[str]]:
    """The rows of the file at `path` (header first), read as they are asked for. An XLSX
    unpacking to more than `max_unpacked` bytes is refused before anything is decompressed.
    Raises `Unreadable` with the reason (also midway, for a fault found later in the file)."""
    if fmt == "csv":
        return _csv_rows(path)
    if fmt == "xlsx":
        return _xlsx_rows(path, max_unpacked)
    return _json_rows(path)


def sheet_count(path: str) -> int:
    """The worksheets of an XLSX (read from its directory); `rows_of` reads the first one."""
    try:
        with zipfile.ZipFile(path) as z:
            return sum(1 for n in z.namelist() if n.startswith("xl/worksheets/sheet"))
    except (zipfile.BadZipFile, OSError):
        raise Unreadable("不是有效的 XLSX 文件", "not a valid XLSX file")


def _csv_rows(path: str) -> Iterator[list]:
    # One decoding pass, strict: the encoding is told by the file's first non-ASCII bytes (a GBK
    # file is not valid UTF-8 there), then csv reads through the decoder. A fault further on is
    # a reason naming its row, raised when the reader reaches it.
    encoding = _encoding_of(path)
    try:
        with open(path, encoding=encoding, newline="", errors="strict", buffering=_CHUNK) as f:
            yield from csv.reader(f)
    except UnicodeDecodeError:
        row, column = _first_fault(path, encoding)
        if encoding != _ENCODINGS[1]:
            raise Unreadable(f"第{row}行第{column}列不是 UTF-8 编码的文本（前面的行都是 UTF-8）",
                             f"row {row}, column {column} is not UTF-8 text as the rows before it are")
        raise Unreadable(f"第{row}行第{column}列既不是 UTF-8 也不是 GBK 编码的文本",
                         f"row {row}, column {column} is neither UTF-8 nor GBK text")


_CHUNK = 1 << 20


def _encoding_of(path: str) -> str:
    """UTF-8 when the first chunk holding a non-ASCII byte decodes as UTF-8 (or the file is
    ASCII), else GB18030. UTF-8 without a BOM is read as plain "utf-8": the same text, and
    Python decodes it in C where "utf-8-sig" takes a Python call per chunk."""
    with open(path, "rb") as f:
        bom = f.read(3) == codecs.BOM_UTF8
        f.seek(0)
        while chunk := f.read(_CHUNK):
            if not chunk.isascii():
                # The chunks before were ASCII: this one starts on a character's boundary.
                try:
                    codecs.getincrementaldecoder(_ENCODINGS[0])("strict").decode(chunk, final=False)
                except UnicodeDecodeError:
                    return _ENCODINGS[1]
                break
    return _ENCODINGS[0] if bom else "utf-8"


def _first_fault(path: str, encoding: str) -> tuple[int, int]:
    """The row (the header is row 1) and column of the first bytes `encoding` cannot decode:
    read again with them kept as lone surrogates, which strict decoding never yields."""
    with open(path, encoding=encoding, newline="", errors="surrogateescape") as f:
        n = 0
        for n, row in enumerate(csv.reader(f), start=1):
            for column, cell in enumerate(row, start=1):
                if _ESCAPED.search(cell):
                    return n, column
    return n + 1, 1


_ESCAPED = re.compile("[\udc80-\udcff]")


def _xlsx_rows(path: str, max_bytes: int) -> Iterator[list]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise Unreadable("不是有效的 XLSX 文件", "not a valid XLSX file")
    with archive:
        # A zip bomb is refused from its directory, before anything is decompressed.
        try:
            safezip.check(archive, max_bytes, what=("XLSX ", "the XLSX"))
        except safezip.Refused as e:
            raise Unreadable(e.zh, e.en) from None
    import openpyxl
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as e:     # openpyxl raises many kinds for a broken workbook
        raise Unreadable(f"无法读取 XLSX：{e}", f"cannot read the XLSX: {e}")
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
                    raise Unreadable(f"第{n}项不是对象", f"item {n} is not an object")
                if header is None:
                    header = list(item)
                    yield header
                extra = [k for k in item if k not in header]
                if extra:
                    raise Unreadable(f"第{n}项有表头之外的键「{extra[0]}」",
                                     f"item {n} has a key {extra[0]!r} the first item lacks")
                row = []
                for k in header:
                    v = item.get(k)
                    if isinstance(v, (dict, list)):
                        raise Unreadable(f"第{n}项的「{k}」不是简单值", f"item {n}: {k!r} is not a flat value")
                    row.append("" if v is None else _cell(v) if not isinstance(v, str) else v)
                yield row
    except ijson.JSONError as e:
        raise Unreadable(f"不是有效的 JSON 数组：{e}", f"not a valid JSON array: {e}")
    except UnicodeDecodeError:
        raise Unreadable("JSON 文件不是 UTF-8 编码", "the JSON file is not UTF-8")
