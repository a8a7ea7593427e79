"""A key is never stored, logged or echoed: after creating, listing, rotating, calling with it
and failing with it, neither a dump of the database, nor Redis, nor the log, nor any answer holds
the key or its secret part."""
from __future__ import annotations

import logging
import os
import subprocess

import pytest
from ckan.tests import helpers

from tests.access.conftest import PLUGINS, key_header

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

PG_DUMP = "/usr/lib/postgresql/15/bin/pg_dump"


def test_no_plaintext_key_anywhere(app, world, caplog):
    from ckan.lib.redis import connect_to_redis

    from ckanext.shaoxing.access import counting
    caplog.set_level(logging.DEBUG)
    for name in logging.root.manager.loggerDict:
        if name.startswith("ckanext.shaoxing"):
            logging.getLogger(name).disabled = False
    world.approve(world.apply()["id"])
    created = world.key()
    key = created["key"]
    secret = key.split("_", 2)[2]      # sxk_<hex prefix>_<secret>: the secret may hold "_" too, even last
    answers = [app.get("/api/open/SX-JT-2024-0001/1", headers=key_header(key)),
               app.get("/api/open/SX-JT-2024-0001/1", headers=key_header(key[:-1] + "A")),
               app.get("/api/open/SX-JT-2024-0001/1", query_string={"app_key": key}),
               app.post("/api/3/action/package_patch", json={"id": world.entry["id"]}, headers=key_header(key)),
               app.post("/api/3/action/shaoxing_app_key_list", json={}, headers=key_header(key))]
    listed = helpers.call_action("shaoxing_app_key_list", {"user": world.users["applicant"]})
    rotated = helpers.call_action("shaoxing_app_key_rotate", {"user": world.users["applicant"]}, id=created["id"])
    counting.flush()
    assert answers[0].status_code == 200
    for r in answers:
        assert secret not in r.get_data(as_text=True)
    assert secret not in str(listed) and listed[0]["prefix"].startswith("sxk_") and "key" not in listed[0]
    assert secret not in caplog.text and rotated["key"].split("_", 2)[2] not in caplog.text
    url = os.environ.get("CKAN_SQLALCHEMY_URL") or helpers.config["sqlalchemy.url"]
    dump = subprocess.run([PG_DUMP, "--data-only", url], capture_output=True, text=True, check=True).stdout
    assert "shaoxing_app_key" in dump and created["prefix"][4:16] in dump     # the prefix is stored…
    assert secret not in dump and rotated["key"].split("_", 2)[2] not in dump   # …the key never
    redis = connect_to_redis()
    for name in redis.scan_iter("*"):
        assert secret not in name.decode()
        kind = redis.type(name).decode()
        if kind == "hash":
            assert secret not in str(redis.hgetall(name))
        elif kind == "string":
            assert secret not in str(redis.get(name))
