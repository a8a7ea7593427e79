"""Every page of every journey (citizen, company, department editor, contest entrant, sysadmin) in
both languages, on a 360 px phone and a 1280 px desktop: nothing scrolls sideways, axe-core finds
no violation of WCAG 2.1 A/AA nor of its best practices on the whole page, and a screenshot of
each page lands in the test output. Then the 长辈版 switch: on, kept from page to page, larger text
and stronger contrast, still clean for axe, off again."""
from __future__ import annotations

import datetime as dt

import pytest
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers
from playwright.sync_api import expect

from ckanext.shaoxing.clock import TZ
from tests import factories
from tests.access.conftest import company
from tests.conftest import PLUGINS
from tests.e2e import a11y
from tests.e2e import conftest as e2e
from tests.interfaces.conftest import interface_entry

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]
PASSWORD = "Sweep-pass-2026"
H = dt.timedelta(hours=1)
ROLES = ("citizen", "company", "editor", "entrant", "sysadmin")


def _build() -> dict:
    org = factories.department(name="transport", title="市交通运输局")
    factories.department(name="health", title="市卫生健康委员会")
    stations = interface_entry(org)
    buses = interface_entry(org, open_level="conditional", name="buses", code="SX-JT-2024-0002")
    users = {role: ckan_factories.User(name=role, password=PASSWORD, email=f"{role}@example.com",
                                       sysadmin=role == "sysadmin")["name"] for role in ROLES}
    helpers.call_action("organization_member_create", id=org["id"], username="editor", role="editor")
    company("company", 1)
    helpers.call_action("shaoxing_app_key_create", {"user": "company"}, label="生产服务器")
    # the contest's registration open now (the portal runs on the real clock)
    now = dt.datetime.now(TZ)
    helpers.call_action("contest_create", {"user": "sysadmin"}, name="sx-sweep", edition=3,
                        title="绍兴市第三届公共数据开放创新应用大赛",
                        phases=[{"code": "registration", "opens": (now - H).isoformat(),
                                 "closes": (now + 400 * 24 * H).isoformat()},
                                {"code": "preliminary", "opens": (now + 400 * 24 * H).isoformat(),
                                 "closes": (now + 410 * 24 * H).isoformat(),
                                 "judging_closes": (now + 420 * 24 * H).isoformat()}])
    helpers.call_action("contest_team_register", {"user": "entrant"}, contest_id="sx-sweep", name="智慧出行队",
                        track="transport", entrant_type="enterprise", organization_name="越城科技有限公司")
    return {"stations": stations, "buses": buses, "users": users}


@pytest.fixture
def world(worlds):
    return worlds("sweep", _build)


def journeys(w: dict) -> list[tuple[str, str, str]]:
    """(role, name, path) of every page of every journey."""
    s, b = w["stations"], w["buses"]
    return [
        ("anonymous", "home", "/"),
        ("anonymous", "search", "/dataset/?q=站点"),
        ("anonymous", "search-none", "/dataset/?q=没有这样的数据xyz"),
        ("anonymous", "entry", f"/dataset/{s['name']}"),
        ("anonymous", "resource", f"/dataset/{s['name']}/resource/{s['table']['id']}"),
        ("anonymous", "interfaces", "/interfaces"),
        ("anonymous", "interface-doc", "/interfaces/open/SX-JT-2024-0001/1"),
        ("anonymous", "departments", "/organization/"),
        ("anonymous", "targets", "/targets"),
        ("citizen", "company-register", "/company/register"),
        ("company", "company", "/company"),
        ("company", "company-keys", "/company/keys"),
        ("company", "company-usage", "/company/usage"),
        ("company", "apply", f"/dataset/{b['name']}/apply"),
        ("editor", "entry-edit", f"/dataset/edit/{s['name']}"),
        ("editor", "review", "/access/review"),
        ("editor", "quality", "/organization/transport/quality"),
        ("entrant", "contests", "/contest"),
        ("entrant", "contest", "/contest/sx-sweep"),
        ("entrant", "team", "/contest/sx-sweep/team"),
        ("sysadmin", "admin", "/ckan-admin"),
        ("sysadmin", "admin-companies", "/ckan-admin/companies"),
        ("sysadmin", "admin-targets", "/ckan-admin/targets"),
        ("sysadmin", "admin-import", "/ckan-admin/catalog/import"),
        ("sysadmin", "admin-synonyms", "/ckan-admin/synonyms"),
    ]


# The outermost elements reaching past the screen's right edge: what to fix when a page is too wide.
WIDE = """width => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > width + 0.5 && !(e.parentElement.getBoundingClientRect().right > width + 0.5))
  .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + [...e.classList].join('.')
                        + ' (' + Math.round(e.getBoundingClientRect().right) + ')')"""


def _sessions(browser, portal) -> dict:
    """Each role's signed-in cookies, to open contexts of any size and language with."""
    states = {"anonymous": None}
    for role in ROLES:
        page = e2e.login(browser, portal, role, PASSWORD)
        states[role] = page.context.storage_state()
        page.context.close()
    return states


def _settle(page, name: str) -> None:
    if name == "resource":      # the preview fills its frame after the page's load
        expect(page.frame_locator("iframe").first.locator("tbody")).to_contain_text("越城区公交站", timeout=20000)


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_every_page_fits_and_passes_axe(portal, browser, world, prefix, width):
    from ckan import model
    model.Session.commit()
    states = _sessions(browser, portal)
    contexts, problems = {}, []
    try:
        for role, name, path in journeys(world):
            if role not in contexts:
                contexts[role] = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 800},
                                                     storage_state=states[role]).new_page()
            page = contexts[role]
            res = page.goto(portal + prefix + path)
            where = f"{prefix or '/zh'} {width}px {name} ({role})"
            if res.status != 200:
                problems.append(f"{where}: HTTP {res.status}")
                continue
            _settle(page, name)
            e2e.record(page, f"sweep-{prefix.strip('/') or 'zh'}-{width}-{name}")
            wide = page.evaluate("document.documentElement.scrollWidth")
            if wide > width:
                problems.append(f"{where}: {wide} px wide, because of {page.evaluate(WIDE, width)}")
            problems += [f"{where}: {line}" for line in a11y.summary(a11y.violations(page))]
    finally:
        for page in contexts.values():
            page.context.close()
    assert not problems, "\n".join(problems)


def test_the_care_mode_switch_persists_and_stays_accessible(portal, browser, world):
    page = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 800}).new_page()
    signed_in = e2e.login(browser, portal, "citizen", PASSWORD)           # a signed-in post needs the form's token
    forged = signed_in.context.request.post(portal + "/care-mode", form={"on": "1", "next": "/"}, max_redirects=0)
    assert forged.status in (400, 403) and "shaoxing_care" not in forged.headers.get("set-cookie", "")
    signed_in.context.close()
    page.goto(portal + "/dataset/")
    expect(page.locator("html")).to_have_class("js")
    normal = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    switch = page.get_by_role("switch", name="长辈版")
    expect(switch).to_have_attribute("aria-checked", "false")
    switch.click()
    page.wait_for_url("**/dataset/")
    expect(page.locator("html")).to_have_class("js shaoxing-care")
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 1.25 * normal
    page.goto(portal + f"/dataset/{world['stations']['name']}")            # another page, same mode
    expect(page.get_by_role("switch", name="长辈版")).to_have_attribute("aria-checked", "true")
    e2e.record(page, "sweep-care-360-entry")
    a11y.assert_clean(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.goto(portal + "/en/targets")                                      # the other language too
    expect(page.locator("html")).to_have_class("js shaoxing-care")
    a11y.assert_clean(page)
    page.keyboard.press("Tab")                                            # the focus is seen
    page.keyboard.press("Tab")
    assert page.evaluate("parseFloat(getComputedStyle(document.activeElement).outlineWidth)") >= 2
    page.get_by_role("switch").click()
    page.wait_for_url("**/en/targets")
    expect(page.locator("html")).to_have_class("js")
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") == normal
    page.set_viewport_size({"width": 1280, "height": 800})                # text zoomed to 200%
    for path in ("/en/targets", "/dataset/", "/interfaces/open/SX-JT-2024-0001/1"):
        page.goto(portal + path)
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280, path
    page.context.close()
