"""The contest from registration to the gallery in a real browser: a team registers and submits
an app citing two datasets with a screenshot, a judge scores it, the admin publishes the
results, and the app shows in the gallery and on both datasets' pages. The portal runs in its
own processes on the real clock, so the admin moves the contest's calendar between steps."""
import datetime as dt

import pytest
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers
from playwright.sync_api import expect

from ckanext.shaoxing.clock import TZ
from tests import factories
from tests.conftest import PLUGINS
from tests.contest.conftest import png
from tests.e2e import conftest as e2e

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]
PASSWORD = "Contest-journey-2030"
H = dt.timedelta(hours=1)


def calendar(now_in: str) -> list[dict]:
    """Registration → preliminary, placed so that the server's now is in `now_in`."""
    now = dt.datetime.now(TZ)
    start = {"registration": now - H, "preliminary": now - 3 * H, "judging": now - 5 * H, "after": now - 10 * H}[now_in]
    return [{"code": "registration", "opens": start.isoformat(), "closes": (start + 2 * H).isoformat()},
            {"code": "preliminary", "opens": (start + 2 * H).isoformat(), "closes": (start + 4 * H).isoformat(),
             "judging_closes": (start + 6 * H).isoformat()}]


def move(contest, sysadmin, now_in):
    helpers.call_action("contest_update", {"user": sysadmin}, id=contest, phases=calendar(now_in))


def login(browser, portal, user):
    return e2e.login(browser, portal, user, PASSWORD)


def test_register_submit_judge_publish_gallery(portal, browser, page, tmp_path):
    org = factories.department(name="sx-transport", title="市交通运输局")
    bus = factories.entry(org, name="bus-lines", title="越城区公交线路信息")
    bikes = factories.entry(org, name="bikes", title="绍兴市公共自行车租赁点信息")
    for name in ("leader", "judge", "boss"):
        ckan_factories.User(name=name, password=PASSWORD, email=f"{name}@example.com", sysadmin=name == "boss")
    helpers.call_action("contest_create", {"user": "boss"}, name="sx-e2e", title="绍兴市第三届公共数据开放创新应用大赛",
                        edition=3, phases=calendar("registration"))

    leader = login(browser, portal, "leader")
    leader.goto(portal + "/contest/sx-e2e")
    expect(leader.locator(".contest-state")).to_have_text("报名中")
    expect(leader.locator(".time-left")).to_contain_text("剩余时间")
    e2e.shot(leader, "contest-registration", full_page=True)
    leader.fill("#team-name", "智慧出行队")
    leader.select_option("#team-track", "transport")
    leader.fill("#team-org", "越城科技有限公司")
    leader.get_by_role("button", name="提交报名").click()
    expect(leader.locator(".team-name")).to_have_text("智慧出行队")

    move("sx-e2e", "boss", "preliminary")
    leader.reload()
    shot = tmp_path / "screen.png"
    shot.write_bytes(png())
    form = leader.locator(".submission-preliminary form")
    form.locator("[name=title]").fill("公交骑行一站通")
    form.locator("[name=dataset_ids]").fill("bus-lines, bikes")
    form.locator("[name=screenshots_upload]").set_input_files(str(shot))
    form.get_by_role("button", name="保存作品").click()
    expect(leader.locator(".flash-messages")).to_contain_text("作品已保存")
    expect(leader.locator(".submission-title")).to_contain_text("公交骑行一站通")
    expect(leader.locator("img.screenshot")).to_have_count(1)
    e2e.shot(leader, "contest-team", full_page=True)

    helpers.call_action("contest_judge_assign", {"user": "boss"}, contest_id="sx-e2e", phase="preliminary", user="judge")
    move("sx-e2e", "boss", "judging")
    judge = login(browser, portal, "judge")
    judge.goto(portal + "/contest/sx-e2e/judge")
    entry = judge.locator(".judge-entry")
    expect(entry).to_contain_text("公交骑行一站通")
    expect(entry).not_to_contain_text("智慧出行队")   # anonymous preliminary
    e2e.shot(judge, "contest-judge", full_page=True)
    for field in entry.locator("input[type=number]").all():
        field.fill("88")
    entry.get_by_role("button", name="保存评分").click()
    expect(judge.locator(".my-total")).to_contain_text("88")

    move("sx-e2e", "boss", "after")
    boss = login(browser, portal, "boss")
    boss.goto(portal + "/contest/sx-e2e/admin")
    expect(boss.locator(".ranking-preliminary")).to_contain_text("智慧出行队")
    boss.locator(".ranking-preliminary select").first.select_option("first")
    e2e.shot(boss, "contest-admin", full_page=True)
    boss.get_by_role("button", name="发布结果").click()
    expect(boss.locator(".flash-messages")).to_contain_text("结果已发布")

    page.goto(portal + "/contest/sx-e2e/gallery")
    app = page.locator(".gallery-entry")
    expect(app).to_contain_text("公交骑行一站通")
    expect(app).to_contain_text("一等奖")
    expect(app).to_contain_text("智慧出行队")
    image = app.locator("img.screenshot")
    expect(image).to_be_visible()
    e2e.shot(page, "contest-gallery")
    assert image.evaluate("img => img.naturalWidth") == 1
    for dataset in (bus, bikes):
        page.goto(portal + f"/dataset/{dataset['name']}")
        expect(page.locator(".contest-apps-count")).to_have_text("被 1 个大赛作品使用")
        page.locator(".contest-apps").get_by_role("link", name="公交骑行一站通").click()
        page.wait_for_url("**/contest/sx-e2e/gallery**")
