"""The views in a real browser: the shelters' map (the seed's 38 shelters, their file and data
items) draws 38 markers inside Shaoxing's outline; the region view shades the six districts; a
chart's tooltip, reached by keyboard, says the right figure; a conditional table's embed shows the
gate's notice; axe finds nothing on the view pages, in both languages, at 390 px with no sideways
scroll."""
from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.conftest import PLUGINS, ROOT
from tests.dataviews.conftest import loaded
from tests.e2e import a11y
from tests.e2e.conftest import record

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

SHELTERS = ROOT / "catalog_seed/files/SX-GGAQ-2021-0004/shelters.csv"
SHELTER_ITEMS = [{"field_name": "shelter_name", "field_label": "避难场所名称", "field_type": "string"},
                 {"field_name": "address", "field_label": "地址", "field_type": "string"},
                 {"field_name": "lon", "field_label": "经度", "field_type": "decimal"},
                 {"field_name": "lat", "field_label": "纬度", "field_type": "decimal"},
                 {"field_name": "area_m2", "field_label": "面积", "field_type": "integer"},
                 {"field_name": "shelter_capacity", "field_label": "可容纳人数", "field_type": "integer"},
                 {"field_name": "shelter_level", "field_label": "场所类别", "field_type": "string"}]
DISTRICT_ITEMS = [{"field_name": "site", "field_label": "站点", "field_type": "string"},
                  {"field_name": "region", "field_label": "行政区划代码", "field_type": "region_code"}]
DISTRICTS = "site,region\n" + "".join(f"站点{i},{code}\n" for i, code in enumerate(
    ["330602", "330602", "330603", "330604", "330624", "330681", "330683"]))


def _views(table: str) -> dict:
    from ckan.tests import helpers
    return {v["view_type"]: v["id"] for v in helpers.call_action("resource_view_list", id=table)}


@pytest.fixture
def tables():
    from ckan import model
    org = factories.department(name="emergency", title="市应急管理局")
    shelters = loaded(org, "shelters", SHELTERS.read_bytes(), items=SHELTER_ITEMS)
    districts = loaded(org, "districts", DISTRICTS.encode(), items=DISTRICT_ITEMS)
    closed = loaded(org, "closed", DISTRICTS.encode(), items=DISTRICT_ITEMS, open_level="conditional",
                    open_condition="须签署数据安全承诺书")
    model.Session.commit()
    return {name: {**t, "views": _views(t["table"])} for name, t in
            (("shelters", shelters), ("districts", districts), ("closed", closed))}


def _page_of(portal, t, kind, lang=""):
    return f"{portal}{lang}/dataset/{t['package']['name']}/resource/{t['table']}?view_id={t['views'][kind]}"


def _ready(page):
    expect(page.locator("[data-sx-view][data-ready='true']")).to_have_count(1, timeout=15000)


def test_the_views_draw_in_a_browser(portal, browser, tables):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    # The map: every shelter drawn, each inside the outline (ECharts' own hit test of the geo region).
    page.goto(_page_of(portal, tables["shelters"], "shaoxing_map"))
    _ready(page)
    inside = page.evaluate("""() => {
        const chart = echarts.getInstanceByDom(document.querySelector('.sx-dataview-canvas'));
        const data = chart.getOption().series[0].data;
        return data.map(d => chart.containPixel({geoIndex: 0}, chart.convertToPixel({geoIndex: 0}, d.value)));
    }""")
    assert len(inside) == 38 and all(inside)
    expect(page.locator(".sx-dataview-table-body tbody tr")).to_have_count(38)
    expect(page.locator(".sx-dataview-notes li")).to_have_count(0)
    record(page, "dataviews-shelters-map")
    assert a11y.violations(page) == [], a11y.summary(a11y.violations(page))
    # The chart (bars by 场所类别): the first bar's tooltip, reached with the keyboard.
    rows = list(csv.DictReader(io.StringIO(SHELTERS.read_text("utf-8"))))
    levels = {}
    for r in rows:
        levels[r["shelter_level"]] = levels.get(r["shelter_level"], 0) + 1
    top = sorted(levels.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    page.goto(_page_of(portal, tables["shelters"], "shaoxing_chart"))
    _ready(page)
    page.locator(".sx-dataview-canvas").focus()
    page.keyboard.press("ArrowRight")
    tip = page.locator(".sx-dataview-canvas > div").filter(has_text=top[0]).last    # ECharts' tooltip
    expect(tip).to_be_visible()
    expect(tip).to_contain_text(str(top[1]))
    assert a11y.violations(page) == [], a11y.summary(a11y.violations(page))
    # The region view in English on a 390 px phone: six districts shaded, no sideways scroll.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(_page_of(portal, tables["districts"], "shaoxing_region", "/en"))
    _ready(page)
    expect(page.locator(".sx-dataview-canvas")).to_have_attribute("data-shaded", "6")
    expect(page.locator(".sx-dataview-table-body tbody tr")).to_have_count(6)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    record(page, "dataviews-region-phone")
    assert a11y.violations(page) == [], a11y.summary(a11y.violations(page))
    # A conditional table's embed: the notice, no figure.
    page.goto(f"{portal}/view/embed/{tables['closed']['views']['shaoxing_region']}")
    expect(page.locator(".sx-dataview-notice")).to_be_visible()
    expect(page.locator("[data-sx-view]")).to_have_count(0)
    context.close()
