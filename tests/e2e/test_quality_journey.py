"""A department editor opens the quality report of a faulty entry and asks for a re-check; a
citizen sees only the badge, and the quarantined file is refused to them."""

import pytest
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers
from playwright.sync_api import expect

from ckanext.shaoxing.governance import run
from tests import factories
from tests.conftest import PLUGINS
from tests.e2e import conftest as e2e
from tests.e2e.conftest import shot
from tests.governance.conftest import GOOD, entry_with
from tests.governance.test_privacy import made_up_ids

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]
PASSWORD = "e2e-Quality-Pass-1"


def login(browser, portal, user):
    return e2e.login(browser, portal, user, PASSWORD)


def test_editor_reads_the_report_of_a_faulty_entry(portal, browser, page):
    org = factories.department(name="sx-transport", title="市交通运输局")
    ckan_factories.User(name="editor", password=PASSWORD, email="editor@example.com")
    helpers.call_action("organization_member_create", id=org["id"], username="editor", role="editor")
    faulty = entry_with(org, GOOD + GOOD.split("\n", 1)[1], name="parking-dups", title="停车场（重复行）")
    run.check(faulty["id"])
    people = "name,idno\n" + "".join(f"测试{i},{v}\n" for i, v in enumerate(made_up_ids(3)))
    leaky = entry_with(org, people, name="people", title="登记信息", data_items=[], record_count="3")
    run.check(leaky["id"])

    # A citizen: the public badge, no report link, the quarantined file refused.
    page.goto(portal + "/dataset/parking-dups")
    expect(page.locator(".quality-badge")).to_contain_text("未通过")
    expect(page.locator(".quality-report-link")).to_have_count(0)
    assert page.request.get(portal + f"/dataset/people/resource/{leaky['file']['id']}/download/stations.csv").status == 403

    editor = login(browser, portal, "editor")
    editor.goto(portal + "/dataset/parking-dups")
    editor.get_by_role("link", name="质量报告").click()
    editor.wait_for_url("**/dataset/parking-dups/quality")
    expect(editor.locator("h1")).to_contain_text("质量报告")
    expect(editor.locator(".verdict")).to_have_text("未通过")
    expect(editor.locator(".dimension-uniqueness .score")).to_have_text("0")
    expect(editor.locator(".dimension-uniqueness")).to_contain_text("40 行与前面的行完全相同")
    shot(editor, "department-quality-report", full_page=True)
    editor.get_by_role("button", name="重新检查").click()
    editor.wait_for_url("**/dataset/parking-dups/quality")
    expect(editor.locator(".alert-success")).to_contain_text("已排队")

    editor.goto(portal + "/dataset/people/quality")
    finding = editor.locator(".privacy-finding")
    expect(finding).to_contain_text("idno")
    expect(finding).to_contain_text("身份证号码")
    expect(finding.locator(".count")).to_have_text("3")
    expect(editor.locator("body")).not_to_contain_text(made_up_ids(1)[0])   # columns and counts, never values
    editor.goto(portal + "/en/dataset/parking-dups/quality")
    expect(editor.locator(".dimension-uniqueness")).to_contain_text("40 rows repeat an earlier row")
