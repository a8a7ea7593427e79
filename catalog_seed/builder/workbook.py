"""Writing workbooks: catalog.xlsx in the plugin's published layout (its sheet names and
headers, ckanext/shaoxing/catalog/layout.py) and the XLSX sample files, both byte-identical on
every run."""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from ckanext.shaoxing.catalog import layout

from .reference import SETTINGS

SAVED_AT: dt.datetime = SETTINGS["saved_at"]
WIDTHS = {  # column widths by header, for reading the seed in a spreadsheet program
    layout.ENTRIES: [6, 18, 36, 20, 10, 11, 30, 8, 16, 9, 11, 11, 11, 11, 28, 60, 15, 32, 10],
    layout.RESOURCES: [18, 34, 10, 8, 56, 11, 60],
    layout.DATA_ITEMS: [18, 22, 18, 9, 30],
}


def style_dates(ws) -> None:
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm:ss"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"


def save(wb: openpyxl.Workbook, path: Path) -> None:
    """Save with fixed document properties and zip timestamps, so reruns are byte-identical."""
    wb.properties.created = wb.properties.modified = SAVED_AT
    wb.properties.creator = "绍兴市公共数据开放平台"
    buf = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED)).save()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, SAVED_AT.timetuple()[:6]), src.read(info),
                         compress_type=zipfile.ZIP_DEFLATED)


def write_catalog(path: Path, sheets: dict[str, list[dict]]) -> None:
    """`sheets`: sheet name → rows keyed by the layout's headers."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, columns in layout.SHEETS.items():
        ws = wb.create_sheet(name)
        headers = [c.header for c in columns]
        ws.append(headers)
        for row in sheets[name]:
            ws.append([row[h] for h in headers])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for n, width in enumerate(WIDTHS[name], 1):
            ws.column_dimensions[get_column_letter(n)].width = width
        ws.freeze_panes = "A2"
        style_dates(ws)
    save(wb, path)


def write_sample(path: Path, fields: list[str], rows: list[dict]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "data"
    ws.append(list(fields))
    for r in rows:
        ws.append([r[k] for k in fields])
    style_dates(ws)
    save(wb, path)
