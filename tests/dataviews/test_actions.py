"""The views' data on a real DataStore table: made once when the load ends, grouped in
PostgreSQL, the bad rows explained instead of drawn, columns and parameters checked."""
import pytest
from ckan.tests import helpers

from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


def agg(table, **kw):
    return helpers.call_action("shaoxing_view_aggregate", {"user": ""}, resource_id=table, **kw)


def codes(result):
    return {n["code"]: n["rows"] for n in result["notes"]}


def test_the_load_makes_each_view_once(places):
    from ckanext.shaoxing.interfaces import jobs
    table = places["places"]["table"]
    types = [v["view_type"] for v in helpers.call_action("resource_view_list", id=table)]
    assert {"shaoxing_map", "shaoxing_region", "shaoxing_chart"} <= set(types)
    assert jobs.load(table, force=True)["state"] == "complete"       # a reload adds no second view
    assert sorted(v["view_type"] for v in helpers.call_action("resource_view_list", id=table)) == sorted(types)
    # a table without coordinates or region codes gets a chart only
    wide = [v["view_type"] for v in helpers.call_action("resource_view_list", id=places["wide"]["table"])]
    assert "shaoxing_chart" in wide and "shaoxing_map" not in wide and "shaoxing_region" not in wide


def test_counts_and_sums_by_category_with_empty_values_explained(places):
    table = places["places"]["table"]
    r = agg(table, group_by="kind")
    assert [(g["key"], g["value"]) for g in r["groups"]] == [("Ⅲ类", 4), ("Ⅰ类", 3), ("Ⅱ类", 2)]
    assert r["rows"] == 10 and codes(r) == {"empty": 1}
    r = agg(table, group_by="kind", aggregation="sum", value="amount")
    assert [(g["key"], g["value"]) for g in r["groups"]] == [("Ⅰ类", 410), ("Ⅱ类", 240), ("Ⅲ类", 65)]
    r = agg(table, group_by="kind", aggregation="avg", value="amount")
    assert r["groups"][0] == {"key": "Ⅰ类", "value": pytest.approx(136.6667), "rows": 3}


def test_dates_by_month_and_mixed_forms_read_or_counted_as_unreadable(places):
    table = places["places"]["table"]
    r = agg(table, group_by="opened", group="month")
    assert [(g["key"], g["value"]) for g in r["groups"]] == [("2024-01-01", 2), ("2024-02-01", 1), ("2024-03-01", 6)]
    r = agg(table, group_by="noted", group="month")
    # 2024-01-05, 2024/1/20, 2024年2月3日, 20240301, 2024.3.15; 不详 and 2023-02-30 (no such day) unreadable
    assert [(g["key"], g["value"]) for g in r["groups"]] == [("2024-01-01", 2), ("2024-02-01", 1), ("2024-03-01", 2)]
    assert codes(r) == {"unreadable": 2, "empty": 3}
    assert agg(table, group_by="noted", group="year")["groups"] == [{"key": "2024-01-01", "value": 5, "rows": 5}]


def test_a_histogram_splits_the_range_into_equal_bins(places):
    r = agg(places["places"]["table"], group_by="amount", group="bin", bins=3)
    assert [g["key"] for g in r["groups"]] == [[5, 103.333333], [103.333333, 201.666667], [201.666667, 300]]
    assert [g["value"] for g in r["groups"]] == [8, 1, 1]


def test_the_region_view_keeps_shaoxings_six_districts_and_names_the_others(places):
    r = agg(places["places"]["table"], group_by="region", group="region")
    assert {g["key"]: g["value"] for g in r["groups"]} == {"330602": 3, "330603": 1, "330604": 1, "330681": 1,
                                                           "330683": 1, "330624": 1}
    assert [g["name"] for g in r["groups"] if g["key"] == "330624"] == ["新昌县"]   # a 12-digit code read as its county
    assert codes(r)["outside"] == 1 and "330106" in r["notes"][-1]["zh"]


def test_ten_thousand_categories_are_the_top_twenty_and_other(places):
    r = agg(places["wide"]["table"], group_by="kind")
    assert len(r["groups"]) == 20 and r["groups"][0] == {"key": "类别00001", "value": 6, "rows": 6}
    assert r["other"] == {"value": 10005 - 6 - 19, "rows": 10005 - 6 - 19}
    assert "其他" in r["notes"][0]["zh"]


def test_no_rows_and_an_empty_column_explain_themselves(places):
    r = agg(places["empty"]["table"], group_by="kind")
    assert r["groups"] == [] and codes(r) == {"no_rows": None}
    r = agg(places["places"]["table"], group_by="remark")
    assert r["groups"] == [] and codes(r) == {"column_empty": 10}
    pts = helpers.call_action("shaoxing_view_points", resource_id=places["empty"]["table"], longitude="amount",
                              latitude="amount")
    assert pts["points"] == [] and codes(pts) == {"no_rows": None}


def test_points_outside_swapped_and_empty_are_not_drawn(places):
    r = helpers.call_action("shaoxing_view_points", resource_id=places["places"]["table"], longitude="lon",
                            latitude="lat", label="name")
    assert r["mode"] == "points" and r["base"] == "gcj02"
    assert sorted(p[3] for p in r["points"]) == sorted(["越城避难所", "柯桥避难所", "上虞避难所", "诸暨避难所",
                                                       "嵊州避难所", "新昌避难所"])
    assert (r["drawn"], r["swapped"], r["outside"], r["empty"]) == (6, 1, 2, 1)
    assert codes(r) == {"empty": 1, "swapped": 1, "outside": 2}
    first = next(p for p in r["points"] if p[3] == "越城避难所")
    assert first[0] == pytest.approx(120.58408, abs=1e-4)          # WGS-84 moved onto the GCJ-02 map
    same = helpers.call_action("shaoxing_view_points", resource_id=places["places"]["table"], longitude="lon",
                               latitude="lat", label="name", crs="gcj02")
    assert next(p for p in same["points"] if p[3] == "越城避难所")[:2] == [120.58, 29.99]


@pytest.mark.parametrize(("params", "field"), [
    ({"group_by": "nope"}, "group_by"),
    ({"group_by": "kind", "value": 'amount"; DROP TABLE x; --'}, "value"),
    ({"group_by": "kind\x00"}, "group_by"),
    ({"group_by": "k" * 5000}, "group_by"),
    ({"group_by": ["kind"]}, "group_by"),
    ({"group_by": "<b>kind</b>"}, "group_by"),
    ({"group_by": "kind", "group": "week"}, "group"),
    ({"group_by": "kind", "aggregation": "median"}, "aggregation"),
    ({"group_by": "kind", "aggregation": "sum"}, "value"),
    ({"group_by": "amount", "group": "bin", "bins": 1000}, "bins"),
    ({"group_by": "amount", "group": "month"}, "group_by"),
    ({"group_by": ""}, "group_by"),
])
def test_bad_parameters_name_the_field(places, params, field):
    with pytest.raises(helpers.logic.ValidationError) as e:
        agg(places["places"]["table"], **params)
    assert field in e.value.error_dict and " / " in str(e.value.error_dict[field])


def test_an_empty_coordinate_column_names_the_field(places):
    with pytest.raises(helpers.logic.ValidationError) as e:
        helpers.call_action("shaoxing_view_points", resource_id=places["places"]["table"], longitude="",
                            latitude="lat")
    assert "longitude" in e.value.error_dict


def test_an_unknown_resource_is_not_found(places):
    with pytest.raises(helpers.logic.NotFound):
        agg("no-such-resource", group_by="kind")


def test_drawing_a_view_is_not_an_api_call(app, places):
    from ckanext.shaoxing.usage import counters  # noqa: F401  (counted in Redis, read through the action)
    table = places["places"]["table"]
    r = app.get("/api/3/action/shaoxing_view_aggregate", query_string={"resource_id": table, "group_by": "kind"})
    assert r.status_code == 200 and r.json["result"]["rows"] == 10
    r = app.get("/api/3/action/shaoxing_view_points", query_string={"resource_id": table, "longitude": "lon",
                                                                    "latitude": "lat"})
    assert r.status_code == 200
    usage = helpers.call_action("shaoxing_usage_show", resource_id=table)
    assert usage["api_calls"] == 0
    app.get("/api/3/action/datastore_search", query_string={"resource_id": table})
    assert helpers.call_action("shaoxing_usage_show", resource_id=table)["api_calls"] == 1


def test_the_view_page_carries_the_figure_its_table_and_its_embed_code(app, places):
    pkg, table = places["places"]["package"], places["places"]["table"]
    views = {v["view_type"]: v for v in helpers.call_action("resource_view_list", id=table)}
    page = app.get(f"/dataset/{pkg['name']}/resource/{table}?view_id={views['shaoxing_map']['id']}").get_data(as_text=True)
    assert "data-sx-view" in page and "sx-dataview-table" in page and "/shaoxing/dataviews.js" in page
    assert f"/view/embed/{views['shaoxing_map']['id']}" in page and "&lt;iframe" in page
    embed = app.get(f"/view/embed/{views['shaoxing_region']['id']}")
    assert embed.status_code == 200 and "data-sx-view" in embed.get_data(as_text=True)


def test_a_department_edits_a_view_in_its_form(app, places):
    from tests.interfaces.conftest import token
    pkg, table = places["places"]["package"], places["places"]["table"]
    view = next(v for v in helpers.call_action("resource_view_list", id=table) if v["view_type"] == "shaoxing_map")
    page = app.get(f"/dataset/{pkg['name']}/resource/{table}/edit_view/{view['id']}",
                   headers=token(places["site_user"])).get_data(as_text=True)
    assert 'id="field-sx-longitude"' in page and 'for="field-sx-crs"' in page and "经度 (lon)" in page
    changed = helpers.call_action("resource_view_update", {"user": places["site_user"]}, id=view["id"],
                                  resource_id=table, title="地图", crs="bd09")
    assert changed["crs"] == "bd09"
    with pytest.raises(helpers.logic.ValidationError):
        helpers.call_action("resource_view_update", {"user": places["site_user"]}, id=view["id"],
                            resource_id=table, title="地图", crs="mars")


def test_past_a_thousand_rows_the_map_reads_cells_not_rows(places):
    r = helpers.call_action("shaoxing_view_points", resource_id=places["wide"]["table"], longitude="amount",
                            latitude="amount")
    assert r["mode"] == "clusters" and r["points"] == [] and r["clusters"] == []
    assert (r["rows"], r["drawn"], r["outside"]) == (10005, 0, 10005)
    assert {n["code"] for n in r["notes"]} == {"outside", "clusters"}
