"""What the gate costs a key's call: one SQL statement (the key, its company, its grant and the
resource's quarantine, prepared once per connection) and one Redis script (limits, quota and,
outside a request, the count). Cheaper, and still refusing at once what was revoked, suspended or
quarantined since the last call on the same connection."""
from __future__ import annotations

import contextlib
import datetime as dt

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa
from ckan.tests import helpers

from ckanext.shaoxing.access import counting, gate, quota
from ckanext.shaoxing.governance.model import quarantine
from tests.access.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


@contextlib.contextmanager
def statements():
    seen: list[str] = []

    def record(conn, cursor, statement, *args):
        seen.append(statement)
    engine = model.Session.get_bind()
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


def subjects(world) -> tuple[dict, dict]:
    pkg = world.entry
    return {"id": pkg["resources"][0]["id"], "package_id": pkg["id"]}, pkg


def test_a_keys_call_is_one_statement_and_counted_once(app, world):
    key = world.granted_key()
    resource, package = subjects(world)
    with app.flask_app.app_context():
        assert gate.decide(resource, package, None, key, "127.0.0.1").allowed   # prepares on this connection
        with statements() as seen:
            decision = gate.decide(resource, package, None, key, "127.0.0.1")
        assert decision.allowed and len(seen) == 1 and seen[0].startswith("EXECUTE shaoxing_key_holder")
        counted = [row for row in counting.pending() if row["key_id"] == decision.key_id]
        assert [row["calls"] for row in counted] == [2]
        limit = tk.config.get("ckanext.shaoxing.access.daily_quota")
        assert quota.used_today([(decision.company_id, package["id"], limit)]) == [2]


def test_revoked_suspended_or_quarantined_since_the_last_call_is_refused_at_once(app, world):
    key = world.granted_key()
    resource, package = subjects(world)
    with app.flask_app.app_context():
        assert gate.decide(resource, package, None, key).allowed
        model.Session.execute(quarantine.insert().values(
            resource_id=resource["id"], package_id=package["id"], state="quarantined", findings=[],
            found_at=dt.datetime(2026, 5, 1)))
        model.Session.commit()
        refused = gate.decide(resource, package, None, key)
        assert refused.status == 403 and "隔离" in refused.reason[0]
        model.Session.execute(sa.delete(quarantine))
        model.Session.commit()
        assert gate.decide(resource, package, None, key).allowed
        helpers.call_action("shaoxing_company_suspend", {"user": world.users["sysadmin"]}, id=world.company["id"],
                            reason="违反数据安全承诺")
        assert gate.decide(resource, package, None, key).status == 403
        helpers.call_action("shaoxing_company_decide", {"user": world.users["sysadmin"]}, id=world.company["id"],
                            decision="approve")
        assert gate.decide(resource, package, None, key).allowed
        key_id = gate.decide(resource, package, None, key, consume=False).key_id
        helpers.call_action("shaoxing_app_key_revoke", {"user": world.users["applicant"]}, id=key_id)
        refused = gate.decide(resource, package, None, key)
        assert refused.status == 403 and refused.reason == gate.BAD_KEY
