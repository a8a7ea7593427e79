"""An entry with a resource in a department, its editor, an editor of another department and a
sysadmin: the parties of the lost-update tests."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers

from tests import factories

PASSWORD = "Edits-pass-2026"


@dataclass
class Desk:
    org: dict
    other_org: dict
    entry: dict
    resource: dict
    editor: str
    second_editor: str
    stranger: str
    sysadmin: str


def desk() -> Desk:
    org = factories.department(name="sx-edits", title="市数据局")
    other = factories.department(name="sx-other", title="市交通运输局")
    users = {}
    for name in ("editor", "second_editor", "stranger"):
        users[name] = ckan_factories.User(name=f"edits-{name.replace('_', '-')}", password=PASSWORD)["name"]
    for name in ("editor", "second_editor"):
        helpers.call_action("organization_member_create", id=org["id"], username=users[name], role="editor")
    helpers.call_action("organization_member_create", id=other["id"], username=users["stranger"], role="editor")
    sysadmin = ckan_factories.Sysadmin(name="edits-admin", password=PASSWORD)["name"]
    entry = factories.entry(org, name="bus-lines", title="公交线路", notes="原摘要",
                            data_items=[{"field_name": "line", "field_label": "线路", "field_type": "string"}],
                            resources=[{"url": "https://example.org/lines.csv", "name": "线路表", "format": "CSV"}])
    return Desk(org, other, entry, entry["resources"][0], users["editor"], users["second_editor"],
                users["stranger"], sysadmin)


@pytest.fixture
def world(worlds) -> Desk:
    return worlds("edits", desk)
