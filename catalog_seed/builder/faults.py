"""Five entries with deliberate faults, so a fresh portal shows the quality checks at work:
duplicate rows, wrong types, a stale monthly entry, a dead link (a closed port on this machine,
never an outside host), and a file of test ID numbers built to pass the check digit (district
330602, sequence 99x: they belong to no one). Written to faults/ beside the workbook."""
from __future__ import annotations

import csv
import json
from pathlib import Path

WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]
ITEMS = [{"field_name": "name", "field_label": "名称", "field_type": "string", "is_key": "true"},
         {"field_name": "spaces", "field_label": "泊位数", "field_type": "integer"},
         {"field_name": "opened", "field_label": "启用日期", "field_type": "date"},
         {"field_name": "region", "field_label": "行政区划代码", "field_type": "region_code"}]
STREETS = ["解放路", "中兴路", "胜利路", "环城西路", "人民路", "延安路", "鲁迅路", "凤林路"]
BASE = {"domain": "urban_management", "open_level": "unconditional", "region_code": "330602", "issued": "2025-03-01",
        "license_id": "cc-by", "tag_string": "质量检查示例", "contact_phone": "0575-85201234",
        "temporal_start": "2025-01-01"}


def id_number(first17: str) -> str:
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


def _rows(n: int) -> list[list]:
    return [[f"{STREETS[i % 8]}停车场{i + 1}号", str(20 + i * 3), f"2024-{i % 12 + 1:02d}-{i % 27 + 1:02d}", "330602"]
            for i in range(n)]


def _write(path: Path, header: list, rows: list) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def _entry(code: str, title: str, org: str, notes: str, **fields) -> dict:
    return {**BASE, "catalog_code": code, "title": title, "owner_org": org, "notes": notes,
            "update_frequency": "irregular", "modified": "2025-03-01", "record_count": 24, "data_items": ITEMS,
            **fields}


def write(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    header = [i["field_name"] for i in ITEMS]
    good = _rows(24)
    _write(out / "duplicates.csv", header, good + good[:6])
    wrong = [list(r) for r in good]
    for r in wrong[::4]:
        r[1], r[2] = "约" + r[1], r[2].replace("-", "/")
    _write(out / "wrong_types.csv", header, wrong)
    _write(out / "stale.csv", header, good)
    people = [["张测试" + str(i), id_number(f"33060219900101{990 + i % 10:03d}"), f"{STREETS[i % 8]}{i + 1}号"]
              for i in range(10)]
    _write(out / "test_ids.csv", ["name", "id_number", "address"], people)
    people_items = [{"field_name": "name", "field_label": "姓名", "field_type": "string"},
                    {"field_name": "id_number", "field_label": "身份证号", "field_type": "string"},
                    {"field_name": "address", "field_label": "地址", "field_type": "string"}]
    entries = [
        _entry("SX-CSGL-2025-9001", "城区公共停车场（质量示例：重复行）", "sx-housing",
               "示例条目：文件中有重复的行，用于展示唯一性检查。", record_count=30, file="duplicates.csv"),
        _entry("SX-CSGL-2025-9002", "城区公共停车场（质量示例：类型错误）", "sx-housing",
               "示例条目：部分泊位数不是整数、日期不是 ISO 格式，用于展示准确性检查。", file="wrong_types.csv"),
        _entry("SX-CSGL-2025-9003", "城区公共停车场（质量示例：逾期未更新）", "sx-transport",
               "示例条目：每月更新的数据，自 2025 年 3 月起未再更新，用于展示时效性检查。", update_frequency="monthly",
               file="stale.csv"),
        _entry("SX-CSGL-2025-9004", "城区公共停车场（质量示例：失效链接）", "sx-transport",
               "示例条目：资源链接指向本机一个关闭的端口，用于展示可访问性检查。", url="http://127.0.0.1:1/parking.csv"),
        _entry("SX-MSFW-2025-9005", "社区服务登记（质量示例：未脱敏身份证号）", "sx-civil-affairs",
               "示例条目：测试用身份证号（校验位正确，但不属于任何人），用于展示隐私扫描与隔离。", domain="civil_affairs",
               record_count=10, data_items=people_items, file="test_ids.csv"),
    ]
    (out / "faults.json").write_text(json.dumps(entries, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
