"""Saves of one entry at the same instant: one wins, the other is told (409), never both.

Against the real portal (gunicorn, 2 worker processes): two clients, each with the version they
read, release their saves together from a barrier, several rounds. And in one process, the
interleaving that would lose an update without the row lock: the second save waits on the lock
while the first commits, then compares with what the first wrote."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from ckan import model
from ckan.tests import helpers

from ckanext.shaoxing.edits import versions
from tests.conftest import PLUGINS
from tests.row_locks import second_save

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

ROUNDS = 6


def _token(user: str) -> str:
    return helpers.call_action("api_token_create", {"user": user}, user=user, name="race")["token"]


def test_two_saves_at_the_same_instant_one_wins(portal, world):
    model.Session.commit()
    tokens = [_token(world.editor), _token(world.second_editor)]
    api = f"{portal}/api/3/action/package_patch"
    for n in range(ROUNDS):
        etag = requests.get(f"{portal}/api/3/action/package_show", params={"id": world.entry["id"]},
                            timeout=30).headers["ETag"]
        barrier = threading.Barrier(2)

        def save(i):
            barrier.wait()
            return requests.post(api, json={"id": world.entry["id"], "notes": f"第{n}轮-{i}"},
                                 headers={"Authorization": tokens[i], "If-Match": etag}, timeout=60)

        with ThreadPoolExecutor(2) as pool:
            answers = list(pool.map(save, range(2)))
        assert sorted(a.status_code for a in answers) == [200, 409], [a.text[:300] for a in answers]
        winner = next(i for i, a in enumerate(answers) if a.status_code == 200)
        loser = answers[1 - winner].json()["error"]
        model.Session.remove()
        shown = helpers.call_action("package_show", id=world.entry["id"])
        assert shown["notes"] == f"第{n}轮-{winner}"
        assert loser["current_version"] == [shown["metadata_modified"]]


def test_the_second_save_waits_for_the_first_and_is_refused(world):
    opened = helpers.call_action("package_show", id=world.entry["id"])["metadata_modified"]
    model.Session.remove()
    # The first save holds the entry's row lock (as its package_update does until it commits).
    versions.current("dataset", world.entry["id"], lock=True)
    outcome = second_save(
        lambda: helpers.call_action("package_patch", {"user": world.second_editor}, id=world.entry["id"],
                                    title="第二位", if_match=opened),
        lambda: helpers.call_action("package_patch", {"user": world.editor}, id=world.entry["id"], notes="第一位"))
    shown = helpers.call_action("package_show", id=world.entry["id"])
    assert outcome == {"refused": shown["metadata_modified"]}
    assert (shown["title"], shown["notes"]) == ("公交线路", "第一位")
