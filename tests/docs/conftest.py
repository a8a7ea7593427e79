"""The world the API guide's examples are written against (docs/api/): the transport bureau
with an open entry and a conditional one, each with a loaded table, an open API and a shared
interface; a verified company holding a grant on the conditional entry and an app key; a
contest. The names are the ones the examples print."""
from __future__ import annotations

import dataclasses

import pytest
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers

from tests import factories
from tests.access.conftest import company, sysadmin_name
from tests.interfaces.conftest import interface_entry, site_user

PASSWORD = "Docs-examples-2026"


@dataclasses.dataclass
class World:
    env: dict           # the shell variables the examples use


def api_token(user: str) -> str:
    return helpers.call_action("api_token_create", {"user": user}, user=user, name="docs")["token"]


def grant(company_user: str, editor: str, package_id: str, **decision) -> dict:
    request = helpers.call_action(
        "shaoxing_access_request_create", {"user": company_user}, package_id=package_id, purpose="公交出行规划",
        scenario="出行 App 的实时站点查询", app_name="绍兴出行", security_measures="专网存储、最小授权",
        period_days=90, accept_commitment=True)
    return helpers.call_action("shaoxing_access_request_decide", {"user": editor}, id=request["id"],
                               decision="approve", **decision)


@pytest.fixture
def world(portal) -> World:
    from tests.access import conftest as access
    access._sysadmin.clear()
    org = factories.department(name="transport", title="市交通运输局")
    open_entry = interface_entry(org, name="bus-stations", code="SX-JT-2024-0001")
    conditional = interface_entry(org, open_level="conditional", name="bus-permits", code="SX-JT-2024-0002")
    metered = interface_entry(org, open_level="conditional", name="bus-gps", code="SX-JT-2024-0003")
    for entry, title in ((open_entry, "公交站点信息"), (conditional, "公交经营许可信息"), (metered, "公交车辆实时位置")):
        helpers.call_action("package_patch", {"user": site_user()}, id=entry["id"], title=title)
    for name in ("acme", "clerk"):
        ckan_factories.User(name=name, password=PASSWORD, email=f"{name}@example.com")
    helpers.call_action("organization_member_create", id=org["id"], username="clerk", role="editor")
    company("acme", 1)
    grant("acme", "clerk", conditional["id"])
    grant("acme", "clerk", metered["id"], daily_quota=1)
    key = helpers.call_action("shaoxing_app_key_create", {"user": "acme"}, label="生产服务器")["key"]
    helpers.call_action("contest_create", {"user": sysadmin_name()}, name="sx-contest-3",
                        title="绍兴市第三届公共数据开放创新应用大赛", edition=3,
                        phases=[{"code": "registration", "opens": "2030-03-01T09:00:00+08:00",
                                 "closes": "2030-03-11T09:00:00+08:00"},
                                {"code": "preliminary", "opens": "2030-03-11T09:00:00+08:00",
                                 "closes": "2030-03-21T09:00:00+08:00", "judging_closes": "2030-03-26T09:00:00+08:00"}])
    return World(env={"PORTAL": portal, "APP_KEY": key, "COMPANY_TOKEN": api_token("acme"),
                      "EDITOR_TOKEN": api_token("clerk"), "TABLE_ID": open_entry["table"]["id"],
                      "CONDITIONAL_TABLE_ID": conditional["table"]["id"]})
