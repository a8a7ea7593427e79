"""Prometheus metrics: for the monitoring network only; the requests of both gunicorn workers
summed in one scrape; portal-wide events (failed logins, quality checks) counted whichever
process heard them; one log line per request with its id and the user's id, nothing personal."""
import logging
import re
from concurrent.futures import ThreadPoolExecutor

import ckan.plugins.toolkit as tk
import pytest
import requests
from ckan.tests import factories as ckan_factories
from ckan.tests import helpers

from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS), pytest.mark.usefixtures("with_plugins")]


def sample(text: str, name: str, **labels) -> float:
    """The value of one sample of the exposition `text` (0 when absent)."""
    want = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        m = re.match(r"^(\w+)(?:\{(.*)\})? (\S+)$", line)
        if m and m.group(1) == name and ",".join(sorted((m.group(2) or "").split(","))) == want:
            return float(m.group(3))
    return 0.0


def token(user: dict) -> str:
    return helpers.call_action("api_token_create", {"user": user["name"]}, user=user["name"], name="t")["token"]


def test_only_the_monitoring_network_reads_them(app):
    assert app.get("/metrics").status_code == 200           # the test client comes from 127.0.0.1
    for headers in ({}, {"Authorization": token(ckan_factories.Sysadmin())}, {"X-Forwarded-For": "127.0.0.1"}):
        res = app.get("/metrics", headers=headers, environ_overrides={"REMOTE_ADDR": "203.0.113.7"})
        assert res.status_code == 404
        assert "shaoxing_http_requests" not in res.get_data(as_text=True)


@pytest.mark.ckan_config("ckanext.shaoxing.ops.metrics_networks", "10.9.0.0/16")
def test_the_network_is_a_setting(app):
    assert app.get("/metrics").status_code == 404
    assert app.get("/metrics", environ_overrides={"REMOTE_ADDR": "10.9.3.4"}).status_code == 200


def test_portal_wide_events_are_counted_by_whoever_hears_them(app):
    from ckanext.shaoxing.governance import api as governance_api
    before = app.get("/metrics").get_data(as_text=True)
    tk.signals.ckanext.signal(governance_api.CHECKED).send("governance", package_ids=["a", "b"])
    user = ckan_factories.User(password="correct-horse-9A")
    app.post("/user/login", data={"login": user["name"], "password": "wrong-horse-9A"})
    after = app.get("/metrics").get_data(as_text=True)
    for name, n in (("shaoxing_quality_checks_total", 2), ("shaoxing_login_failures_total", 1)):
        assert sample(after, name, scope="portal") - sample(before, name, scope="portal") == n, name
    assert "# TYPE shaoxing_job_queue_depth gauge" in after
    assert "# TYPE shaoxing_quarantined_resources gauge" in after


def test_a_request_is_logged_once_with_its_id_and_no_personal_data(app, caplog, monkeypatch):
    # An ini's logging sections, applied by an earlier test's app, disable loggers they do not name.
    monkeypatch.setattr(logging.getLogger("ckanext.shaoxing.requests"), "disabled", False)
    user = ckan_factories.User(fullname="林晓")
    with caplog.at_level(logging.INFO, logger="ckanext.shaoxing.requests"):
        res = app.get("/api/3/action/package_search", headers={"Authorization": token(user),
                                                                 "X-Request-ID": "nginx-4f2a"})
        bad = app.get("/api/3/action/status_show", headers={"X-Request-ID": "<script>alert(1)</script>"})
    assert res.headers["X-Request-ID"] == "nginx-4f2a"
    assert re.fullmatch(r"[0-9a-f]{32}", bad.headers["X-Request-ID"])
    lines = [r.getMessage() for r in caplog.records if r.name == "ckanext.shaoxing.requests"]
    assert len(lines) == 2
    assert lines[0].startswith(f"rid=nginx-4f2a user={user['id']} GET api.action status=200 ms=")
    assert "<script>" not in lines[1] and "user=- " in lines[1]
    for line in lines:
        assert user["name"] not in line and user["email"] not in line and "林晓" not in line


def test_both_workers_requests_are_summed_in_one_scrape(portal):
    def scrape() -> str:
        res = requests.get(portal + "/metrics", timeout=30)
        assert res.status_code == 200
        return res.text

    def status_show(_):
        return requests.get(portal + "/api/3/action/status_show", timeout=30).status_code

    labels = {"group": "api", "method": "GET", "status": "200"}
    first = scrape()
    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(status_show, range(60)))
    assert codes == [200] * 60
    after = scrape()
    # The 60 answers, whichever of the two workers gave them (scrapes are not counted).
    for name, found in (("shaoxing_http_requests_total", labels),
                        ("shaoxing_http_request_duration_seconds_count", {"group": "api"})):
        assert sample(after, name, **found) - sample(first, name, **found) == 60, name
