"""PostgreSQL stopped under the real portal (gunicorn, 2 workers): pages answer a 503 page in
their language, the API and the interfaces' REST endpoints JSON 503 in both languages, all with
Retry-After, never a 500; /readyz takes the node out while /healthz keeps it alive. When it is
started again the portal serves again without a restart
(CKAN's engine checks a pooled connection before using it: sqlalchemy.pool_pre_ping)."""
import html

import pytest
import requests

from tests.degrade.services import stopped

pytestmark = pytest.mark.usefixtures("clean_db")

DB_ZH, DB_EN = "平台数据库暂时不可用", "The portal's database is temporarily unavailable"


def get(url: str, **params) -> requests.Response:
    return requests.get(url, params=params, timeout=60)


def text(page: requests.Response) -> str:
    return html.unescape(page.text)


def test_the_portal_answers_503_while_postgresql_is_down_and_recovers(portal):
    assert get(portal + "/").status_code == 200
    with stopped("pg"):
        # Twice each: both gunicorn workers, whose pooled connections died with the server.
        for _ in range(2):
            for url in ("/", "/dataset/bus-routes"):
                page = get(portal + url)
                assert page.status_code == 503, (url, page.text[:500])
                assert page.headers["Retry-After"] == "60"
                assert DB_ZH in text(page) and DB_EN not in text(page)
        page = get(portal + "/en/organization/")
        assert page.status_code == 503 and DB_EN in text(page) and DB_ZH not in text(page)
        for url in ("/api/3/action/package_show?id=bus-routes", "/api/3/action/package_search?q=公交",
                    "/api/open/SX-JT-2024-0001/1"):
            api = get(portal + url)
            assert api.status_code == 503, (url, api.text[:500])
            assert api.headers["Retry-After"] == "60"
            error = api.json()["error"]
            assert api.json()["success"] is False and error["__type"] == "Database Unavailable"
            assert error["message"] == f"{DB_ZH} / {DB_EN}"
        # The node is taken out of the load balancer (readiness), not restarted (liveness).
        for _ in range(2):
            ready = get(portal + "/readyz")
            assert ready.status_code == 503 and ready.json()["status"] == "down"
            assert ready.json()["services"]["postgresql"]["ok"] is False
            assert get(portal + "/healthz").status_code == 200
    assert get(portal + "/readyz").json()["services"]["postgresql"]["ok"] is True
    # Served again at once, by every worker, with no restart.
    for _ in range(4):
        assert get(portal + "/").status_code == 200
        assert get(portal + "/api/3/action/package_search").status_code == 200
