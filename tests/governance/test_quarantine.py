"""A resource with unmasked personal data is refused on every data path to everyone but its
department and sysadmins; a sysadmin's override (with a recorded reason) serves it again, and a
fixed file leaves the quarantine."""
import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import helpers

from ckanext.shaoxing.interfaces import jobs as loading
from tests import factories
from tests.conftest import PLUGINS
from tests.governance.conftest import COMPLETE, check, transport
from tests.governance.test_privacy import made_up_ids
from tests.interfaces.conftest import replace, token, upload

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]
CODE = "SX-JT-2024-0009"
ITEMS = [{"field_name": "name", "field_label": "姓名", "field_type": "string"},
         {"field_name": "idno", "field_label": "证件号码", "field_type": "string"}]
LEAKY = "name,idno\n" + "".join(f"测试{i},{v}\n" for i, v in enumerate(made_up_ids(4)))
FIXED = "name,idno\n" + "".join(f"测试{i},{v[:4]}**********{v[-4:]}\n" for i, v in enumerate(made_up_ids(4)))


@pytest.fixture
def leaky(worlds):
    """An entry of the transport department whose loaded file holds resident ids, quarantined by
    its check: built once, restored for every test after."""
    return worlds("quarantine", lambda: _leaky(transport()))


@pytest.fixture
def org(leaky):
    """The entry's department, the world's own (conftest's `org` would make a second one)."""
    return leaky["organization"]


def _leaky(org):
    pkg = factories.entry(org, **{**COMPLETE, "data_items": ITEMS, "record_count": "4"}, catalog_code=CODE,
                          resources=[{"url": f"https://data.sx.gov.cn/api/open/{CODE}/1", "name": "接口",
                                      "format": "API", "interface_type": "open_api"}])
    res = upload(pkg["id"], "people.csv", LEAKY.encode(), "CSV")
    assert loading.load(res["id"])["state"] == "complete"
    result = check(pkg)
    assert result["privacy"][0]["state"] == "quarantined"
    pkg["file"] = res
    return pkg


def fetch(app, url, user=""):
    """GET a page, or POST an action's parameters (CKAN's API wants POST for the DataStore)."""
    if isinstance(url, tuple):
        return app.post(url[0], json=url[1], headers=token(user))
    return app.get(url, headers=token(user))


def paths(pkg) -> dict:
    rid = pkg["file"]["id"]
    return {"download": f"/dataset/{pkg['id']}/resource/{rid}/download/people.csv",
            "datastore_search": ("/api/action/datastore_search", {"resource_id": rid}),
            "datastore_info": ("/api/action/datastore_info", {"id": rid}),
            "dump": f"/datastore/dump/{rid}", "dump_xlsx": f"/datastore/dump/xlsx/{rid}",
            "open_api": f"/api/open/{CODE}/1"}


@pytest.mark.parametrize("role", ["anonymous", "user", "other_editor"])
def test_every_data_path_refuses_others(app, org, leaky, role):
    user = (factories.user_in_role("editor", factories.department()) if role == "other_editor"
            else factories.user_in_role(role, org))
    for name, url in paths(leaky).items():
        r = fetch(app, url, user)
        # the data gate answers each path, the dump too, with 403 and the reason
        assert r.status_code == 403, (name, r.status_code, r.get_data(as_text=True)[:300])
        assert "隔离" in r.get_data(as_text=True) or "\\u9694\\u79bb" in r.get_data(as_text=True), name
    page = app.get(f"/dataset/{leaky['id']}/resource/{leaky['file']['id']}", headers=token(user)).get_data(as_text=True)
    assert "shaoxing-quarantined" in page and "datatables" not in page.split("shaoxing-quarantined")[1][:2000]


@pytest.mark.parametrize("role", ["anonymous", "member", "sysadmin"])
def test_the_published_catalogue_leaves_a_quarantined_resource_out_for_everyone(app, org, leaky, role):
    """Harvesters copy the DCAT catalogue and the page markup and pass them on: a quarantined file
    is in neither, whoever asks (the catalogue is the public one for everyone); the entry's other
    resources stay."""
    import re
    user = factories.user_in_role(role, org) if role != "anonymous" else None
    for path in (f"/dataset/{leaky['name']}.ttl", "/catalog.ttl"):
        text = app.get(path, headers=token(user)).get_data(as_text=True)
        assert leaky["file"]["id"] not in text and "people.csv" not in text, path
        assert f"/api/open/{CODE}/1" in text, path
    page = app.get(f"/dataset/{leaky['name']}", headers=token(user)).get_data(as_text=True)
    markup = "".join(re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S))
    assert markup and leaky["file"]["id"] not in markup and "people.csv" not in markup


@pytest.mark.parametrize("role", ["member", "editor", "sysadmin"])
def test_the_department_and_sysadmins_are_served(app, org, leaky, role):
    user = factories.user_in_role(role, org)
    for name, url in paths(leaky).items():
        r = fetch(app, url, user)
        assert r.status_code == 200, (name, r.status_code)
    page = app.get(f"/dataset/{leaky['id']}/resource/{leaky['file']['id']}", headers=token(user)).get_data(as_text=True)
    assert "shaoxing-quarantined" not in page


def test_a_sysadmins_override_is_recorded_and_serves_it(app, org, leaky):
    editor, admin = factories.user_in_role("editor", org), factories.user_in_role("sysadmin")
    rid = leaky["file"]["id"]
    with pytest.raises(tk.NotAuthorized):
        helpers.call_action("shaoxing_quarantine_override", {"user": editor, "ignore_auth": False}, resource_id=rid,
                            reason="需要")
    with pytest.raises(tk.ValidationError):
        helpers.call_action("shaoxing_quarantine_override", {"user": admin}, resource_id=rid, reason="   ")
    state = helpers.call_action("shaoxing_quarantine_override", {"user": admin}, resource_id=rid,
                                reason="测试数据，号码非真实 / test numbers, nobody's")
    assert state["state"] == "overridden" and state["override_by"] == admin and "test numbers" in state["override_reason"]
    assert state["findings"] == [{"column": "idno", "kind": "resident_id", "count": 4}]
    for name, url in paths(leaky).items():
        assert fetch(app, url).status_code == 200, name
    assert check(leaky)["privacy"][0]["state"] == "overridden"          # the same file: the override holds


def test_a_fixed_file_leaves_the_quarantine_and_a_new_leak_enters_it(app, org, leaky):
    rid = leaky["file"]["id"]
    replace(rid, "people.csv", FIXED.encode(), "CSV")
    result = check(leaky)
    assert result["privacy"][0]["findings"] == [] and result["privacy"][0]["masked"] == [{"column": "idno", "count": 4}]
    assert app.get(paths(leaky)["download"]).status_code == 200
    replace(rid, "people.csv", LEAKY.encode(), "CSV")
    check(leaky)
    assert app.get(paths(leaky)["download"]).status_code == 403


def test_the_quarantine_is_shown_to_the_department_only(org, leaky):
    rid = leaky["file"]["id"]
    member = factories.user_in_role("member", org)
    assert helpers.call_action("shaoxing_quarantine_show", {"user": member}, resource_id=rid)["quarantined"]
    for user in ("", factories.user_in_role("user"), factories.user_in_role("editor", factories.department())):
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action("shaoxing_quarantine_show", {"user": user, "ignore_auth": False}, resource_id=rid)
    listed = helpers.call_action("shaoxing_quality_list", {"user": member}, organization=org["name"])["quarantine"]
    assert [(q["resource_name"], q["findings"][0]["count"]) for q in listed] == [("people.csv", 4)]
