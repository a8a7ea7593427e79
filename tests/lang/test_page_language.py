"""The pages the language crawl found mixed, each said in one language: CKAN's own words as the
portal re-translates them (值 not 价值), the resource page without CKAN's raw fields, column types
and dates as a reader writes them, the filters by their names, the sysadmin pages in Chinese and
linking the portal's own administration, the site and its operator named in English on English
pages, and the contest's labels in the page's language."""
from __future__ import annotations

import re

import pytest

from tests.conftest import PLUGINS
from tests.interfaces.conftest import token

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


def test_the_resource_page_says_its_fields_types_and_dates_in_the_pages_language(app, world):
    table = world["entry"]["table"]
    url = f"/dataset/{world['entry']['name']}/resource/{table['id']}"
    zh = app.get(url, headers=token(world["sysadmin"])).body
    # a core message our catalogue re-translates wins over CKAN's own catalogue
    assert "<th scope=\"col\">值</th>" in zh and "价值" not in zh and "<th scope=\"col\">字段</th>" in zh
    for raw in ("Datastore active", "Package id", "Url type", ">True<", ">False<", "int8", ">numeric<"):
        assert raw not in zh, raw
    assert "整数" in zh and "文本" in zh and "数据项说明" in zh
    updated = re.search(r"数据更新时间</th>\s*<td>([^<]+)</td>", zh).group(1)
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", updated.strip()), updated
    en = app.get("/en" + url, headers=token(world["sysadmin"])).body
    updated = re.search(r"Data last updated</th>\s*<td>([^<]+)</td>", en).group(1)
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", updated.strip()), updated
    assert "Integer" in en and "(+0800)" not in en


def test_applied_filters_name_their_facet_and_value(app, world):
    body = app.get("/dataset/?tags=公交&domain=transport").body
    pills = body.split('class="filter-list"')[1].split("</p>")[0]
    assert "None" not in pills and "标签:" in pills
    assert 'aria-label="移除筛选条件：交通出行"' in pills and "移除筛选条件：transport" not in pills


def test_the_sysadmin_pages_speak_chinese_and_link_the_portals_administration(app, world):
    body = app.get("/ckan-admin/", headers=token(world["sysadmin"])).body
    assert "当前系统管理员" in body and "Current Sysadmins" not in body and "As a sysadmin" not in body
    for path in ("/ckan-admin/catalog/import", "/ckan-admin/companies", "/ckan-admin/targets", "/ckan-admin/audit",
                 "/quality"):
        assert f'href="{path}"' in body, path
        assert app.get(path, headers=token(world["sysadmin"])).status_code == 200, path


def test_english_pages_name_the_site_and_its_operator_in_english(app, world):
    body = app.get("/en/").body
    title = re.search(r"<title>(.*?)</title>", body, re.S).group(1)
    assert "Shaoxing Public Data Open Platform" in title and not re.search(r"[\u4e00-\u9fff]", title)
    footer = body.split('<footer class="site-footer">')[1]
    assert "Shaoxing Big Data Development Administration" in footer and "绍兴市大数据发展管理局" not in footer
    assert "绍兴市大数据发展管理局" in app.get("/").body.split('<footer class="site-footer">')[1]


def test_contest_labels_are_in_the_pages_language(app, world):
    zh = app.get("/contest/sx-2030").body
    assert "交通出行" in zh and "/ Transport" not in zh and "创新性: 25" in zh
    en = app.get("/en/contest/sx-2030").body
    assert "Transport" in en and "交通出行" not in en and "Innovation: 25" in en


def _register(app, prefix: str, password1: str, password2: str) -> str:
    form = app.get(prefix + "/user/register").body
    token = form.split('name="_csrf_token" value="')[1].split('"')[0]
    return app.post(prefix + "/user/register", data={"name": "erin", "fullname": "Erin", "email": "erin@example.com",
                                                      "password1": password1, "password2": password2,
                                                      "_csrf_token": token, "save": ""}).body


def test_registration_errors_speak_the_pages_language_under_the_right_field(app, world):
    form = app.get("/user/register").body
    assert "Joe Bloggs" not in form and "张三" in form
    crumbs = form.split('class="breadcrumb"')[1].split("</ol>")[0]
    assert "注册" in crumbs and "报名" not in crumbs       # the contest's 报名 is its phase only
    assert "报名" in app.get("/contest/sx-2030").body
    body = _register(app, "", "weakpass", "weakpass")
    assert "密码至少 10 个字符" in body and "The password must" not in body
    body = _register(app, "/en", "weakpass", "weakpass")
    assert "The password must be at least 10 characters long" in body and "密码至少" not in body
    body = _register(app, "", "Canal-boat-2026", "Canal-boat-2027")
    confirm = body[body.index('id="field-confirm-password"'):]
    assert "不匹配" in confirm[:1500] or "不一致" in confirm[:1500], confirm[:1500]
    assert "Password1" not in body and "Password2" not in body


def test_english_pages_name_departments_by_their_english_names(app, world):
    from ckan.tests import helpers
    helpers.call_action("organization_patch", {"user": world["sysadmin"]}, id="transport",
                        title_en="Shaoxing Transport Bureau")
    for url in ("/en/organization/", "/en/dataset/", "/en/dataset/bus-lines", "/en/organization/transport", "/en/"):
        body = app.get(url).body
        assert "Shaoxing Transport Bureau" in body, url
        assert "市交通运输局" not in body.split('<div role="main">')[-1].split("<footer")[0] or url == "/en/", url
    zh = app.get("/organization/").body
    assert "市交通运输局" in zh and "Shaoxing Transport Bureau" not in zh
    # the edit form keeps the Chinese name it edits
    form = app.get("/en/organization/edit/transport", headers=token(world["sysadmin"])).body
    assert 'value="市交通运输局"' in form
