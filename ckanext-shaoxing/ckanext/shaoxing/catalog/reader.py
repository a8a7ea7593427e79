"""Reading a catalogue workbook safely: refuse what is not a plain .xlsx, or too large, before
loading it; then stream rows (openpyxl read-only mode) as {header: value} with row numbers."""
from __future__ import annotations

import pathlib
import re
import zipfile
from typing import Iterator

import ckan.plugins.toolkit as tk
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from .. import safezip
from . import layout
from .problems import Problem, WorkbookRefused

ENTRIES = layout.ENTRIES
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"          # Excel 97-2003, and encrypted .xlsx
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")  # the stream an encrypted .xlsx keeps
_DIMENSION = re.compile(rb'<dimension ref="[A-Z]+\d+:?[A-Z]*(\d*)"')
_MERGE = re.compile(rb'<mergeCell ref="([A-Z]+\d+:[A-Z]+\d+)"')


def check_file(path: pathlib.Path, max_bytes: int) -> None:
    size = path.stat().st_size
    if size > max_bytes:
        raise WorkbookRefused([Problem(f"文件过大（{size // 1048576} MB），上限为 {max_bytes // 1048576} MB",
                                       f"file too large ({size // 1048576} MB), the limit is {max_bytes // 1048576} MB")])
    with path.open("rb") as f:
        head = f.read(8)
    if head == OLE_MAGIC:
        if ENCRYPTED_STREAM in path.read_bytes():   # bounded by max_bytes above
            raise WorkbookRefused([Problem("文件设有密码保护，请取消密码后再导入",
                                           "the file is password-protected; remove the password and import again")])
        raise WorkbookRefused([Problem("这是旧版 Excel（.xls）文件，请另存为 .xlsx 后导入",
                                       "this is an old Excel (.xls) file; save it as .xlsx and import again")])
    if not zipfile.is_zipfile(path):
        raise WorkbookRefused([Problem("文件不是 Excel 工作簿（.xlsx）", "the file is not an Excel workbook (.xlsx)")])
    # An .xlsx is a zip: a bomb inside (a small file unpacking to gigabytes of sheet XML) is
    # refused from its directory, before openpyxl decompresses anything.
    with zipfile.ZipFile(path) as archive:
        try:
            safezip.check(archive, tk.config.get("ckanext.shaoxing.catalog.max_bundle_bytes"),
                          max_ratio=safezip.MAX_RATIO, what=("工作簿", "the workbook"))
        except safezip.Refused as e:
            raise WorkbookRefused([Problem(e.zh, e.en)]) from None


def _sheet_parts(wb) -> dict[str, str]:
    """Zip member of each sheet (openpyxl keeps it on read-only worksheets), so its XML can be
    scanned without loading the sheet."""
    return {ws.title: getattr(ws, "_worksheet_path", "") for ws in wb.worksheets}


def _scan_sheet_xml(zf: zipfile.ZipFile, part: str) -> tuple[int | None, list[str]]:
    """Declared last row (from <dimension>) and merged ranges, read in 1 MB chunks."""
    last_row, merged, tail = None, {}, b""
    with zf.open(part) as f:
        while chunk := f.read(1 << 20):
            data = tail + chunk
            if not tail and (m := _DIMENSION.search(data)) and m.group(1):   # first chunk only
                last_row = int(m.group(1))
            merged.update(dict.fromkeys(m.group(1).decode() for m in _MERGE.finditer(data)))
            tail = data[-200:]    # a tag cut at the chunk's end is whole in the next read
    return last_row, list(merged)


class Workbook:
    """An opened catalogue workbook. Use as a context manager."""

    def __init__(self, path: pathlib.Path, max_bytes: int, max_rows: int):
        self.path = pathlib.Path(path)
        check_file(self.path, max_bytes)
        try:
            self.wb = load_workbook(self.path, read_only=True, data_only=False)
        except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as e:
            raise WorkbookRefused([Problem("无法读取该 Excel 文件", f"cannot read this Excel file ({e})")])
        problems = []
        with zipfile.ZipFile(self.path) as zf:
            for name, part in _sheet_parts(self.wb).items():
                if name not in layout.SHEETS or not part:
                    continue
                last_row, merged = _scan_sheet_xml(zf, part.lstrip("/"))
                if last_row and last_row > max_rows + 1:
                    problems.append(Problem(f"行数过多（{last_row - 1} 行），上限为 {max_rows} 行",
                                            f"too many rows ({last_row - 1}), the limit is {max_rows}", sheet=name))
                for ref in merged:
                    problems.append(Problem(f"存在合并单元格 {ref}，请取消合并", f"merged cells {ref}; unmerge them",
                                            sheet=name))
        if ENTRIES not in self.wb.sheetnames:
            problems.append(Problem(f"缺少工作表「{ENTRIES}」", f'sheet "{ENTRIES}" is missing'))
        if problems:
            self.close()
            raise WorkbookRefused(problems)
        self.max_rows = max_rows

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        if getattr(self, "wb", None) is not None:
            self.wb.close()

    def has(self, sheet: str) -> bool:
        return sheet in self.wb.sheetnames

    def rows(self, sheet: str, problems: list[Problem]) -> Iterator[tuple[int, dict]]:
        """Yield (row number, {header: value}) for non-empty rows. Header problems and formula
        cells are appended to `problems`."""
        columns = {c.header: c for c in layout.SHEETS[sheet]}
        named = None if sheet == ENTRIES else sheet
        rows = self.wb[sheet].iter_rows()
        header_row = next(rows, None)
        headers = [layout.cell_text(c.value) for c in (header_row or ())]
        if not any(headers):
            problems.append(Problem("工作表为空或缺少表头行", "the sheet is empty or has no header row",
                                    row=1, sheet=named))
            return
        for h in headers:
            if h and h not in columns:
                problems.append(Problem("未知的表头", "unknown header", row=1, header=h, sheet=named))
        for c in layout.SHEETS[sheet]:
            if c.required and c.header not in headers:
                problems.append(Problem("缺少必需的列", "required column is missing", row=1, header=c.header,
                                        sheet=named))
        counted = 0
        for number, row in enumerate(rows, start=2):
            values = {}
            for header, cell in zip(headers, row):
                if not header or header not in columns or cell.value is None:
                    continue
                if cell.data_type == "f":
                    problems.append(Problem("单元格是公式而不是数值，请粘贴为数值",
                                            "a formula instead of a value; paste values only",
                                            row=number, header=header, sheet=named))
                    continue
                values[header] = cell.value
            if any(layout.cell_text(v) for v in values.values()):
                counted += 1
                if counted > self.max_rows:
                    raise WorkbookRefused([Problem(f"行数过多，上限为 {self.max_rows} 行",
                                                   f"too many rows, the limit is {self.max_rows}", sheet=named)])
                yield number, values
