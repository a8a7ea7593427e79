"""Finding 3: an account cannot make itself a department. Only sysadmins create and delete
organizations and groups; shared interfaces answer members of organizations the bureau marked as
departments, and only a sysadmin sets that mark."""
import pytest
from ckan.plugins import toolkit as tk
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers

from ckanext.shaoxing.seed import departments as seed_departments
from tests import factories
from tests.conftest import PLUGINS, ROOT
from tests.interfaces.conftest import interface_entry, token

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]
SHARED = "/api/share/SX-JT-2024-0001/1"


def _org_admin_of_plain_organization() -> tuple[str, dict]:
    """An organization a sysadmin made without the department mark, with an ordinary account as its admin."""
    org = factories.department(department="false")
    return factories.user_in_role("user"), org


@pytest.mark.parametrize("action", ["organization_create", "group_create"])
def test_a_self_registered_account_cannot_create_an_organization_or_group(app, action):
    user = ckan_factories.User()
    with pytest.raises(tk.NotAuthorized):
        tk.check_access(action, {"user": user["name"]}, {"name": "mine"})
    r = app.post(f"/api/3/action/{action}", json={"name": "mine", "title": "我的部门"}, headers=token(user["name"]))
    assert r.status_code == 403 and r.json["success"] is False
    assert helpers.call_action("organization_list" if action == "organization_create" else "group_list") == []
    # the web form refuses too
    assert app.get(f"/{action.split('_')[0]}/new", headers=token(user["name"])).status_code == 403


def test_an_organization_admin_cannot_delete_it(app):
    org = factories.department()
    admin = factories.user_in_role("user")
    helpers.call_action("organization_member_create", id=org["id"], username=admin, role="admin")
    with pytest.raises(tk.NotAuthorized):
        tk.check_access("organization_delete", {"user": admin}, {"id": org["id"]})
    tk.check_access("organization_delete", {"user": factories.user_in_role("sysadmin")}, {"id": org["id"]})


def test_members_of_an_organization_that_is_not_a_department_do_not_call_shared_interfaces(app):
    interface_entry(factories.department(name="transport"))
    user, plain = _org_admin_of_plain_organization()
    helpers.call_action("organization_member_create", id=plain["id"], username=user, role="admin")
    r = app.get(SHARED, headers=token(user))
    assert r.status_code == 403 and "members of a department" in r.json["error"]["message"]
    # a member of a marked department (any department, any role) is answered
    member = factories.user_in_role("member", factories.department())
    assert app.get(SHARED, headers=token(member)).status_code == 200


def test_only_a_sysadmin_marks_a_department(app):
    interface_entry(factories.department(name="transport"))
    user, plain = _org_admin_of_plain_organization()
    helpers.call_action("organization_member_create", id=plain["id"], username=user, role="admin")
    # the organization's own admin may edit it, but not mark it
    with pytest.raises(tk.ValidationError) as e:
        helpers.call_action("organization_patch", {"user": user}, id=plain["id"], department="true")
    assert "department" in e.value.error_dict
    r = app.post("/api/3/action/organization_patch", json={"id": plain["id"], "department": "yes"},
                 headers=token(user))
    assert r.status_code == 409 and "department" in r.json["error"]
    assert app.get(SHARED, headers=token(user)).status_code == 403
    # editing other fields keeps the mark as it is, whoever edits
    helpers.call_action("organization_patch", {"user": user}, id=plain["id"], title="改名")
    assert helpers.call_action("organization_show", id=plain["id"])["department"] == "false"
    # junk is an error naming the field, never a 500
    r = app.post("/api/3/action/organization_patch", json={"id": plain["id"], "department": "maybe"},
                 headers=token(factories.user_in_role("sysadmin")))
    assert r.status_code == 409 and "department" in r.json["error"]
    # the sysadmin marks it: its members are answered; the mark survives the admin's edits
    helpers.call_action("organization_patch", {"user": factories.user_in_role("sysadmin")}, id=plain["id"],
                        department="true")
    helpers.call_action("organization_patch", {"user": user}, id=plain["id"], title="再改名")
    assert helpers.call_action("organization_show", id=plain["id"])["department"] == "true"
    assert app.get(SHARED, headers=token(user)).status_code == 200
    # and clears it again
    helpers.call_action("organization_patch", {"user": factories.user_in_role("sysadmin")}, id=plain["id"],
                        department="false")
    assert app.get(SHARED, headers=token(user)).status_code == 403


def test_the_mark_is_offered_on_the_form_to_sysadmins_only(app):
    org = factories.department()
    admin = factories.user_in_role("user")
    helpers.call_action("organization_member_create", id=org["id"], username=admin, role="admin")
    page = app.get(f"/organization/edit/{org['name']}", headers=token(admin)).get_data(as_text=True)
    assert "field-department" not in page
    page = app.get(f"/organization/edit/{org['name']}",
                   headers=token(factories.user_in_role("sysadmin"))).get_data(as_text=True)
    assert 'id="field-department"' in page


def test_the_seeded_department_list_is_marked():
    rows = seed_departments.read(ROOT / "catalog_seed" / "departments.csv")
    assert rows and all(row["department"] == "true" for row in rows)
