"""Which views a table gets, and their first settings, from the entry's data items (字段类型):
a map for a longitude/latitude pair, a region view for a region code, a chart for a date, a
category or a number. The seed and many catalogues declare coordinates as decimals named 经度 /
纬度 (lon, lat): those count as a pair too."""
from __future__ import annotations

import re

_LON = re.compile(r"^(lng|lon|long|longitude|经度|x_?coord)$|_(lng|lon|longitude)$", re.I)
_LAT = re.compile(r"^(lat|latitude|纬度|y_?coord)$|_(lat|latitude)$", re.I)
_CATEGORY = re.compile(r"类|级|状态|性质|type|level|kind|category|class|status", re.I)
NUMBERS = ("integer", "decimal")


def _is(item: dict, kind: str, pattern) -> bool:
    if item.get("field_type") == kind:
        return True
    return item.get("field_type") in ("decimal", "string") and any(
        pattern.search((item.get(k) or "").strip()) for k in ("field_name", "field_label"))


def items(package: dict) -> list[dict]:
    return [i for i in package.get("data_items") or [] if (i.get("field_name") or "").strip()]


def columns(package: dict) -> dict[str, str | list[str] | None]:
    """The columns each view would use: lon, lat, region, date, category, label, numbers."""
    found = items(package)
    lon = next((i["field_name"] for i in found if _is(i, "longitude", _LON)), None)
    lat = next((i["field_name"] for i in found if _is(i, "latitude", _LAT)), None)
    region = next((i["field_name"] for i in found if i.get("field_type") == "region_code"), None)
    date = next((i["field_name"] for i in found if i.get("field_type") in ("date", "datetime")), None)
    strings = [i for i in found if i.get("field_type") == "string" and i["field_name"] not in (lon, lat)]
    category = next((i["field_name"] for i in strings
                     if _CATEGORY.search(i["field_name"]) or _CATEGORY.search(i.get("field_label") or "")), None)
    numbers = [i["field_name"] for i in found if i.get("field_type") in NUMBERS and i["field_name"] not in (lon, lat)]
    return {"lon": lon, "lat": lat, "region": region, "date": date, "category": category,
            "label": strings[0]["field_name"] if strings else None, "numbers": numbers}


def defaults(view_type: str, package: dict) -> dict | None:
    """The view's first settings, or None when the table has nothing it can draw."""
    c = columns(package)
    if view_type == "shaoxing_map":
        if c["lon"] and c["lat"]:
            return {"longitude": c["lon"], "latitude": c["lat"], "crs": "wgs84", "label": c["label"] or ""}
        return None
    if view_type == "shaoxing_region":
        if c["region"]:
            return {"group_by": c["region"], "aggregation": "count", "value": ""}
        return None
    if c["date"]:
        return {"chart": "line", "group_by": c["date"], "group": "month", "aggregation": "count", "value": ""}
    if c["category"]:
        return {"chart": "bar", "group_by": c["category"], "group": "category", "aggregation": "count", "value": ""}
    if c["numbers"]:
        return {"chart": "histogram", "group_by": c["numbers"][0], "group": "bin", "aggregation": "count",
                "value": "", "bins": "10"}
    return None
