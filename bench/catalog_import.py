"""Benchmark: importing the catalogue workbook vs a naive package_create loop, and the export.

Same run, same generated rows (bench/corpus.py; one open-API resource and three data items
each), on a database and Solr core of their own:
  * baseline: a ckanapi client calling package_create over HTTP for each row, against a
    gunicorn-served portal (2 workers) — the way a department would script it;
  * ours: `ckan shaoxing catalog import FILE` (one transaction, the bulk path for new entries,
    indexing workers, one Solr commit);
  * re-import: the same file again, and the portal's own export of it (both all unchanged:
    goal ≤ 25 % of the first import's time);
  * export: `ckan shaoxing catalog export FILE`.
Reports seconds, rows/s, the ratio, peak memory of the CLI processes (with their workers,
proportional set size), and checks that the search index holds every entry when the import
command returns.

    make bench BENCH="catalog_import"   (options: --rows N --naive-rows N)

`--naive-rows N` times the baseline loop on the workbook's first N rows only (the loop over all
10,000 takes 10–15 minutes here); the speed-up is then a ratio of rows per second.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pathlib
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import entries  # noqa: E402
from bench.stack import ckan_cli, reset, serve, solr_core, solr_count  # noqa: E402

CORE = "ckan_bench_import"
PORT = int(os.environ.get("SHAOXING_BENCH_PORT", "15001"))   # another port where benches run side by side
DOMAIN_LABELS = {"transport": "交通出行", "health": "医疗健康", "culture_tourism": "文化旅游",
                 "economy": "经济建设", "environment": "生态环境", "education": "教育科技", "credit": "信用服务",
                 "civil_affairs": "民生服务", "public_safety": "公共安全", "urban_management": "城市管理",
                 "agriculture": "农业农村", "housing": "城建住房", "resources_energy": "资源能源",
                 "institutions": "机构团体"}


def workbook(path: pathlib.Path, rows: list[dict], department: str) -> None:
    from openpyxl import Workbook

    from ckanext.shaoxing.catalog import layout
    wb = Workbook(write_only=True)
    main, res, items = (wb.create_sheet(s) for s in (layout.ENTRIES, layout.RESOURCES, layout.DATA_ITEMS))
    main.append([c.header for c in layout.ENTRY_COLUMNS])
    res.append([c.header for c in layout.RESOURCE_COLUMNS])
    items.append([c.header for c in layout.DATA_ITEM_COLUMNS])
    for n, e in enumerate(rows, 1):
        code = e["name"].upper()
        issued = dt.date(2019 + n % 8, 1 + n % 12, 1 + n % 28)
        values = {"序号": n, "信息资源代码": code, "数据目录名称": e["title"], "数源单位": department,
                  "数据领域": DOMAIN_LABELS[e["domain"]], "开放属性": "无条件开放", "更新频率": "每月",
                  "行政区划": "绍兴市（市本级）", "数据量": n * 10, "发布日期": issued, "更新日期": issued,
                  "关键字": ",".join(e["tags"]), "摘要": e["notes"], "许可": "cc-by"}
        main.append([values.get(c.header) for c in layout.ENTRY_COLUMNS])
        res.append([code, "数据接口", "开放接口", "API", f"https://data.sx.gov.cn/api/open/{code}", issued, None])
        for i, (name, label) in enumerate((("id", "编号"), ("name", "名称"), ("address", "地址"))):
            items.append([code, name, label, "字符串", None])
    wb.save(path)


def as_package(row: list, items: list[list], resource_row: list, org: str) -> dict:
    """The same entry as package_create arguments (codes, as an API client sends them)."""
    (_, code, title, _, domain_label, _, _, _, _, count, issued, modified, _, _, tags, notes, _, _, lic) = row
    domain = {v: k for k, v in DOMAIN_LABELS.items()}[domain_label]
    return {"name": code.lower(), "catalog_code": code, "title": title, "owner_org": org, "domain": domain,
            "open_level": "unconditional", "update_frequency": "monthly", "region_code": "330600",
            "record_count": count, "issued": issued.date().isoformat(), "modified": modified.date().isoformat(),
            "tag_string": tags, "notes": notes, "license_id": lic,
            "data_items": [{"field_name": i[1], "field_label": i[2], "field_type": "string"} for i in items],
            "resources": [{"name": resource_row[1], "interface_type": "open_api", "format": "API",
                           "url": resource_row[4], "issued": resource_row[5].date().isoformat()}]}


def naive_loop(book: pathlib.Path, n: int, token: str) -> float:
    """package_create over HTTP, one call per row, as a ckanapi script would."""
    import ckanapi
    from openpyxl import load_workbook
    wb = load_workbook(book, read_only=True)
    rows = list(wb["目录"].iter_rows(min_row=2, max_row=n + 1, values_only=True))
    resources = {r[0]: r for r in wb["资源"].iter_rows(min_row=2, values_only=True)}
    items: dict[str, list] = {}
    for r in wb["数据项"].iter_rows(min_row=2, values_only=True):
        items.setdefault(r[0], []).append(r)
    packages = [as_package(list(r), items[r[1]], resources[r[1]], "sx-data-bureau") for r in rows]
    with serve(PORT) as portal:
        client = ckanapi.RemoteCKAN(portal, apikey=token)
        started = time.perf_counter()
        for pkg in packages:
            client.action.package_create(**pkg)
        return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--naive-rows", type=int, default=None, help="rows for the baseline loop, a sample "
                        "of the first N (default: all); the ratio is of rows per second")
    args = parser.parse_args()
    naive_rows = args.naive_rows or args.rows
    with solr_core(CORE), tempfile.TemporaryDirectory() as tmp:
        book = pathlib.Path(tmp) / "catalogue.xlsx"
        workbook(book, entries(args.rows, seed=7), "市数据局")

        naive = naive_loop(book, naive_rows, reset())
        naive_indexed = solr_count()

        reset()
        ours, ours_mb, said = ckan_cli("shaoxing", "catalog", "import", str(book))
        ours_indexed = solr_count()
        again, _, said_again = ckan_cli("shaoxing", "catalog", "import", str(book))
        exported = pathlib.Path(tmp) / "export.xlsx"
        export, export_mb, _ = ckan_cli("shaoxing", "catalog", "export", str(exported))
        again_export, again_export_mb, said_export = ckan_cli("shaoxing", "catalog", "import", str(exported))
    summary = {
        "rows": args.rows, "naive_rows": naive_rows,
        "naive_package_create_loop": {"seconds": round(naive, 1), "rows_per_s": round(naive_rows / naive, 1),
                                      "indexed": naive_indexed},
        "ours_import": {"seconds": round(ours, 1), "rows_per_s": round(args.rows / ours, 1), "peak_memory_mb": ours_mb,
                        "indexed_when_returned": ours_indexed, "said": said},
        "reimport_unchanged": {"seconds": round(again, 1), "share_of_import": round(again / ours, 3),
                               "said": said_again},
        "reimport_own_export": {"seconds": round(again_export, 1), "share_of_import": round(again_export / ours, 3),
                                "peak_memory_mb": again_export_mb, "said": said_export},
        "export": {"seconds": round(export, 1), "peak_memory_mb": export_mb},
        "speedup_vs_naive": round((args.rows / ours) / (naive_rows / naive), 2),
        "export_share_of_import": round(export / ours, 3),
    }
    (ROOT / "bench/results").mkdir(exist_ok=True)
    (ROOT / "bench/results/catalog_import.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1))
    print(json.dumps(summary, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
