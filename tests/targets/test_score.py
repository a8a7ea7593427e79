"""One department score on the dashboard: the progress breakdown and the yearly ranking agree;
the cached figures are retired when the catalogue importer signals a change."""
import pytest
from ckan import model
from ckan.plugins import toolkit as tk
from ckan.tests import helpers

from ckanext.shaoxing import clock
from ckanext.shaoxing.governance import run
from tests import factories
from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

THIS_YEAR = clock.today().year


def _departments():
    busy, quiet, late = (factories.department(name=n) for n in ("busy", "quiet", "late"))
    for year in (THIS_YEAR - 1, THIS_YEAR):
        for _ in range(2):
            factories.with_table(factories.entry(busy, issued=f"{year}-01-10", resources=[
                {"url": "https://a.b/x", "interface_type": "shared_api", "issued": f"{year}-01-10"}]))
    governed = factories.entry(quiet, issued=f"{THIS_YEAR - 1}-02-01", contact_phone="0575-1",
                               modified=f"{THIS_YEAR - 1}-02-01", tag_string="公交", license_id="cc-by",
                               update_frequency="static",
                               data_items=[{"field_name": "a", "field_label": "甲", "field_type": "string"}])
    assert run.check(governed["id"])["passed"]            # the governance rate counts checked, passing datasets
    factories.entry(late, issued=f"{THIS_YEAR - 1}-03-01")


def _agree(year):
    by_org = {r["name"]: (r["score"], r["rank"])
              for r in helpers.call_action("shaoxing_target_progress", year=year)["by_organization"]}
    ranked = {r["name"]: (r["score"], r["rank"])
              for r in helpers.call_action("shaoxing_ranking_show", period="year", date=f"{year}-01-01")["ranking"]}
    assert by_org and by_org == {name: ranked[name] for name in by_org}
    return by_org


@pytest.mark.parametrize("year", [THIS_YEAR - 1, THIS_YEAR])      # a finished year and the current one
def test_progress_and_ranking_give_one_score_and_rank(year):
    _departments()
    scores = _agree(year)
    assert scores["busy"][1] == 1


@pytest.mark.ckan_config("ckanext.shaoxing.ranking.weights", "governance_rate:1")
def test_the_configured_weights_set_the_progress_score_too():
    _departments()
    scores = _agree(THIS_YEAR)
    assert scores["quiet"] == (100.0, 1)          # the only department whose dataset passes the quality check


def test_the_catalogue_signal_retires_cached_figures():
    org = factories.department()
    ds = factories.entry(org, issued=f"{THIS_YEAR}-01-10")

    def counted():
        return helpers.call_action("shaoxing_target_progress", year=THIS_YEAR)["metrics"]["open_datasets"]["actual"]

    assert counted() == 1
    # A change no hook sees (as an import writing rows in bulk): the cached figure stands...
    model.Session.query(model.Package).filter_by(id=ds["id"]).update({"private": True})
    model.Session.commit()
    assert counted() == 1
    # ...until the importer says the catalogue changed.
    tk.signals.ckanext.signal("shaoxing_catalog_changed").send("catalog", package_ids=[ds["id"]])
    assert counted() == 0


def test_changes_without_dataset_hooks_retire_cached_figures():
    """dataset_purge runs no dataset hook: its action_succeeded signal retires the figures."""
    org = factories.department()
    ds = factories.entry(org, issued=f"{THIS_YEAR}-01-10")
    assert helpers.call_action("shaoxing_target_progress", year=THIS_YEAR)["metrics"]["open_datasets"]["actual"] == 1
    helpers.call_action("dataset_purge", id=ds["id"])
    assert helpers.call_action("shaoxing_target_progress", year=THIS_YEAR)["metrics"]["open_datasets"]["actual"] == 0
