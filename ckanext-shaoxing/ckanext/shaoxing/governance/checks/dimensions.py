"""The eight dimensions, each 0–100 with its evidence, from an entry's metadata and what the
table pass (table.py) and the resource probes found. Cell-level faults cost ten points per
percent of the cells (or rows) concerned: a few stray values lower a score, a tenth zeroes it.

Evidence items: {"code", "zh", "en", and where it applies "resource", "column", "count",
"rows" (row numbers as in a spreadsheet, header = 1), "examples" (never personal data)}."""
from __future__ import annotations

import datetime as dt

from ... import update_frequency
from .table import Profile

DIMENSIONS = ("completeness", "accuracy", "standardization", "consistency", "uniqueness", "relatedness",
              "timeliness", "accessibility")
LABELS = {"completeness": ("完整性", "completeness"), "accuracy": ("准确性", "accuracy"),
          "standardization": ("规范性", "standardization"), "consistency": ("一致性", "consistency"),
          "uniqueness": ("唯一性", "uniqueness"), "relatedness": ("关联性", "relatedness"),
          "timeliness": ("时效性", "timeliness"), "accessibility": ("可访问性", "accessibility")}
REQUIRED = {"title": "数据目录名称", "catalog_code": "信息资源代码", "notes": "摘要", "owner_org": "数源单位",
            "domain": "数据领域", "open_level": "开放属性", "update_frequency": "更新频率", "region_code": "行政区划"}
RECOMMENDED = {"tags": "关键字", "license_id": "许可", "issued": "发布日期", "modified": "更新日期",
               "contact": "联系方式", "record_count": "数据量", "temporal_start": "时间范围"}
OPEN_FORMATS = {"CSV", "JSON", "XLSX", "XLS", "XML", "RDF", "API", "GEOJSON", "TSV"}
PENALTY = 10


def item(code: str, zh: str, en: str, **extra) -> dict:
    return {"code": code, "zh": zh, "en": en, **{k: v for k, v in extra.items() if v not in (None, [], "")}}


def _share_score(bad: int, total: int) -> float:
    return max(0.0, 1.0 - PENALTY * bad / total) if total else 1.0


def _pct(x: float) -> int:
    return int(round(100 * max(0.0, min(1.0, x))))


def completeness(pkg: dict, tables: list[tuple[dict, Profile]]) -> tuple[int, list]:
    ev = []
    missing = [k for k in REQUIRED if not pkg.get(k)]
    have = dict(pkg, contact=pkg.get("contact_phone") or pkg.get("contact_email"))
    absent = [k for k in RECOMMENDED if not have.get(k)]
    for k in missing:
        ev.append(item("required_missing", f"缺少必填项「{REQUIRED[k]}」", f"required field {k} is empty"))
    for k in absent:
        ev.append(item("recommended_missing", f"缺少推荐项「{RECOMMENDED[k]}」", f"recommended field {k} is empty"))
    has_items = bool(pkg.get("data_items"))
    if not has_items:
        ev.append(item("no_data_items", "没有数据项（数据字典）", "no data dictionary (data items)"))
    filled = empty = 0
    for res, p in tables:
        for c in p.columns:
            filled, empty = filled + c.filled, empty + c.empty
            if c.empty:
                ev.append(item("empty_cells", f"「{c.name}」列有 {c.empty} 个空单元格",
                               f"column {c.name}: {c.empty} empty cells",
                               resource=res.get("name"), column=c.name, count=c.empty))
    cells = filled / (filled + empty) if filled + empty else 1.0
    score = (0.5 * (1 - len(missing) / len(REQUIRED)) + 0.2 * (1 - len(absent) / len(RECOMMENDED))
             + 0.1 * has_items + 0.2 * cells)
    return _pct(score), ev


def accuracy(tables: list[tuple[dict, Profile]]) -> tuple[int, list]:
    ev, bad, checked = [], 0, 0
    for res, p in tables:
        for c in p.columns:
            if not c.kind:
                continue
            checked += c.filled
            bad += c.invalid + c.implausible
            if c.invalid:
                ev.append(item("wrong_type", f"「{c.name}」列有 {c.invalid} 个值不是声明的类型（{c.kind}）",
                               f"column {c.name}: {c.invalid} values are not of its declared type ({c.kind})",
                               resource=res.get("name"), column=c.name, count=c.invalid, rows=c.invalid_rows,
                               examples=c.invalid_examples))
            if c.implausible:
                dates = c.kind in ("date", "datetime")
                zh, en = (("日期早于 1949 年或晚于今天", "dates before 1949 or in the future") if dates
                          else ("坐标在绍兴市范围之外", "coordinates outside Shaoxing"))
                ev.append(item("implausible", f"「{c.name}」列有 {c.implausible} 个{zh}",
                               f"column {c.name}: {c.implausible} {en}",
                               resource=res.get("name"), column=c.name, count=c.implausible, rows=c.implausible_rows))
    return _pct(_share_score(bad, checked)), ev


def standardization(pkg: dict, tables: list[tuple[dict, Profile]]) -> tuple[int, list]:
    ev = []
    files = [r for r in pkg.get("resources", []) if r.get("interface_type", "file") == "file"]
    closed = [r for r in files if (r.get("format") or "").strip().upper() not in OPEN_FORMATS]
    for r in closed:
        ev.append(item("closed_format", f"资源「{r.get('name')}」的格式 {r.get('format') or '未知'} 不是开放的机器可读格式",
                       f"resource {r.get('name')!r}: {r.get('format') or 'unknown'} is not an open machine-readable format",
                       resource=r.get("name")))
    fmt = 1 - len(closed) / len(files) if files else 1.0
    bad = total = 0
    for res, p in tables:
        for c in p.columns:
            if c.kind in ("region_code", "credit_code", "date", "datetime"):
                total += c.filled
                bad += c.invalid
                if c.invalid:
                    std = {"region_code": "GB/T 2260", "credit_code": "GB 32100", "date": "ISO 8601",
                           "datetime": "ISO 8601"}[c.kind]
                    ev.append(item("nonstandard_code", f"「{c.name}」列有 {c.invalid} 个值不符合 {std}",
                                   f"column {c.name}: {c.invalid} values do not follow {std}", resource=res.get("name"),
                                   column=c.name, count=c.invalid, rows=c.invalid_rows))
    return _pct(fmt * _share_score(bad, total)), ev


def consistency(pkg: dict, tables: list[tuple[dict, Profile]], unreadable: list[dict]) -> tuple[int, list]:
    ev, factors = [], []
    declared = [i.get("field_name") for i in pkg.get("data_items") or [] if i.get("field_name")]
    record_count = pkg.get("record_count")
    for res, p in tables:
        name = res.get("name")
        if declared:
            missing = [d for d in declared if d not in p.header]
            extra = [h for h in p.header if h not in declared]
            union = len(set(declared) | set(p.header))
            factors.append(1 - (len(missing) + len(extra)) / union if union else 1.0)
            if missing:
                ev.append(item("header_missing", f"表头缺少数据项：{'、'.join(missing[:5])}",
                               f"the header lacks data items: {', '.join(missing[:5])}", resource=name, count=len(missing)))
            if extra:
                ev.append(item("header_extra", f"表头有数据项之外的列：{'、'.join(extra[:5])}",
                               f"the header has columns not in the data items: {', '.join(extra[:5])}", resource=name,
                               count=len(extra)))
        if record_count not in (None, ""):
            expected = int(record_count)
            if abs(p.rows - expected) > 0.01 * max(expected, p.rows):
                factors.append(0.5)
                ev.append(item("record_count", f"数据量著录为 {expected} 条，文件实有 {p.rows} 行",
                               f"record_count says {expected}, the file has {p.rows} rows", resource=name, count=p.rows))
        if p.ragged:
            factors.append(_share_score(p.ragged, p.rows))
            ev.append(item("ragged", f"{p.ragged} 行的列数与表头不同",
                           f"{p.ragged} rows have another number of columns than the header",
                           resource=name, count=p.ragged, rows=p.ragged_rows))
        mixed = sum(c.mixed for c in p.columns)
        if mixed:
            factors.append(_share_score(mixed, sum(c.filled for c in p.columns if c.inferred) or 1))
            for c in p.columns:
                if c.mixed:
                    ev.append(item("mixed_types", f"「{c.name}」列混有其他类型的值（{c.mixed} 个，主要为 {c.inferred}）",
                                   f"column {c.name}: {c.mixed} values break its one type ({c.inferred})", resource=name,
                                   column=c.name, count=c.mixed, rows=c.mixed_rows))
    for res in unreadable:
        factors.append(0.0)
        ev.append(item("unreadable", f"资源「{res['name']}」无法检查：{res['zh']}",
                       f"resource {res['name']!r} cannot be checked: {res['en']}",
                       resource=res["name"]))
    score = 1.0
    for f in factors:
        score *= f
    return _pct(score), ev


def uniqueness(tables: list[tuple[dict, Profile]]) -> tuple[int, list]:
    ev, score = [], 1.0
    for res, p in tables:
        name = res.get("name")
        if p.duplicates:
            score *= _share_score(p.duplicates, p.uniqueness_rows)
            ev.append(item("duplicate_rows", f"{p.duplicates} 行与前面的行完全相同",
                           f"{p.duplicates} rows repeat an earlier row",
                           resource=name, count=p.duplicates, rows=p.duplicate_rows))
        if p.uniqueness_rows < p.rows:
            ev.append(item("uniqueness_capped", f"重复检查只覆盖前 {p.uniqueness_rows} 行",
                           f"duplicates were looked for in the first {p.uniqueness_rows} rows only", resource=name))
        for c in p.columns:
            if c.key_duplicates:
                score *= _share_score(c.key_duplicates, c.filled)
                ev.append(item("duplicate_keys", f"主键列「{c.name}」有 {c.key_duplicates} 个重复值",
                               f"key column {c.name}: {c.key_duplicates} repeated values", resource=name, column=c.name,
                               count=c.key_duplicates, rows=c.key_duplicate_rows))
    return _pct(score), ev


def relatedness(pkg: dict, tables: list[tuple[dict, Profile]], domains: set, regions: set) -> tuple[int, list]:
    ev, links = [], 0
    checks = (("owner_org", bool(pkg.get("owner_org")), "数源单位", "department"),
              ("domain", pkg.get("domain") in domains, "数据领域", "domain"),
              ("region_code", pkg.get("region_code") in regions, "行政区划", "district"))
    for code, ok, zh, en in checks:
        links += ok
        if not ok:
            ev.append(item("unlinked", f"未关联有效的{zh}", f"not linked to a known {en}"))
    score = links / len(checks)
    for res, p in tables:
        for c in p.columns:
            if c.unknown_codes:
                score *= _share_score(c.unknown_codes, c.filled)
                ev.append(item("unknown_codes", f"「{c.name}」列有 {c.unknown_codes} 个区划代码不在代码表中",
                               f"column {c.name}: {c.unknown_codes} region codes are not in the code list",
                               resource=res.get("name"), column=c.name, count=c.unknown_codes, examples=c.unknown_examples))
    return _pct(score), ev


def timeliness(pkg: dict, today: dt.date) -> tuple[int, list]:
    """Full marks exactly when the entry is on time (update_frequency.py: the ranking's rule too);
    a late one loses marks with its lateness, zero at twice its due days."""
    ev = []
    frequency, modified, issued = pkg.get("update_frequency"), pkg.get("modified"), pkg.get("issued")
    if update_frequency.on_time(frequency, modified, issued, today):
        return 100, ev
    for name, value in (("modified", modified), ("issued", issued)):
        day = update_frequency.last_update(value, None)
        if day and day > today:
            ev.append(item("future_date", f"{'更新' if name == 'modified' else '发布'}日期 {day} 晚于今天",
                           f"{name} {day} is in the future"))
            return 0, ev
    due, last = update_frequency.due_days(frequency), update_frequency.last_update(modified, issued)
    if last is None:
        ev.append(item("no_update_date", "没有更新日期，无法判断是否及时", "no modified date: timeliness cannot be told"))
        return 0, ev
    age = (today - last).days
    ev.append(item("late", f"{age} 天未更新（更新频率要求 {due} 天内）", f"not updated for {age} days (due every {due} days)",
                   count=age))
    return min(99, _pct(1 - (age - due) / due)), ev      # a late entry never shows full marks


def accessibility(probes: list[dict]) -> tuple[int, list]:
    ev = [item("unreachable", f"资源「{p['name']}」无法访问：{p['zh']}", f"resource {p['name']!r} does not answer: {p['en']}",
               resource=p["name"]) for p in probes if not p["ok"]]
    return _pct(1 - len(ev) / len(probes)) if probes else 100, ev
