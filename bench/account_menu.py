"""Benchmark: what the account menu costs a signed-in page.

In process (Flask test client, the bench database): a department editor's GET of the catalogue
page (`/dataset/`, its API token in the header) with the account menu as served — the roles read
through the features' actions (company, invitations, departments, review right, contest teams),
once per request — against the same page with the roles taken as none (the menu drawn empty),
alternately in rounds. Reports medians, p95 and the ratio.

    make bench BENCH=account_menu   (options: --requests N --rounds N)
"""
from __future__ import annotations

import argparse
import json
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.stack import latency_summary, reset, solr_core  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=100, help="per series per round")
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    with solr_core("ckan_bench_menu"):
        reset()
        from ckan.cli import CKANConfigLoader
        from ckan.config.middleware import make_app
        app = make_app(CKANConfigLoader(str(ROOT / "test.ini")).get_config())
        import ckan.model as model
        from ckan.tests import helpers

        from ckanext.shaoxing.roles import who
        client = app._wsgi_app.test_client()
        with app._wsgi_app.app_context():
            org = helpers.call_action("organization_list", {"ignore_auth": True}, limit=1)[0]
            editor = helpers.call_action("user_create", {"ignore_auth": True}, name="bench-editor",
                                         email="e@example.org", password="Shaoxing-only-2026")["name"]
            helpers.call_action("organization_member_create", {"ignore_auth": True}, id=org, username=editor,
                                role="editor")
            token = helpers.call_action("api_token_create", {"ignore_auth": True}, user=editor, name="b")["token"]
            model.Session.remove()
        headers = {"Authorization": token}
        served = who._compute

        def page():
            r = client.get("/dataset/", headers=headers)
            assert r.status_code == 200 and b"data-menu-item" in r.data, r.status_code

        for _ in range(20):
            page()
        times: dict[str, list[float]] = {"with_menu": [], "menu_empty": []}
        for _ in range(args.rounds):
            for name, compute in (("with_menu", served), ("menu_empty", lambda user: who.Roles())):
                who._compute = compute
                for _ in range(args.requests):
                    started = time.perf_counter()
                    page()
                    times[name].append((time.perf_counter() - started) * 1000)
        who._compute = served
    summary = latency_summary(times, "with_menu", "menu_empty")
    (ROOT / "bench/results").mkdir(exist_ok=True)
    (ROOT / "bench/results/account_menu.json").write_text(json.dumps(summary, indent=1))
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
