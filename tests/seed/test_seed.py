"""`ckan shaoxing seed`: departments and demo accounts, safe to run again."""
import pathlib

import pytest
from ckan import model
from ckan.cli.cli import ckan
from ckan.tests import helpers

from tests.conftest import PLUGINS

ROOT = pathlib.Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]
ENV = {"DEMO_SYSADMIN_PASSWORD": "Admin-pass-1234", "DEMO_EDITOR_PASSWORD": "Editor-pass-1234",
       "DEMO_USER_PASSWORD": "User-pass-1234"}


def seed(cli, env=ENV):
    result = cli.invoke(ckan, ["shaoxing", "seed", "--departments", str(ROOT / "catalog_seed/departments.csv")],
                        env=env)
    assert result.exit_code == 0, result.output
    return result.output


def test_seed_creates_departments_and_accounts_and_is_idempotent(cli):
    assert "departments: created 24, updated 0" in seed(cli)
    bureau = helpers.call_action("organization_show", id="sx-data-bureau")
    assert bureau["title"] == "市数据局" and len(bureau["credit_code"]) == 18
    # every department introduces itself (its pages and the entries' sidebars show it)
    orgs = helpers.call_action("organization_list", all_fields=True, limit=100)
    assert len(orgs) == 24 and all(o["description"].startswith("负责") for o in orgs)
    assert model.User.get("sx_admin").sysadmin is True
    assert model.User.get("sx_citizen").sysadmin is False
    members = helpers.call_action("member_list", id="sx-transport", object_type="user", capacity="editor")
    assert model.User.get("sx_editor").id in [m[0] for m in members]

    again = seed(cli, dict(ENV, DEMO_USER_PASSWORD="Changed-pass-5678"))
    assert "departments: created 0, updated 0" in again
    assert model.User.get("sx_citizen").validate_password("Changed-pass-5678")


def test_no_passwords_no_accounts(cli):
    assert "accounts: none" in seed(cli, {})
    assert model.User.get("sx_admin") is None
