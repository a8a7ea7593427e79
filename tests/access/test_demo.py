"""The demo company of `make run`: verified, one grant on a conditional entry; a second run
changes nothing."""
from __future__ import annotations

import pytest
from ckan.cli.cli import ckan
from ckan.tests import helpers

from tests import factories
from tests.access.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


def test_demo_company_is_verified_with_one_grant_and_idempotent(cli):
    org = factories.department()
    factories.entry(org, name="cond", open_level="conditional", open_condition="须签署数据安全承诺书")
    helpers.call_action("user_create", {"ignore_auth": True}, name="sx_citizen", email="c@example.org",
                        password="Citizen-pass-2026")
    for _ in range(2):
        out = cli.invoke(ckan, ["shaoxing", "access", "demo"], env={"DEMO_COMPANY_PASSWORD": "Demo-company-2026"})
        assert out.exit_code == 0, out.output
        assert "grant on cond" in out.output
    comp = helpers.call_action("shaoxing_company_show", {"user": "sx_company"})
    assert comp["state"] == "verified"
    grants = helpers.call_action("shaoxing_grant_list", {"user": "sx_company"})
    assert [(g["package_name"], g["state"]) for g in grants] == [("cond", "active")]
    # The demo citizen is invited, not enrolled: a member only once it accepts.
    assert {"name": "sx_citizen", "role": "member", "state": "invited"} in comp["members"]
    assert helpers.call_action("shaoxing_company_invitation_list", {"user": "sx_citizen"})[0]["company_id"] == comp["id"]
    assert len(helpers.call_action("shaoxing_company_list", {"user": factories.user_in_role("sysadmin")})) == 1


def test_demo_needs_its_password(cli):
    out = cli.invoke(ckan, ["shaoxing", "access", "demo"], env={"DEMO_COMPANY_PASSWORD": ""})
    assert out.exit_code != 0
