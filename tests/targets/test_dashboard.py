"""The public targets dashboard, its workbook, and the sysadmin's targets form."""
import datetime as dt
import io
import json
import re

import pytest
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers
from openpyxl import load_workbook

from ckanext.shaoxing import clock
from ckanext.shaoxing.targets import ranking
from tests import factories
from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

# Last year (in Shaoxing): a finished year whatever today's date, with data on its first days.
YEAR = clock.today().year - 1


@pytest.fixture
def data():
    org = factories.department(name="sx-transport", title="市交通运输局")
    factories.with_table(factories.entry(org, issued=f"{YEAR}-01-05", resources=[
        {"url": "https://a.b/1", "interface_type": "open_api", "issued": f"{YEAR}-02-01"}]))
    factories.entry(org, issued=f"{YEAR}-03-05")
    return org


def test_dashboard_shows_numbers_without_javascript_in_both_languages(app, data):
    zh = app.get("/targets", query_string={"year": str(YEAR)}).body
    assert "指标看板" in zh and "开放数据集" in zh and "市交通运输局" in zh
    assert re.search(r'metric-open_datasets">\s*<th scope="row">开放数据集</th>\s*<td class="actual">2</td>', zh)
    assert '<svg class="target-trend ' in zh and '<svg class="target-bar"' in zh
    # the chart has a name and its figures as a table (a screen reader's, a colour-blind reader's)
    assert 'aria-label="每月开放数据"' in zh and "<summary>以表格查看数据</summary>" in zh
    assert re.search(r'<tr><th scope="row">\d{4}-\d{2}</th><td>\d+</td>', zh)
    en = app.get("/en/targets", query_string={"year": str(YEAR)}).body
    assert "Targets dashboard" in en and "Open datasets" in en


def _charts(body: str) -> list[dict]:
    return [json.loads(m) for m in re.findall(
        r'<figure class="shaoxing-chart" data-shaoxing-chart[^>]*><script type="application/json">(.*?)</script>', body)]


def test_the_charts_carry_the_figures_the_page_shows(app, data):
    """The charts' figures are the dashboard's own (the same action, nothing counted again), named
    and described for a screen reader in the page's language."""
    body = app.get("/targets", query_string={"year": str(YEAR), "period": "year"}).body
    monthly, ranked = _charts(body)
    progress = helpers.call_action("shaoxing_target_progress", year=YEAR)
    assert monthly["categories"] == [m["month"] for m in progress["monthly"]]
    assert [s["name"] for s in monthly["series"]] == ["开放数据集", "开放接口", "共享接口"]
    assert monthly["series"][0]["data"] == [m["open_datasets"] for m in progress["monthly"]]
    shown = helpers.call_action("shaoxing_ranking_show", period="year", date=f"{YEAR}-12-31")
    assert ranked["kind"] == "ranking" and ranked["categories"] == [r["title"] for r in shown["ranking"]]
    assert ranked["series"][0]["data"] == [r["score"] for r in shown["ranking"]]
    assert "每月开放数据：" in body and "charts.js" in body and "echarts.min.js" in body
    en = _charts(app.get("/en/targets", query_string={"year": str(YEAR)}).body)[0]
    assert en["series"][0]["name"] == "Open datasets" and en["value_label"] == "Count"


def test_a_chart_label_cannot_close_its_script_block(app):
    from ckanext.shaoxing import charts
    with app.flask_app.test_request_context():
        html = str(charts.bars(["</script><b>x</b>"], [("<i>", [1])], name="n", category_label="c", value_label="v"))
    assert "</script><b>" not in html and "<i>" not in html and json.loads(
        html.split('<script type="application/json">')[1].split("</script>")[0])["categories"] == ["</script><b>x</b>"]


def test_dashboard_ranking_period_selector(app, data):
    body = app.get("/targets", query_string={"year": str(YEAR), "period": "year"}).body
    assert '<option value="year" selected>' in body and "department-ranking" in body
    assert re.search(r'<td>市交通运输局</td><td>[\d.]+</td><td>2</td><td>1</td>', body)
    assert app.get("/targets", query_string={"period": "day"}).status_code == 400


def _ranking_period(body: str) -> str:
    return re.search(r'<p class="text-muted small">(\S+ – \S+)', body).group(1)


def test_dashboard_ranking_follows_the_year_shown(app, data):
    """A past year shows its own weeks, months or the year; this year today's; next year none."""
    shown = {period: _ranking_period(app.get("/targets", query_string={"year": YEAR, "period": period}).body)
             for period in ("week", "month", "year")}
    assert shown["year"] == f"{YEAR}-01-01 – {YEAR}-12-31" and shown["month"] == f"{YEAR}-12-01 – {YEAR}-12-31"
    start, end = ranking.bounds("week", dt.date(YEAR, 12, 31))
    assert shown["week"] == f"{start} – {end - dt.timedelta(days=1)}"
    march = app.get("/targets", query_string={"year": YEAR, "period": "month", "date": f"{YEAR}-03-10"}).body
    assert _ranking_period(march) == f"{YEAR}-03-01 – {YEAR}-03-31"
    assert re.search(r'<td>市交通运输局</td><td>[\d.]+</td><td>1</td><td>0</td>', march)   # March's one dataset
    # a date outside the year shown gives way to the year
    other = app.get("/targets", query_string={"year": YEAR, "period": "year", "date": f"{YEAR + 1}-01-02"}).body
    assert _ranking_period(other) == f"{YEAR}-01-01 – {YEAR}-12-31"
    today = clock.today()
    start, end = ranking.bounds("month", today)
    now = app.get("/targets", query_string={"year": today.year, "period": "month"}).body
    assert _ranking_period(now) == f"{start} – {end - dt.timedelta(days=1)}"
    ahead = app.get("/targets", query_string={"year": today.year + 1}).body
    assert "no-ranking" in ahead and "department-ranking" not in ahead


def test_dashboard_rejects_a_bad_year(app, data):
    res = app.get("/targets", query_string={"year": "abc"})
    assert res.status_code == 400 and "year" in res.body


def test_workbook_holds_what_the_dashboard_shows(app, data):
    res = app.get("/targets.xlsx", query_string={"year": str(YEAR)})
    book = load_workbook(io.BytesIO(res.data))
    metrics = {r[0]: r[2] for r in book.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert metrics["open_datasets"] == 2 and metrics["open_apis"] == 1
    orgs = list(book["by_organization"].iter_rows(min_row=2, values_only=True))
    assert orgs[0][1] == "sx-transport"
    assert len(list(book["monthly"].iter_rows(min_row=2))) == 12
    ranking = list(book["ranking_month"].iter_rows(values_only=True))
    assert ranking[0][:5] == ("rank", "rank_change", "name", "title", "score") and ranking[1][2] == "sx-transport"


@pytest.mark.parametrize("who,status", [("anonymous", 302), ("user", 403), ("sysadmin", 200)])
def test_targets_form_is_for_sysadmins(app, data, who, status):
    if who != "anonymous":
        app.set_session_user(factories.user_in_role(who))
    assert app.get("/ckan-admin/targets", follow_redirects=False).status_code == status


def test_sysadmin_sets_targets_and_sees_field_errors(app, data):
    app.set_session_user(ckan_factories.Sysadmin()["name"])
    page = app.get("/ckan-admin/targets").body
    token = re.search(r'name="_csrf_token" value="([^"]+)"', page).group(1)
    res = app.post("/ckan-admin/targets", data={"_csrf_token": token, "year": str(YEAR), "open_datasets": "120",
                                                "open_apis": "100", "shared_apis": "100", "governance_rate": "2"})
    assert res.status_code == 400 and "0 到 1" in res.body
    res = app.post("/ckan-admin/targets", data={"_csrf_token": token, "year": str(YEAR), "open_datasets": "120",
                                                "open_apis": "100", "shared_apis": "100", "governance_rate": "0.9"},
                   follow_redirects=False)
    assert res.status_code == 302      # post/redirect/get
    assert "目标已保存" in app.get(res.headers["Location"]).body
    assert 'class="target">120<' in app.get("/targets", query_string={"year": str(YEAR)}).body
