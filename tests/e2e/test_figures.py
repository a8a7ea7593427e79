"""The figures pages in a real browser: the targets dashboard (monthly trend, department ranking),
a company's usage and the contest's ranking draw their charts with ECharts: the legend names the
series, hovering a bar shows its exact figure, the arrow keys read the bars out; on a 390 px phone
nothing scrolls sideways, in 长辈版 too, and axe finds nothing in either language. Without
JavaScript the same figures are on the page (the server's SVG and the tables)."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from ckan import model
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers
from playwright.sync_api import expect

from ckanext.shaoxing import clock
from ckanext.shaoxing.clock import TZ
from tests import factories
from tests.access.conftest import company
from tests.conftest import PLUGINS
from tests.e2e import a11y
from tests.e2e import conftest as e2e

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]
PASSWORD = "Figures-pass-2026"
H = dt.timedelta(hours=1)
YEAR = clock.today().year - 1            # a finished year, whatever today's date
CALLS = 12345                            # one day's calls: 1.2万 on the axis, 12,345 in the tooltip


def _contest(now: dt.datetime, dataset: dict) -> None:
    """A contest whose preliminary phase is judged: two entries scored 88 and 70."""
    def calendar(start):
        return [{"code": "registration", "opens": start.isoformat(), "closes": (start + 2 * H).isoformat()},
                {"code": "preliminary", "opens": (start + 2 * H).isoformat(), "closes": (start + 4 * H).isoformat(),
                 "judging_closes": (start + 6 * H).isoformat()}]
    helpers.call_action("contest_create", {"user": "boss"}, name="sx-figures", title="绍兴市公共数据开放创新应用大赛",
                        edition=3, phases=calendar(now - H))
    teams = [helpers.call_action("contest_team_register", {"user": u}, contest_id="sx-figures", name=n,
                                 track="transport", entrant_type="individual")
             for u, n in (("leader", "智慧出行队"), ("mate", "越城数据队"))]
    helpers.call_action("contest_update", {"user": "boss"}, id="sx-figures", phases=calendar(now - 3 * H))
    entries = [helpers.call_action("contest_submission_create", {"user": u}, team_id=t["id"], phase="preliminary",
                                   title=title, dataset_ids=[dataset["id"]])
               for u, t, title in (("leader", teams[0], "公交骑行一站通"), ("mate", teams[1], "停车泊位地图"))]
    helpers.call_action("contest_judge_assign", {"user": "boss"}, contest_id="sx-figures", phase="preliminary",
                        user="judge")
    helpers.call_action("contest_update", {"user": "boss"}, id="sx-figures", phases=calendar(now - 5 * H))
    for s, score in zip(entries, (88, 70)):
        helpers.call_action("contest_score_submit", {"user": "judge"}, submission_id=s["id"], scores={
            c: score for c in ("innovation", "data_use", "value", "technical", "presentation")})
    helpers.call_action("contest_update", {"user": "boss"}, id="sx-figures", phases=calendar(now - 10 * H))


def _build() -> dict:
    org = factories.department(name="transport", title="市交通运输局")
    other = factories.department(name="health", title="市卫生健康委员会")
    for month in (1, 1, 4):
        factories.entry(org, issued=f"{YEAR}-{month:02d}-05")
    factories.entry(other, issued=f"{YEAR}-04-20")
    stations = factories.entry(org, name="stations", resources=[{"url": "https://a.b/stations.csv", "format": "CSV"}])
    for name in ("company", "leader", "mate", "judge", "boss"):
        ckan_factories.User(name=name, password=PASSWORD, email=f"{name}@example.com", sysadmin=name == "boss")
    comp = company("company", 1)
    key = helpers.call_action("shaoxing_app_key_create", {"user": "company"}, label="生产服务器")
    day = clock.today() - dt.timedelta(days=2)
    model.Session.execute(sa.text(
        "INSERT INTO shaoxing_key_calls_daily (day, key_id, resource_id, company_id, package_id, calls) "
        "VALUES (:day, :key, :res, :company, :pkg, :calls)"),
        {"day": day, "key": key["id"], "res": stations["resources"][0]["id"], "company": comp["id"],
         "pkg": stations["id"], "calls": CALLS})
    model.Session.commit()
    _contest(dt.datetime.now(TZ), stations)
    return {"day": day.isoformat()}


@pytest.fixture
def world(worlds):
    return worlds("figures", _build)


# (who, address, the chart's figure, a category, its series and its value as the tooltip shows it)
RANKING = f"/targets?year={YEAR}&period=year"
CHARTS = [("anonymous", RANKING, 0, f"{YEAR}-01", "开放数据集", "2"),
          ("anonymous", RANKING, 1, "市交通运输局", "本期得分", None),
          ("company", "/company/usage", 0, None, None, "12,345"),
          ("boss", "/contest/sx-figures/admin", 0, "公交骑行一站通", "得分", "88")]


def _hover(page, figure, index: int) -> str:
    """Hover the bar of category `index` of the figure's first series; the tooltip's text."""
    box = figure.locator(".shaoxing-chart-canvas")
    box.scroll_into_view_if_needed()
    x, y = box.evaluate("""(el, i) => {
        const chart = echarts.getInstanceByDom(el), half = (chart.getOption().series[0].data[i] || 0) / 2;
        return chart.convertToPixel({seriesIndex: 0}, chart.getOption().yAxis[0].type === 'category' ? [half, i] : [i, half]);
        }""", index)
    tip = figure.locator(".shaoxing-chart-tip")
    for nudge in (0, 1, 2):     # the page may still settle (a scroll bar, a font) and redraw the chart
        at = box.bounding_box()
        page.mouse.move(at["x"] + x + nudge, at["y"] + y - 2)        # the middle of the bar
        try:
            expect(tip).to_be_visible(timeout=2000)
            break
        except AssertionError:
            continue
    expect(tip).to_be_visible()
    return tip.inner_text()


def _check_chart(page, figure, category, series, value, day) -> None:
    expect(figure).to_have_attribute("data-drawn", "")
    canvas = figure.locator(".shaoxing-chart-canvas")
    expect(canvas.locator("svg")).to_be_visible()                     # the SVG renderer
    assert not figure.locator("svg.shaoxing-chart-fallback").is_visible()    # the server's drawing gives way
    spec = figure.evaluate("f => JSON.parse(f.querySelector('script[type=\"application/json\"]').textContent)")
    expect(figure.locator(".shaoxing-chart-legend > *")).to_have_text([s["name"] for s in spec["series"]])
    if len(spec["series"]) > 1:                                         # a series hidden and shown by its name
        toggle = figure.locator(".shaoxing-chart-legend button").last
        toggle.click()
        expect(toggle).to_have_attribute("aria-pressed", "false")
        toggle.click()
        expect(toggle).to_have_attribute("aria-pressed", "true")
    index = spec["categories"].index(category or day)
    text = _hover(page, figure, index)
    assert (category or day) in text and (value or str(spec["series"][0]["data"][index])) in text, text
    assert not series or series in text, text
    page.mouse.move(0, 0)
    expect(figure.locator(".shaoxing-chart-tip")).to_be_hidden()        # gone before the keys show it again
    canvas.focus()                                                      # the keyboard: first bar, read out
    page.keyboard.press("Home")
    expect(figure.locator("[aria-live]")).to_contain_text(spec["categories"][0])
    expect(figure.locator(".shaoxing-chart-tip")).to_be_visible()


def test_charts_on_desktop_and_on_a_phone_in_care_mode(portal, browser, world):
    """On a desktop: each chart drawn, its legend, a bar's tooltip, the keys. Then on a 390 px phone
    in 长辈版, in both languages: the pages fit and axe finds nothing."""
    model.Session.commit()
    pages = {}
    for role in ("anonymous", "company", "boss"):
        page = (e2e.login(browser, portal, role, PASSWORD) if role != "anonymous"
                else browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page())
        pages[role] = page
    try:
        for role, path, nth, category, series, value in CHARTS:
            page = pages[role]
            if page.url != portal + path:
                page.goto(portal + path)
            _check_chart(page, page.locator("figure[data-shaoxing-chart]").nth(nth), category, series, value,
                         world["day"])
        chart = pages["anonymous"].locator("#ranking ~ figure[data-shaoxing-chart]")    # its first bar read out
        e2e.shot(chart, "targets-ranking-chart")
        problems = []
        for page in pages.values():
            page.set_viewport_size({"width": 390, "height": 800})
            page.context.add_cookies([{"name": "shaoxing_care", "value": "1", "url": portal}])
        for prefix in ("", "/en"):
            for role, path in {(r, p) for r, p, *_ in CHARTS}:
                page = pages[role]
                page.goto(portal + prefix + path)
                expect(page.locator("html")).to_have_class("js shaoxing-care")
                expect(page.locator("figure[data-shaoxing-chart]").first).to_have_attribute("data-drawn", "")
                e2e.record(page, f"figures-{prefix.strip('/') or 'zh'}-390-{path.split('/')[1].split('?')[0]}")
                wide = page.evaluate("document.documentElement.scrollWidth")
                if wide > 390:
                    problems.append(f"{prefix} {path}: {wide} px wide")
                problems += [f"{prefix} {path}: {line}" for line in a11y.summary(a11y.violations(page))]
        assert not problems, "\n".join(problems)
    finally:
        for page in pages.values():
            page.context.close()


def test_without_javascript_the_figures_are_there(portal, browser, world):
    model.Session.commit()
    context = browser.new_context(locale="zh-CN", java_script_enabled=False, viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(portal + f"/targets?year={YEAR}&period=year")
    expect(page.locator("svg.target-trend")).to_be_visible()           # the server's bars
    expect(page.locator(".shaoxing-chart-canvas")).to_have_count(0)
    page.locator("details.shaoxing-chart-table summary").first.click()  # and the figures as a table
    expect(page.locator(f"details.shaoxing-chart-table tr:has(th:text-is('{YEAR}-01')) td").first).to_have_text("2")
    expect(page.locator(".department-ranking")).to_contain_text("市交通运输局")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
