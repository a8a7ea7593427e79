"""One world with an account in every role: a citizen, a company's member (verified), a
department's editor, a contest entrant (a team's leader) and a sysadmin; every password PASSWORD
(the browser journeys log in through the form)."""
from __future__ import annotations

import pytest
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers

from tests import factories
from tests.access.conftest import company
from tests.contest.conftest import at, call, phases

PASSWORD = "Roles-pass-2026"
ROLES = ("citizen", "company", "editor", "entrant", "sysadmin")


@pytest.fixture
def cast(worlds) -> dict:
    """role → user name, plus "org" (the editor's department) and "contest"; built once."""
    return worlds("roles", _build)


def _build() -> dict:
    users = {role: ckan_factories.User(name=f"role-{role}", password=PASSWORD, email=f"{role}@example.com",
                                       sysadmin=role == "sysadmin")["name"] for role in ROLES}
    org = factories.department(name="sx-transport", title="市交通运输局")
    helpers.call_action("organization_member_create", id=org["id"], username=users["editor"], role="editor")
    factories.entry(org, name="bus-lines", title="公交线路", open_level="conditional",
                    open_condition="签署数据安全承诺书")
    company(users["company"], 1)
    c = call("contest_create", users["sysadmin"], name="sx-2030", title="绍兴市公共数据开放创新应用大赛", edition=3,
             phases=phases(), admins=[users["sysadmin"]], rules="## 规则")
    with at("registration"):
        call("contest_team_register", users["entrant"], contest_id="sx-2030", name="智慧交通队", track="transport",
             entrant_type="individual")
    return {**users, "org": org["name"], "contest": c["name"]}
