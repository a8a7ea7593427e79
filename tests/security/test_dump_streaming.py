"""Finding 13: a granted app key downloads the whole DataStore dump in every format, on the real
gunicorn portal. The dump streams its later pages after the view has returned; they used to be
read without the request (its key, the gate's decision), refused, and the transfer cut (curl:
"transfer closed with outstanding read data remaining")."""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
import requests
from ckan.tests import helpers

from tests.access import conftest as access
from tests.access.conftest import PLUGINS, key_header

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

world = access.world     # the access suite's small world: a conditional entry with its table, companies

FORMATS = ("csv", "tsv", "json", "xml")
ROWS = 2     # the world's table (tests/interfaces/conftest.py CSV)


def rows(fmt: str, body: bytes) -> list:
    text = body.decode("utf-8-sig")
    if fmt in ("csv", "tsv"):
        table = list(csv.reader(io.StringIO(text), delimiter="," if fmt == "csv" else "\t"))
        assert table[0][:2] == ["_id", "name"], table[0]
        return table[1:]
    if fmt == "json":
        return json.loads(text)["records"]
    return ET.fromstring(text).findall("row")


def dump(portal: str, table_id: str, fmt: str, headers: dict) -> requests.Response:
    # Read to the end: a cut transfer raises ChunkedEncodingError here.
    r = requests.get(f"{portal}/datastore/dump/{table_id}", params={"format": fmt}, headers=headers, timeout=60)
    r.raise_for_status()
    return r


def test_a_granted_key_downloads_every_dump_format_to_its_end(portal, world):
    key = world.granted_key()
    table_id = world.entry["table"]["id"]
    for fmt in FORMATS:
        r = dump(portal, table_id, fmt, key_header(key))
        assert len(rows(fmt, r.content)) == ROWS, (fmt, r.content[:300])
    # A dump is one call of the company's daily quota, whatever pages it reads.
    grant = helpers.call_action("shaoxing_grant_list", {"user": world.users["applicant"]})[0]
    assert grant["used_today"] == len(FORMATS)


def test_the_dump_answers_each_caller_as_the_gate_says(portal, world):
    table_id = world.entry["table"]["id"]
    sysadmin = helpers.call_action("api_token_create", {"user": world.users["sysadmin"]},
                                   user=world.users["sysadmin"], name="t")["token"]
    for fmt in ("csv", "tsv"):
        assert len(rows(fmt, dump(portal, table_id, fmt, {"Authorization": sysadmin}).content)) == ROWS
    # Anonymous, and a company without a grant (its key valid), are refused before any byte.
    other_key = world.key(user=world.users["other_company"])["key"]
    for headers in ({}, key_header(other_key)):
        r = requests.get(f"{portal}/datastore/dump/{table_id}", params={"format": "csv"}, headers=headers, timeout=60)
        assert r.status_code == 403 and r.json()["error"]["__type"] == "Authorization Error"
