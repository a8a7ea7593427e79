"""The seed catalogue's builder (run by ../build_seed.py): everything follows from the code
lists beside the workbook, the data files here and random.Random(seed.yaml's seed).

    reference.py   reads the code lists and the data files (seed.yaml, places.yaml)
    values.py      sample values of the data items (fields.yaml)
    entries.py     catalogue entries from the templates (templates.csv)
    resources.py   resources, sample files under files/, data items
    workbook.py    catalog.xlsx in the plugin's layout, byte-identical on every run
"""
from __future__ import annotations

import random
import shutil
from collections import Counter
from pathlib import Path

from ckanext.shaoxing.catalog import layout

from . import faults, workbook
from .entries import contacts, make_entries
from .reference import SETTINGS, CodeLists
from .resources import make_data_items, make_resources


def catalog_rows(entries, lists: CodeLists, contact: dict) -> list[dict]:
    rows = []
    for e in entries:
        phone, email = contact[e.department["name"]]
        rows.append({"序号": e.no, "信息资源代码": e.code, "数据目录名称": e.title,
                     "数源单位": e.department["title"], "数据领域": lists.domains[e.domain]["label_zh"],
                     "开放属性": e.level, "开放条件": e.condition, "更新频率": e.template.frequency,
                     "行政区划": lists.district_label(e.region), "数据量": e.records, "发布日期": e.issued,
                     "更新日期": e.modified, "时间范围起": e.start, "时间范围止": e.end, "关键字": e.keywords,
                     "摘要": e.abstract, "联系电话": phone, "联系邮箱": email, "许可": e.licence})
    return rows


def build(out: Path, lists: CodeLists | None = None) -> str:
    """Writes catalog.xlsx and files/ into `out` (files/ is made anew); returns a summary line."""
    rng = random.Random(SETTINGS["seed"])
    lists = lists or CodeLists.read()
    shutil.rmtree(out / "files", ignore_errors=True)
    (out / "files").mkdir(parents=True)
    contact = contacts(rng, lists)
    entries = make_entries(rng, lists)
    items = make_data_items(rng, entries)
    resources = make_resources(rng, entries, lists, out)
    workbook.write_catalog(out / "catalog.xlsx", {layout.ENTRIES: catalog_rows(entries, lists, contact),
                                                  layout.RESOURCES: resources, layout.DATA_ITEMS: items})
    faults.write(out / "faults")
    kinds = Counter(r["资源类型"] for r in resources)
    return (f"entries {len(entries)}, resources {len(resources)} {dict(kinds)}, "
            f"data items {len(items)} for {sum(1 for e in entries if e.has_items)} entries")
