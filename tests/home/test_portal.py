"""The portal as the city shows it: its name and emblem, the menu to every feature, the footer,
the home page's live figures and topic tiles, CKAN's Chinese as a native speaker writes it."""
import re

import pytest
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers

from ckanext.shaoxing.interfaces import jobs
from tests import factories
from tests.conftest import PLUGINS
from tests.interfaces.conftest import upload

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

ZH_MENU = ("首页", "开放目录", "开发者", "数据接口", "指标看板", "开放大赛", "数源部门", "关于")
EN_MENU = ("Home", "Open catalogue", "Developers", "Data interfaces", "Targets dashboard", "Open data contest",
           "Data departments", "About")


@pytest.fixture
def catalogue():
    transport = factories.department(name="sx-transport", title="市交通运输局")
    health = factories.department(name="sx-health", title="市卫生健康委员会")
    bus = factories.entry(transport, name="bus", title="公交线路", domain="transport",
                          resources=[{"name": "接口", "url": "https://api.example.gov.cn/1", "interface_type": "open_api"},
                                     {"name": "共享", "url": "https://api.example.gov.cn/2", "interface_type": "shared_api"}])
    # An open API counts once it answers: its entry's table is in the DataStore.
    table = upload(bus["id"], "lines.csv", "线路,站数\n1路,20\n".encode(), "CSV")
    assert jobs.load(table["id"])["state"] == "complete"
    factories.entry(transport, name="parking", title="停车场", domain="transport")
    factories.entry(health, name="hospitals", title="医院名录", domain="health")
    factories.entry(health, name="closed", title="内部数据", domain="health", open_level="not_open")
    return transport


def menu(body: str) -> list[tuple[str, str]]:
    nav = re.search(r'<ul class="navbar-nav[^"]*">(.*?)</ul>', body, re.S).group(1)
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)


@pytest.mark.parametrize("prefix, labels", [("", ZH_MENU), ("/en", EN_MENU)])
def test_header_carries_the_platform_and_a_menu_whose_every_link_answers(app, catalogue, prefix, labels):
    body = app.get(prefix + "/").body
    name = "Shaoxing Public Data Open Platform" if prefix else "绍兴市公共数据开放平台"
    assert re.search(r'class="shaoxing-site-title[^"]*">' + name + "<", body)
    assert 'src="/shaoxing/logo.svg"' in body and "ckan-logo" not in body
    items = menu(body)
    assert [label.strip() for _, label in items] == list(labels)
    for href, _ in items:
        assert app.get(href).status_code == 200, href
    assert app.get("/shaoxing/logo.svg").status_code == 200


@pytest.mark.parametrize("prefix, words", [("", ("主办单位", "绍兴市大数据发展管理局", "开发者文档", "开放数据许可")),
                                           ("/en", ("Operated by", "Shaoxing Big Data Development Administration",
                                                    "API documentation", "Open data licence"))])
def test_footer_names_the_operator_and_links_the_api_and_licence_pages(app, prefix, words):
    footer = app.get(prefix + "/").body.split('<footer class="site-footer">')[1]
    for word in words:
        assert word in footer
    for path in ("/developers", "/about/licence", "/catalog/export.xlsx"):
        assert f'href="{prefix}{path}"' in footer, path          # in the page's language
        assert app.get(prefix + path).status_code == 200


def figures(body: str) -> dict[str, int]:
    return {k: int(v.replace(",", "")) for k, v in re.findall(
        r'data-figure="(\w+)">\s*<div class="card-body">\s*<div class="fs-3 fw-bold figure-value">([\d,]+)</div>', body)}


def test_home_figures_are_the_actions_figures(app, catalogue):
    shown = figures(app.get("/").body)
    totals = helpers.call_action("shaoxing_portal_figures")
    usage = helpers.call_action("shaoxing_usage_summary")
    assert shown["open_datasets"] == totals["open_datasets"] == 3          # not_open is not counted
    assert shown["open_apis"] == totals["open_apis"] == 1
    assert shown["shared_apis"] == totals["shared_apis"] == 1
    assert shown["departments"] == totals["departments"] == 2
    assert (shown["downloads"], shown["api_calls"]) == (usage["downloads"], usage["api_calls"])
    assert shown["contest_apps"] == helpers.call_action("contest_app_count")["apps"]


def test_topic_tiles_list_every_domain_priority_first_with_counts_that_filter(app, catalogue):
    body = app.get("/").body
    tiles = re.findall(r'href="([^"]+)" data-domain="(\w+)">\s*<div class="card-body py-2">\s*'
                       r'<span class="fw-bold">([^<]+)</span>\s*<span class="badge bg-primary float-end">(\d+)</span>', body)
    assert len(tiles) == 16
    assert [t[2] for t in tiles[:4]] == ["城市管理", "交通出行", "医疗健康", "文化旅游"]
    counts = {code: int(n) for _, code, _, n in tiles}
    assert counts["transport"] == 2 and counts["health"] == 2 and counts["education"] == 0
    href = next(h for h, code, _, _ in tiles if code == "transport").replace("&amp;", "&")
    results = app.get(href).body
    assert "公交线路" in results and "停车场" in results and "医院名录" not in results


def test_home_lists_latest_most_downloaded_and_top_departments(app, catalogue):
    body = app.get("/").body
    latest = body.split('class="col-md-4 shaoxing-latest"')[1].split("</section>")[0]
    assert latest.index("内部数据") < latest.index("公交线路")           # newest first
    top = body.split('shaoxing-top-departments')[1].split("</section>")[0]
    assert "市交通运输局" in top and "市卫生健康委员会" in top
    counts = [int(n) for n in re.findall(r'class="badge bg-secondary">(\d+)<', top)]
    assert counts == sorted(counts, reverse=True) == [2, 1]         # most open entries first
    assert "热门搜索" in body and 'href="/dataset/?q=%E5%85%AC%E4%BA%A4"' in body


def test_ckan_strings_as_a_chinese_portal_writes_them(app, catalogue):
    zh = app.get("/").body
    account = zh.split('<div class="account-masthead">')[1].split("</ul>")[0]
    assert "登录" in account and "注册" in account, account
    assert "登陆" not in zh and "登记" not in zh
    entry = app.get("/dataset/bus").body
    assert "分享" in entry and "分享到微博" in entry and "x.com/share" not in entry and "facebook" not in entry
    silent = factories.department(name="sx-quiet", title="市档案馆", description="")
    factories.entry(silent, name="archives", title="档案目录")
    archives = app.get("/dataset/archives").body
    assert "There is no description for this organization" not in archives and "该部门暂无简介" in archives
    user = ckan_factories.User()
    # Profiles are for signed-in users only (ckan.auth.public_user_details = false).
    assert app.get(f"/user/{user['name']}").status_code == 403
    token = ckan_factories.APIToken(user=user["name"])["token"]
    assert "关注者" in app.get(f"/user/{user['name']}", headers={"Authorization": token}).body
    assert "Log in" in app.get("/en/").body


@pytest.mark.parametrize("path, crumb", [("/developers", "开发者"), ("/about/licence", "开放数据许可"),
                                         ("/targets", "指标看板")])
def test_project_pages_have_breadcrumbs(app, path, crumb):
    body = app.get(path).body
    trail = re.search(r'<ol class="breadcrumb">(.*?)</ol>', body, re.S).group(1)
    assert crumb in trail


def test_sysadmin_pages_have_breadcrumbs(app):
    app.set_session_user(ckan_factories.Sysadmin()["name"])
    for path, crumb in (("/ckan-admin/catalog/import", "目录导入"), ("/ckan-admin/targets", "年度目标")):
        trail = re.search(r'<ol class="breadcrumb">(.*?)</ol>', app.get(path).body, re.S).group(1)
        assert "系统管理" in trail and crumb in trail


@pytest.mark.parametrize("who", ["anonymous", "user", "sysadmin"])
def test_the_home_figures_actions_are_public_and_count_only_published_data(app, catalogue, who):
    from ckanext.shaoxing.usage import counters
    from ckanext.shaoxing.usage.flush import flush
    hidden = factories.entry(catalogue, name="draft", title="草稿", private=True,
                             resources=[{"name": "f", "url": "https://files.example.gov.cn/f.csv"}])
    counters.count("download", hidden["resources"][0]["id"], 7)          # a private dataset's downloads
    flush(reindex=False)
    headers = {}
    if who != "anonymous":
        user = ckan_factories.Sysadmin() if who == "sysadmin" else ckan_factories.User()
        headers = {"Authorization": ckan_factories.APIToken(user=user["name"])["token"]}
    figures = app.get("/api/3/action/shaoxing_portal_figures", headers=headers).json["result"]
    usage = app.get("/api/3/action/shaoxing_usage_summary", headers=headers).json["result"]
    assert figures["open_datasets"] == 3 and usage["downloads"] == 0


# Last: its configuration differs, and the app (and its compiled templates) is built again for
# it; between two tests of the module it was built twice.
@pytest.mark.ckan_config("ckanext.shaoxing.portal.home", "false")
def test_the_home_page_can_be_ckans_own(app, catalogue):
    body = app.get("/").body
    assert "shaoxing-figures" not in body and "homepage" in body
