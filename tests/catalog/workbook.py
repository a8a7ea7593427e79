"""Building catalogue workbooks for tests, in the published layout."""
from __future__ import annotations

import datetime as dt
import pathlib

from openpyxl import Workbook

from ckanext.shaoxing.catalog import layout

ENTRY_HEADERS = [c.header for c in layout.ENTRY_COLUMNS]


def entry_row(n: int, department: str, **values) -> dict:
    row = {"序号": n, "信息资源代码": f"SX-T-{n:04d}", "数据目录名称": f"测试目录{n}", "数源单位": department,
           "数据领域": "交通出行", "开放属性": "无条件开放", "更新频率": "每月", "行政区划": "越城区",
           "数据量": 100 + n, "发布日期": dt.date(2024, 3, 1), "更新日期": dt.date(2024, 6, 1),
           "关键字": "公交,线路", "摘要": f"测试摘要{n}", "许可": "cc-by"}
    row.update(values)
    return row


def write(path: pathlib.Path, entries: list[dict], resources: list[dict] = (), items: list[dict] = (),
          entry_headers: list[str] = ENTRY_HEADERS) -> pathlib.Path:
    wb = Workbook()
    ws = wb.active
    ws.title = layout.ENTRIES
    ws.append(entry_headers)
    for e in entries:
        ws.append([e.get(h) for h in entry_headers])
    for sheet, columns, rows in ((layout.RESOURCES, layout.RESOURCE_COLUMNS, resources),
                                 (layout.DATA_ITEMS, layout.DATA_ITEM_COLUMNS, items)):
        s = wb.create_sheet(sheet)
        s.append([c.header for c in columns])
        for r in rows:
            s.append([r.get(c.header) for c in columns])
    wb.save(path)
    return path
