"""Resources (资源) of the entries — sample files written under files/, open APIs and shared
interfaces — and their data items (数据项)."""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import random
from pathlib import Path

from . import workbook
from .entries import CONDITIONAL, NOT_OPEN, Entry, weighted
from .reference import CITY, CITY_PLACE, ROADS, SETTINGS, URBAN_DISTRICTS, CodeLists
from .values import FIELDS, Context

FILE, OPEN_API, SHARED_API = "文件下载", "开放接口", "共享接口"


def sample_rows(rng: random.Random, entry: Entry, fields: tuple[str, ...], context: Context) -> list[dict]:
    """10-40 rows; a city-level entry spreads its rows over the districts (the urban ones for
    城区 datasets) so that names, addresses and coordinates of a row agree."""
    n = min(40, max(10, entry.records)) if entry.records <= 40 else rng.randint(10, 40)
    spread = URBAN_DISTRICTS if entry.template.key in CITY_PLACE else list(ROADS)
    first, seen, rows = fields[0], set(), []
    for i in range(n):
        code = rng.choice(spread) if context.code == CITY else context.code
        ctx = dataclasses.replace(context, code=code, label=context.labels[code], i=i)
        for _ in range(30):  # keep the leading name or code column free of repeats
            row = {f: FIELDS[f].make(rng, ctx) for f in fields}
            if row[first] not in seen:
                break
        seen.add(row[first])
        rows.append(row)
    return rows


def text_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def write_csv(path: Path, fields, rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(fields)
        out.writerows([[text_value(r[k]) for k in fields] for r in rows])


def write_json(path: Path, fields, rows) -> None:
    data = [{k: text_value(r[k]) for k in fields} for r in rows]
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


WRITERS = {"CSV": write_csv, "XLSX": workbook.write_sample, "JSON": write_json}


def interface_plan(rng: random.Random, entries: list[Entry]) -> tuple[set[str], set[str]]:
    """Which open entries get an open API and which a shared interface (fixed totals)."""
    open_entries = [e for e in entries if e.level != NOT_OPEN]
    realtime = [e.code for e in open_entries if e.template.frequency == "实时"]
    others = [e.code for e in open_entries if e.template.frequency != "实时"]
    rng.shuffle(others)
    open_api = set(realtime + others[:SETTINGS["open_apis"] - len(realtime)])
    codes = [e.code for e in open_entries]
    rng.shuffle(codes)
    return open_api, set(codes[:SETTINGS["shared_apis"]])


def make_resources(rng: random.Random, entries: list[Entry], lists: CodeLists, out: Path) -> list[dict]:
    """Resource rows keyed by the 资源 sheet's headers; sample files are written under `out`."""
    open_api, shared = interface_plan(rng, entries)
    labels = {c: d["label_zh"] for c, d in lists.districts.items()}
    dept_titles = [d["title"] for d in lists.departments.values()]
    domain_labels = [d["label_zh"] for d in lists.domains.values()]
    rows = []
    for e in entries:
        if e.level == NOT_OPEN:
            continue
        core = e.template.title.format(p="", y=e.start.year)
        kinds = [OPEN_API] * (e.code in open_api) + [SHARED_API] * (e.code in shared)
        # Every open entry has its table: an interface serves the entry's first file.
        files = 1 + (1 if len(kinds) < 2 and rng.random() < 0.25 else 0)
        formats = [weighted(rng, SETTINGS["file_formats"])]
        formats.append("JSON" if formats[0] != "JSON" else "CSV")
        context = Context(code=e.region, label=labels[e.region], labels=labels, start=e.start, end=e.end,
                          dept_titles=dept_titles, domain_labels=domain_labels)
        issued = [e.issued] + sorted(e.issued + dt.timedelta(days=rng.randint(0, (e.modified - e.issued).days))
                                     for _ in range(2))
        n = 0
        # One table in each of its formats, and the entry's 数据量 is its row count (the quality
        # check compares them).
        sample = sample_rows(rng, e, e.template.data_items, context)
        e.records = len(sample)
        for fmt in formats[:files]:
            rel = f"files/{e.code}/{e.template.key}.{fmt.lower()}"
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            WRITERS[fmt](out / rel, e.template.data_items, sample)
            rows.append(_resource(e, f"{core}.{fmt.lower()}", FILE, fmt, rel, issued[n],
                                  f"{e.title}数据文件（{fmt}，{len(sample)}条记录，UTF-8编码）。"))
            n += 1
        for kind in kinds:
            rows.append(api_resource(e, core, kind, issued[n]))
            n += 1
    return rows


def _resource(e: Entry, name: str, kind: str, fmt: str, url: str, issued: dt.date, description: str) -> dict:
    return {"信息资源代码": e.code, "资源名称": name, "资源类型": kind, "数据格式": fmt, "资源地址": url,
            "发布日期": issued, "资源描述": description}


def api_resource(e: Entry, core: str, kind: str, issued: dt.date) -> dict:
    if kind == OPEN_API:
        access = "经申请审核通过后" if e.level == CONDITIONAL else "注册并申请AppKey后"
        return _resource(e, f"{core}查询接口", OPEN_API, "API", f"https://data.sx.gov.cn/api/open/{e.code}/1",
                         issued, f"{access}调用，返回JSON格式数据，默认限流每秒20次。")
    return _resource(e, f"{core}共享接口", SHARED_API, "API", f"https://share.sx.gov.cn/api/share/{e.code}/1", issued,
                     "供政务部门通过一体化智能化公共数据平台按需申请共享调用。")


def make_data_items(rng: random.Random, entries: list[Entry]) -> list[dict]:
    """Data item rows keyed by the 数据项 sheet's headers, for a share of the entries."""
    chosen = [e for e in entries if rng.random() < SETTINGS["data_item_share"]]
    rows = []
    for e in chosen:
        e.has_items = True
        for name in e.template.data_items:
            field = FIELDS[name]
            rows.append({"信息资源代码": e.code, "字段名": name, "中文名称": field.label, "字段类型": field.type,
                         "说明": field.note or field.label})
    return rows
