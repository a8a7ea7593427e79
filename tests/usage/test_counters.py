"""Usage counters through real Redis and PostgreSQL: counted on the hot path, flushed exactly
once, visible (flushed or not) through shaoxing_usage_show, shown on pages, sortable."""
import datetime as dt
import pathlib
import subprocess
import sys
import time

import pytest
import sqlalchemy as sa
from ckan import model
from ckan.lib.redis import connect_to_redis
from ckan.plugins import toolkit as tk
from ckan.tests import helpers

from ckanext.shaoxing import clock, spool
from ckanext.shaoxing.usage import counters
from ckanext.shaoxing.usage.flush import flush
from ckanext.shaoxing.usage.model import usage_spool
from tests import factories
from tests.conftest import PLUGINS, ROOT
from tests.request_end import database_gone_at_the_end

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


@pytest.fixture
def dataset():
    org = factories.department()
    return factories.entry(org, name="bus", resources=[{"url": "https://example.org/bus.csv", "name": "csv"},
                                                       {"url": "https://example.org/api", "name": "api"}])


def usage(**kw):
    return helpers.call_action("shaoxing_usage_show", **kw)


def test_downloads_and_views_are_counted_and_flushed(app, dataset):
    res = dataset["resources"][0]
    for _ in range(3):
        r = app.get(f"/dataset/{dataset['id']}/resource/{res['id']}/download", follow_redirects=False)
        assert r.status_code == 302 and r.headers["Location"] == "https://example.org/bus.csv"
    app.get("/dataset/bus")
    app.get("/dataset/bus")
    # not flushed yet: the totals include what Redis holds
    assert usage(package_id="bus")["downloads"] == 3 and usage(package_id="bus")["views"] == 2
    assert usage(resource_id=res["id"])["downloads"] == 3
    assert flush() == 5
    assert flush() == 0                                   # nothing counted twice
    report = usage(package_id=dataset["id"])
    assert (report["views"], report["downloads"], report["api_calls"]) == (2, 3, 0)
    assert report["by_day"] == [{"day": clock.today().isoformat(), "views": 2, "downloads": 3, "api_calls": 0}]


def test_bots_and_failed_requests_are_not_counted(app, dataset):
    res = dataset["resources"][0]
    url = f"/dataset/{dataset['id']}/resource/{res['id']}/download"
    app.get(url, headers={"User-Agent": "Mozilla/5.0 (compatible; Baiduspider/2.0)"}, follow_redirects=False)
    app.get(url, headers={"User-Agent": "Googlebot/2.1"}, follow_redirects=False)
    app.get(f"/dataset/{dataset['id']}/resource/no-such-resource/download", follow_redirects=False)
    app.get("/dataset/no-such-dataset")
    assert usage(package_id="bus")["downloads"] == 0 and usage(package_id="bus")["views"] == 0


def test_a_download_whose_request_fails_at_its_end_is_not_counted(app, dataset, monkeypatch):
    """PostgreSQL gone as CKAN ends the request's session (its own after_request hook): the answer
    becomes a 503, and the download nobody got is not counted (the soak counted one)."""
    res = dataset["resources"][0]
    url = f"/dataset/{dataset['id']}/resource/{res['id']}/download"
    assert app.get(url, follow_redirects=False).status_code == 302
    database_gone_at_the_end(monkeypatch, app)
    res_503 = app.get(url, follow_redirects=False)
    monkeypatch.undo()
    assert res_503.status_code == 503
    assert usage(package_id="bus")["downloads"] == 1


def test_an_interrupted_flush_is_finished_without_counting_twice(dataset):
    res = dataset["resources"][0]["id"]
    counters.count("download", res, 4)
    redis = connect_to_redis()
    redis.rename(counters.PENDING, counters.FLUSHING + "crashed")   # a flusher died mid-way
    assert usage(package_id="bus")["downloads"] == 4                 # still visible
    counters.count("download", res, 1)
    assert flush() == 5
    assert usage(package_id="bus")["downloads"] == 5


def test_a_flusher_killed_between_taking_a_batch_and_writing_it_counts_once(dataset, tmp_path):
    """The real thing the test above imitates: a flusher process (`ckan shaoxing usage flush`)
    killed with -9 after it took the pending hash (RENAME) and while its write waits for
    PostgreSQL (held here by a table lock). Its transaction dies with it; the next flush writes
    the batch once, with what the spool held meanwhile."""
    res = dataset["resources"][0]["id"]
    redis = connect_to_redis()
    # Straight into the pending hash: the hot path (counters.count, 0.5 s and no retry) may spool
    # on a busy machine, and then there would be no batch to take.
    redis.hincrby(counters.PENDING, counters.field(clock.today().isoformat(), "download", res), 5)
    spool.add(usage_spool, {"day": clock.today(), "kind": "download", "object_ref": res}, "count", 2)
    with model.meta.engine.connect() as lock:
        lock.execute(sa.text("LOCK TABLE shaoxing_usage_daily IN EXCLUSIVE MODE"))   # reads pass, writes wait
        log = tmp_path / "flusher.log"
        with log.open("wb") as out:
            flusher = subprocess.Popen([str(pathlib.Path(sys.executable).parent / "ckan"), "-c", str(ROOT / "test.ini"),
                                        "shaoxing", "usage", "flush"], stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 120
            while not (counters.flushing_keys(redis) and _waits_for_a_lock()):
                assert flusher.poll() is None and time.monotonic() < deadline, log.read_text(errors="replace")
                time.sleep(0.1)
            assert not redis.exists(counters.PENDING)          # the batch is taken
        finally:
            flusher.kill()                                     # SIGKILL
            flusher.wait()
        lock.rollback()
    assert usage(package_id="bus")["downloads"] == 7                # nothing written, nothing lost
    assert flush() == 7
    assert flush() == 0
    assert usage(package_id="bus")["downloads"] == 7


def _waits_for_a_lock() -> bool:
    # On a connection of its own: within a transaction (the lock holder's) pg_stat_activity is
    # the snapshot its first read took, which may predate the flusher's wait.
    with model.meta.engine.connect() as conn:
        return bool(conn.execute(sa.text(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE '%shaoxing_usage_daily%'"
            " AND pid <> pg_backend_pid()")).scalar())


def test_date_range_and_bad_dates(dataset):
    res = dataset["resources"][1]["id"]
    counters.count("download", res, 2)
    flush()
    today = clock.today()
    assert usage(package_id="bus", date_from=str(today), date_to=str(today))["downloads"] == 2
    assert usage(package_id="bus", date_to=str(today - dt.timedelta(days=1)))["downloads"] == 0
    with pytest.raises(tk.ValidationError) as e:
        usage(package_id="bus", date_from="2026-02-30")
    assert "date_from" in e.value.error_dict
    with pytest.raises(tk.ValidationError):
        usage(package_id="bus", date_from="2026-02-02", date_to="2026-02-01")
    with pytest.raises(tk.ValidationError):
        usage()


@pytest.mark.parametrize("who,allowed", [("anonymous", False), ("user", False), ("member", True),
                                         ("sysadmin", True)])
def test_usage_of_a_private_dataset_follows_its_visibility(who, allowed):
    org = factories.department()
    private = factories.entry(org, private=True)
    context = {"user": factories.user_in_role(who, org), "ignore_auth": False}
    if allowed:
        assert helpers.call_auth("shaoxing_usage_show", context, package_id=private["id"])
    else:
        with pytest.raises(tk.NotAuthorized):
            helpers.call_auth("shaoxing_usage_show", context, package_id=private["id"])


def test_public_usage_is_open_to_anonymous(app, dataset):
    body = app.get("/api/3/action/shaoxing_usage_show", query_string={"package_id": "bus"}).json
    assert body["success"] and body["result"]["downloads"] == 0


def test_pages_show_usage_and_most_downloaded_sorts_first(app, dataset):
    org = factories.department()
    other = factories.entry(org, name="popular", resources=[{"url": "https://example.org/p.csv"}])
    counters.count("download", other["resources"][0]["id"], 7)
    counters.count("download", dataset["resources"][0]["id"], 2)
    flush()
    body = app.get("/dataset/popular").body
    assert 'class="usage-downloads">7<' in body
    names = [d["name"] for d in helpers.call_action("package_search", sort="resources_accessed_total desc")["results"]]
    assert names[:2] == ["popular", "bus"]
    assert "Most downloaded" in app.get("/en/dataset/").body


@pytest.mark.ckan_config("ckanext.shaoxing.usage.enabled", "false")
def test_counting_can_be_switched_off(app, dataset):
    app.get("/dataset/bus")
    assert usage(package_id="bus")["views"] == 0


def test_downloads_and_publishing_work_while_redis_is_down(app, monkeypatch):
    from ckan.common import config
    from ckan.lib import redis as ckan_redis
    monkeypatch.setitem(config, "ckan.redis.url", "redis://127.0.0.1:9/0")   # a real outage: nothing listens
    monkeypatch.setattr(ckan_redis, "_connection_pool", None)
    org = factories.department()
    ds = factories.entry(org, resources=[{"url": "https://example.org/a.csv"}])
    res = app.get(f"/dataset/{ds['id']}/resource/{ds['resources'][0]['id']}/download", follow_redirects=False)
    assert res.status_code == 302
    assert app.get("/dataset/" + ds["name"]).status_code == 200
    # Counted all the same, in PostgreSQL's spool; a flush (Redis still down) merges them once.
    assert (usage(package_id=ds["id"])["downloads"], usage(package_id=ds["id"])["views"]) == (1, 1)
    assert flush() == 2 and flush() == 0
    assert (usage(package_id=ds["id"])["downloads"], usage(package_id=ds["id"])["views"]) == (1, 1)
