"""The views' data: one aggregation (`shaoxing_view_aggregate`) and the map's points
(`shaoxing_view_points`), run in PostgreSQL on the DataStore table with the reader's rights (the
auth functions ask the gate), within a statement timeout. Drawing a view is not an API call: these
actions read the table themselves, not through datastore_search, which counts the API's calls."""
from __future__ import annotations

import datetime as dt
import decimal

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.logic import validate
from sqlalchemy.exc import OperationalError

from ..params import message
from . import auth, coords, geometry, notes, schema, sql

__all__ = ["shaoxing_view_aggregate", "shaoxing_view_points"]

PAGE = 500              # rows of points a page carries
CLUSTER_AT = 1000       # above this many rows the map draws cells, not single points
CELL = 0.01             # a cell's side in degrees (≈ 1 km at Shaoxing's latitude)
MARGIN = 0.02           # degrees around the outline's box: GCJ-02 and BD-09 are offset by < 0.02°
TIMEOUT = ("统计超时，请换用更粗的分组", "the aggregation took too long; choose a coarser grouping")
NO_TABLE = ("该资源尚无数据表", "the resource has no DataStore table")


def _fields(conn, table: str) -> dict[str, str]:
    rows = conn.execute(sa.text("SELECT column_name, udt_name FROM information_schema.columns "
                                "WHERE table_schema = 'public' AND table_name = :t ORDER BY ordinal_position"),
                        {"t": table})
    return {name: kind for name, kind in rows if not name.startswith("_")}


def _resource(context, data_dict) -> str:
    res = model.Resource.get(data_dict["resource_id"])
    if res is None or res.state != "active":
        raise tk.ObjectNotFound(message("资源不存在", "resource not found"))
    return res.id


def _connection(context):
    """A read-only connection to the DataStore with the statement timeout set."""
    from ckanext.datastore.backend.postgres import get_read_engine
    conn = get_read_engine().connect()
    trans = conn.begin()
    timeout = int(tk.config.get("ckanext.shaoxing.views.statement_timeout"))
    conn.execute(sa.text(f"SET LOCAL statement_timeout = {timeout}"))
    return conn, trans


REQUIRED = ("group_by", "longitude", "latitude")


def _checked(fields: dict[str, str], data_dict: dict, names: tuple[str, ...]) -> None:
    # An optional column left empty is not asked for; a required one (what to group by, where
    # the coordinates are) left empty is no column (it would reach the SQL as "").
    errors = {name: [message("该表没有此列", "the table has no such column")]
              for name in names if (data_dict.get(name) or (name in REQUIRED and name in data_dict))
              and data_dict[name] not in fields}
    if errors:
        raise tk.ValidationError(errors)


def _run(context, data_dict, work):
    resource_id = _resource(context, data_dict)
    refused = auth.refusal(resource_id)     # asked here too: CKAN lets sysadmins past auth functions
    if refused:
        raise tk.NotAuthorized(message(*refused.reason))
    conn, trans = _connection(context)
    try:
        fields = _fields(conn, resource_id)
        if not fields:
            raise tk.ObjectNotFound(message(*NO_TABLE))
        return work(conn, resource_id, fields)
    except OperationalError as e:
        if "statement timeout" in str(e) or "canceling statement" in str(e):
            raise tk.ValidationError({"group_by": [message(*TIMEOUT)]})
        raise
    finally:
        trans.rollback()
        conn.close()


def _plain(value):
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() and abs(value) < 2 ** 53 else float(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


@validate(schema.view_aggregate)
@tk.side_effect_free
def shaoxing_view_aggregate(context, data_dict):
    """Count, sum or average (`aggregation`) of a numeric column (`value`) of a DataStore table
    (`resource_id`) grouped (`group`) by a category column (the top 20 and "其他"), a date column's
    day / month / year, `bins` equal bins of a numeric column, or a district code (`group_by`).
    Notes (`notes`, in Chinese and English) explain rows left out: empty or unreadable group
    values, codes outside Shaoxing, no rows at all."""
    tk.check_access("shaoxing_view_aggregate", context, data_dict)

    def work(conn, table, fields):
        _checked(fields, data_dict, ("group_by", "value"))
        group, agg, value = data_dict["group"], data_dict["aggregation"], data_dict.get("value") or None
        errors = {}
        if agg != "count" and not value:
            errors["value"] = [message("求和或平均需要选择数值列", "sum and average need a numeric column")]
        if group in ("day", "month", "year") and fields[data_dict["group_by"]] not in sql.DATE_TYPES | sql.TEXT_TYPES:
            errors["group_by"] = [message("按日期分组需要日期列", "grouping by date needs a date column")]
        if errors:
            raise tk.ValidationError(errors)
        statement, params = sql.aggregate(table, fields, data_dict["group_by"], group, agg, value, data_dict["bins"])
        rows = [dict(r) for r in conn.execute(sa.text(statement), params).mappings()]
        return _shaped(rows, data_dict, group, agg)

    return _run(context, data_dict, work)


def _shaped(rows: list[dict], data_dict: dict, group: str, agg: str) -> dict:
    def figure(r):
        if agg == "count":
            return _plain(r["n"])
        if agg == "sum":
            return _plain(r["s"])
        return round(float(r["s"]) / float(r["nv"]), 4) if r["nv"] else None

    shown = [r for r in rows if not r["missing"] and r["key"] is not None]
    rest = next((r for r in rows if not r["missing"] and r["key"] is None), None)
    missing = next((r for r in rows if r["missing"]), None)
    total = sum(int(r["n"]) for r in rows)
    groups = [{"key": r["key"], "value": figure(r), "rows": int(r["n"])} for r in shown]
    result = {"resource_id": data_dict["resource_id"], "group_by": data_dict["group_by"], "group": group,
              "aggregation": agg, "value": data_dict.get("value") or None, "rows": total, "groups": groups,
              "other": None, "truncated": False, "outside": [], "notes": []}
    if group == "bin" and shown:
        lo, hi, bins = float(shown[0]["lo"]), float(shown[0]["hi"]), data_dict["bins"]
        width = (hi - lo) / bins if hi > lo else 0
        for g in groups:
            i = int(g["key"]) - 1
            g["key"] = [round(lo + i * width, 6), round(lo + (i + 1) * width, 6)] if width else [lo, hi]
    if rest is not None:
        if group in ("category",):
            result["other"] = {"value": figure(rest), "rows": int(rest["n"])}
        else:
            result["truncated"] = True
    if group == "region":
        result["outside"] = [g for g in groups if g["key"] not in geometry.DISTRICTS]
        result["groups"] = [dict(g, name=geometry.DISTRICTS[g["key"]], name_en=geometry.DISTRICTS_EN[g["key"]])
                            for g in groups if g["key"] in geometry.DISTRICTS]
    result["notes"] = notes.for_aggregate(result, missing, total)
    return result


@validate(schema.view_points)
@tk.side_effect_free
def shaoxing_view_points(context, data_dict):
    """The map's points of a DataStore table: the `longitude` and `latitude` columns, declared in
    `crs` (wgs84, gcj02 or bd09), as GCJ-02 positions on Shaoxing's outline. Up to 1,000 rows: the
    points in pages of 500 rows after the row `after` (`next` names the next page), each with the
    `label` column for its popup; above: cells of about 1 km with their counts. Points outside the
    city's outline (in the sea, in another city, longitude and latitude swapped, out of range) are
    not drawn and are counted in `notes`."""
    tk.check_access("shaoxing_view_points", context, data_dict)

    def work(conn, table, fields):
        _checked(fields, data_dict, ("longitude", "latitude", "label"))
        lon, lat, crs = data_dict["longitude"], data_dict["latitude"], data_dict["crs"]
        label = data_dict.get("label") or None
        total = conn.execute(sa.text(sql.count(table))).scalar()
        result = {"resource_id": table, "crs": crs, "base": coords.BASE, "rows": total, "points": [],
                  "clusters": [], "next": None, "drawn": 0, "outside": 0, "swapped": 0, "empty": 0, "notes": []}
        if total > CLUSTER_AT:
            box = _box(crs)
            tally = conn.execute(sa.text(sql.tally(table, fields, lon, lat)), box).mappings().one()
            for row in conn.execute(sa.text(sql.clusters(table, fields, lon, lat)), {**box, "cell": CELL}).mappings():
                x, y = coords.convert(row["lon"], row["lat"], crs)
                result["clusters"].append([round(x, 6), round(y, 6), int(row["n"])])
            result.update(mode="clusters", drawn=int(tally["inside"]), empty=int(total - tally["numbers"]),
                          swapped=int(tally["swapped"]), outside=int(tally["numbers"] - tally["inside"] - tally["swapped"]))
        else:
            result["mode"] = "points"
            page = conn.execute(sa.text(sql.points(table, fields, lon, lat, [label] if label else [])),
                                {"after": data_dict["after"], "page": PAGE}).mappings().all()
            for row in page:
                _place(result, row, crs)
            if len(page) == PAGE:
                result["next"] = page[-1]["_id"]
        result["notes"] = notes.for_points(result)
        return result

    return _run(context, data_dict, work)


def _box(crs: str) -> dict:
    """The outline's box with a margin, in the data's coordinates (close enough: the systems
    differ by less than the margin)."""
    west, east, south, north = geometry.bounds()
    return {"west": west - MARGIN, "east": east + MARGIN, "south": south - MARGIN, "north": north + MARGIN}


def _place(result: dict, row, crs: str) -> None:
    """A row's point drawn, or counted as why it is not."""
    x, y = row["lon"], row["lat"]
    if x is None or y is None:
        result["empty"] += 1
        return
    x, y = float(x), float(y)
    if -180 <= x <= 180 and -90 <= y <= 90:
        gx, gy = coords.convert(x, y, crs)
        if geometry.contains(gx, gy):
            result["drawn"] += 1
            result["points"].append([round(gx, 6), round(gy, 6), row["_id"], row.get("l0")])
            return
    if -180 <= y <= 180 and -90 <= x <= 90 and geometry.contains(*coords.convert(y, x, crs)):
        result["swapped"] += 1
    else:
        result["outside"] += 1
