"""The home page's lists and counts are cached in Redis (home/cache.py) and retired by the changes
they show: with real Solr and Redis, a change shows on the next page, a cached page is the page
drawn from search, and what anonymous may not see never shows, whoever drew the page first."""
import re

import pytest
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers

from ckanext.shaoxing.usage import counters
from ckanext.shaoxing.usage.flush import flush
from tests import factories
from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


def section(body: str, css: str) -> str:
    return body.split(css)[1].split("</section>")[0]


def titles(body: str, css: str) -> list[str]:
    return re.findall(r'<li class="mb-1"><a href="[^"]+">([^<]+)</a>', section(body, css))


def domain_count(body: str, code: str) -> int:
    return int(re.search(rf'data-domain="{code}">.*?float-end">(\d+)<', body, re.S).group(1))


@pytest.fixture
def department():
    dept = factories.department(name="sx-transport", title="市交通运输局")
    factories.entry(dept, name="bus", title="公交线路", resources=[{"name": "f", "url": "https://files.example.gov.cn/f.csv"}])
    return dept


def _tokenless(body: str) -> str:
    # the page's form token is signed with the second it was drawn in: two draws a second apart differ
    return re.sub(r'(name="_csrf_token" (?:content|value)=")[^"]+"', r'\1"', body)


def test_a_cached_page_is_the_page_drawn_from_search(app, department):
    from ckan.lib.redis import connect_to_redis
    drawn = _tokenless(app.get("/").body)                   # computed, then kept
    assert list(connect_to_redis().scan_iter("shaoxing:home:*:zh_Hans_CN"))
    assert _tokenless(app.get("/").body) == drawn           # from the cache
    assert app.get("/en/").body != drawn and "公交线路" in app.get("/en/").body     # a language of its own


def test_created_updated_and_deleted_entries_show_on_the_next_page(app, department):
    assert titles(app.get("/").body, "shaoxing-latest") == ["公交线路"]
    factories.entry(department, name="parking", title="停车场", domain="health")
    body = app.get("/")
    assert titles(body.body, "shaoxing-latest") == ["停车场", "公交线路"]
    assert domain_count(body.body, "health") == 1
    helpers.call_action("package_patch", factories.as_site(), id="parking", title="停车泊位")
    assert titles(app.get("/").body, "shaoxing-latest") == ["停车泊位", "公交线路"]
    helpers.call_action("organization_patch", factories.as_site(), id="sx-transport", title="市交通局")
    assert "市交通局</a>" in section(app.get("/").body, "shaoxing-top-departments")
    helpers.call_action("package_delete", factories.as_site(), id="parking")
    body = app.get("/").body
    assert titles(body, "shaoxing-latest") == ["公交线路"] and domain_count(body, "health") == 0


def test_downloads_counted_and_indexed_reorder_the_most_downloaded_on_the_next_page(app, department):
    factories.entry(department, name="parking", title="停车场")
    assert titles(app.get("/").body, "shaoxing-popular") == ["停车场", "公交线路"]    # no downloads: newest first
    counters.count("download", helpers.call_action("package_show", id="bus")["resources"][0]["id"], 3)
    flush()
    assert titles(app.get("/").body, "shaoxing-popular") == ["公交线路", "停车场"]


@pytest.mark.parametrize("first", ["sysadmin", "member"])
def test_private_and_draft_entries_never_show_whoever_drew_the_page_first(app, department, first):
    factories.entry(department, name="secret", title="内部草稿", private=True)
    factories.entry(department, name="unfinished", title="未完成条目", state="draft")
    user = ckan_factories.Sysadmin() if first == "sysadmin" else ckan_factories.User()
    if first == "member":
        helpers.call_action("organization_member_create", id=department["id"], username=user["name"], role="editor")
    token = ckan_factories.APIToken(user=user["name"])["token"]
    for headers in ({"Authorization": token}, {}):            # then anonymous, from the cache
        body = app.get("/", headers=headers).body
        assert "内部草稿" not in body and "未完成条目" not in body
        assert titles(body, "shaoxing-latest") == ["公交线路"]
        assert domain_count(body, "transport") == 1
        assert ">1</span>" in section(body, "shaoxing-top-departments")


def test_the_portals_view_keeps_ckans_notice_to_an_account_without_an_email_address(app, department):
    from ckan import model
    user = ckan_factories.User()
    model.User.get(user["id"]).email = ""
    model.Session.commit()
    app.set_session_user(user["name"])
    body = app.get("/en/").body
    assert "update your profile" in body and "shaoxing-figures" in body
