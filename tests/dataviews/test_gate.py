"""A view reads its table through the gate: a conditional table draws for its department, a
sysadmin and a company's granted key only (the others see the notice); a quarantined one draws
for nobody; the embed obeys the same rules and may be framed by any site."""
import pytest
from ckan.tests import helpers

from tests.access.conftest import LIMITS, key_header
from tests.access.conftest import _build as access_world
from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]



@pytest.fixture
def world(worlds):
    """The access tests' world (a conditional entry with a loaded table, its roles), shared."""
    return worlds("access", access_world, unread=LIMITS)


ALLOWED = {"anonymous": False, "other_editor": False, "applicant": False, "owner_editor": True, "sysadmin": True}


def _params(world):
    return {"resource_id": world.entry["table"]["id"], "group_by": "name"}


@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_the_aggregation_asks_the_gate(world, role):
    context = {"user": world.users[role], "ignore_auth": False}
    if ALLOWED[role]:
        assert helpers.call_action("shaoxing_view_aggregate", context, **_params(world))["rows"] == 2
    else:
        with pytest.raises(helpers.logic.NotAuthorized):
            helpers.call_action("shaoxing_view_aggregate", context, **_params(world))


def test_a_granted_key_reads_the_view_and_others_get_the_gates_answer(app, world):
    url = "/api/3/action/shaoxing_view_aggregate"
    refused = app.get(url, query_string=_params(world))
    assert refused.status_code == 403 and "X-App-Key" in refused.get_data(as_text=True)
    served = app.get(url, query_string=_params(world), headers=key_header(world.granted_key()))
    assert served.status_code == 200 and served.json["result"]["rows"] == 2


def test_a_conditional_tables_view_and_embed_draw_nothing_for_others(app, world):
    table = world.entry["table"]["id"]
    view = next(v for v in helpers.call_action("resource_view_list", id=table) if v["view_type"] == "shaoxing_chart")
    page = app.get(f"/dataset/{world.entry['name']}/resource/{table}?view_id={view['id']}").get_data(as_text=True)
    assert "data-sx-view" not in page         # the resource page shows the gate's own notice
    embed = app.get(f"/view/embed/{view['id']}")
    assert embed.status_code == 200 and "sx-dataview-notice" in embed.get_data(as_text=True)
    assert "frame-ancestors *" in embed.headers["Content-Security-Policy"]
    assert app.get("/view/embed/no-such-view").status_code == 404


def test_a_quarantined_table_draws_for_nobody(app, worlds):
    from tests.governance.test_quarantine import _leaky
    from tests.interfaces.conftest import transport
    leaky = worlds("quarantine", lambda: _leaky(transport()))
    rid = leaky["file"]["id"]
    for user in ("", helpers.call_action("get_site_user", {"ignore_auth": True})["name"]):
        with pytest.raises(helpers.logic.NotAuthorized):
            helpers.call_action("shaoxing_view_aggregate", {"user": user, "ignore_auth": False}, resource_id=rid,
                                group_by="name")
