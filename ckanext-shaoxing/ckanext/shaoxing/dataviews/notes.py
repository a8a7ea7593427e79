"""Why a view draws less than the table holds, in both languages (the page shows its own)."""
from __future__ import annotations

# What a group column holds, when its values cannot be read: (Chinese, English).
WHAT = {"day": ("日期", "date"), "month": ("日期", "date"), "year": ("日期", "date"), "bin": ("数值", "number"),
        "region": ("行政区划代码", "region code")}


def _note(code: str, zh: str, en: str, n: int | None = None) -> dict:
    return {"code": code, "zh": zh, "en": en, "rows": n}


def for_aggregate(result: dict, missing: dict | None, total: int) -> list[dict]:
    notes = []
    if total == 0:
        return [_note("no_rows", "数据表中没有数据行，暂无可显示的图表", "the table has no rows: nothing to draw")]
    if missing:
        empty = int(missing["n"]) - int(missing["np"])
        unreadable = int(missing["np"])
        if empty == total:
            return [_note("column_empty", "所选分组列全部为空，无法绘制",
                          "the grouping column is empty in every row: nothing to draw", empty)]
        if empty:
            notes.append(_note("empty", f"{empty} 行的分组列为空，未计入",
                               f"{empty} rows have an empty grouping column and are left out", empty))
        if unreadable:
            zh, en = WHAT.get(result["group"], ("值", "value"))
            notes.append(_note("unreadable", f"{unreadable} 行的{zh}无法识别，未计入",
                               f"{unreadable} rows hold no readable {en} and are left out", unreadable))
    if result["value"] and result["groups"] and all(g["value"] is None for g in result["groups"]):
        notes.append(_note("value_empty", "所选数值列全部为空", "the value column is empty in every row"))
    if result["other"]:
        n = result["other"]["rows"]
        notes.append(_note("other", f"只显示前 20 类，其余 {n} 行合并为「其他」",
                           f"the top 20 categories are shown; the other {n} rows are one bar, “其他” (other)", n))
    if result["truncated"]:
        notes.append(_note("truncated", "分组过多，只显示前 400 组，请选更粗的分组",
                           "too many groups: the first 400 are shown; choose a coarser grouping"))
    if result["outside"]:
        n = sum(g["rows"] for g in result["outside"])
        codes = "、".join(g["key"] for g in result["outside"][:5])
        notes.append(_note("outside", f"{n} 行的行政区划代码不属于绍兴市（{codes}），未计入",
                           f"{n} rows hold region codes outside Shaoxing ({codes}) and are left out", n))
    return notes


def for_points(result: dict) -> list[dict]:
    if result["rows"] == 0:
        return [_note("no_rows", "数据表中没有数据行，地图上没有点", "the table has no rows: no points on the map")]
    notes = []
    if result["empty"]:
        n = result["empty"]
        notes.append(_note("empty", f"{n} 行缺少经纬度或不是数字，未绘制",
                           f"{n} rows lack a numeric longitude or latitude and are not drawn", n))
    if result["swapped"]:
        n = result["swapped"]
        notes.append(_note("swapped", f"{n} 行的经度和纬度疑似填反，未绘制",
                           f"{n} rows seem to have longitude and latitude swapped and are not drawn", n))
    if result["outside"]:
        n = result["outside"]
        notes.append(_note("outside", f"{n} 个点不在绍兴市范围内（如在海上或超出经纬度范围），未绘制",
                           f"{n} points lie outside Shaoxing (at sea, or out of range) and are not drawn", n))
    if result.get("mode") == "clusters":
        notes.append(_note("clusters", "点数超过 1000，按约 1 公里的网格合并显示",
                           "over 1,000 points: shown merged in cells of about 1 km"))
    return notes
