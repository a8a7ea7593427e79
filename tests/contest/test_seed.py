"""The seed: edition 3 open for registration at the time it runs, editions 1–2 archived with
published winning apps citing catalogue datasets; running it again changes nothing."""
import datetime as dt

import pytest
from ckan.tests import helpers
from freezegun import freeze_time

from ckanext.shaoxing.clock import TZ
from ckanext.shaoxing_contest import seed
from tests import factories
from tests.conftest import PLUGINS
from tests.contest.conftest import call

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]
NOW = dt.datetime(2031, 7, 15, 14, 30, tzinfo=TZ)


@pytest.fixture
def catalogue(worlds):
    """An entry for each dataset of the seed's pack: built once, restored for every test after."""
    return worlds("contest-pack", _catalogue)


def _catalogue() -> dict:
    org = factories.department(name="sx-transport", title="市交通运输局")
    return {code: factories.entry(org, catalog_code=code, title=f"数据{code}") for code in seed.PACK}


def test_seed_builds_live_and_archived_editions(catalogue):
    with freeze_time(NOW):
        lines = list(seed.run())
        live = call("contest_show", None, id="sx-contest-3")
        assert live["state"] == "registration_open" and live["edition"] == 3
        assert dt.datetime.fromisoformat(live["phases"][0]["opens"]) < NOW < dt.datetime.fromisoformat(
            live["phases"][0]["closes"])
        assert [p["code"] for p in live["phases"]] == ["registration", "preliminary", "semifinal", "final"]
        for edition, year in ((1, 2029), (2, 2030)):
            c = call("contest_show", None, id=f"sx-contest-{edition}")
            assert c["state"] == "results_published" and c["phases"][-1]["closes"].startswith(str(year))
            gallery = call("contest_gallery", None, id=c["id"])
            assert len(gallery["entries"]) == 3 and all(e["datasets"] for e in gallery["entries"])
            assert all(len(e["screenshots"]) == 1 for e in gallery["entries"])
        assert call("contest_app_count", None, year=2029)["apps"] == 3
        assert call("contest_app_count", None, year=2030)["apps"] == 3
        assert call("contest_app_count", None, year=2031)["apps"] == 0
        bus = catalogue["SX-JT-2022-0006"]
        assert call("contest_package_apps", None, package_id=bus["id"])["apps"][0]["title"] == "绍兴公交到站助手"
        pack = helpers.call_action("package_search", fq='tags:"sx-contest-3"')["count"]
        assert pack == len(seed.PACK)
        assert any("registration open" in line for line in lines)
        audit = [r["action"] for r in call("contest_audit_list", helpers.call_action(
            "get_site_user", {"ignore_auth": True})["name"], id="sx-contest-1")]
        assert audit.count("score_submit") == 15 and audit[-1] == "results_publish"

    with freeze_time(NOW + dt.timedelta(days=2)):
        again = list(seed.run())
    assert all("left as it is" in line for line in again)
    assert len(call("contest_list")) == 3


def test_the_cli_command_seeds_and_is_idempotent(catalogue, cli):
    from ckan.cli.cli import ckan
    with freeze_time(NOW):
        first = cli.invoke(ckan, ["shaoxing-contest", "seed"])
        assert first.exit_code == 0, first.output
        assert "sx-contest-3: created" in first.output
        again = cli.invoke(ckan, ["shaoxing-contest", "seed"])
    assert again.exit_code == 0 and again.output.count("left as it is") == 3
    assert [c["name"] for c in call("contest_list")] == ["sx-contest-3", "sx-contest-2", "sx-contest-1"]
