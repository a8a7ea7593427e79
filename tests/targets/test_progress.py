"""Counting rules of the yearly targets, each with its edge cases, through real PostgreSQL."""
import datetime as dt

import pytest
from ckan import model
from ckan.plugins import toolkit as tk
from ckan.tests import helpers

from ckanext.shaoxing import clock
from ckanext.shaoxing.targets import cache as target_cache
from ckanext.shaoxing.targets import figures
from tests import factories
from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


def progress(**kw):
    return helpers.call_action("shaoxing_target_progress", **kw)


def actual(year, metric="open_datasets", **kw):
    return progress(year=year, **kw)["metrics"][metric]["actual"]


@pytest.fixture
def org():
    return factories.department(name="sx-transport", title="市交通运输局")


def test_open_datasets_count_by_issued_year_and_open_level(org):
    factories.entry(org, issued="2025-12-31")
    factories.entry(org, issued="2026-01-01", open_level="conditional", open_condition="签署承诺书")
    factories.entry(org, issued="2026-03-01", open_level="not_open")          # catalogue only
    factories.entry(org, issued="2026-03-01", private=True)                   # not published
    assert actual(2025) == 1 and actual(2026) == 1


def test_creation_date_in_shanghai_time_when_issued_is_missing(org):
    ds = factories.entry(org, issued="")
    pkg = model.Package.get(ds["id"])
    pkg.metadata_created = dt.datetime(2025, 12, 31, 17, 0)   # UTC; 01:00 on 1 Jan 2026 in Shaoxing
    figures.refresh([ds["id"]])                               # edited behind the hooks: the repair
    model.Session.commit()
    assert actual(2025) == 0 and actual(2026) == 1


def test_private_to_public_and_deletion(org):
    ds = factories.entry(org, issued="2026-02-01", private=True)
    assert actual(2026) == 0
    helpers.call_action("package_patch", factories.as_site(), id=ds["id"], private=False)
    assert actual(2026) == 1
    helpers.call_action("package_delete", factories.as_site(), id=ds["id"])
    assert actual(2026) == 0


def test_open_apis_and_shared_interfaces(org):
    api = {"url": "https://data.sx.gov.cn/api/1", "interface_type": "open_api"}
    shared = {"url": "https://share.sx.gov.cn/api/1", "interface_type": "shared_api"}
    first = factories.entry(org, issued="2024-05-01", resources=[
        {**api, "issued": "2026-01-10"}, {**api, "issued": "2025-12-31"}, {**shared, "issued": "2026-04-01"},
        {"url": "https://example.org/a.csv", "issued": "2026-04-01"}])
    second = factories.entry(org, issued="2026-01-01", private=True, resources=[
        {**api, "issued": "2026-02-01"}, {**shared, "issued": "2026-02-01"}])
    ds = factories.entry(org, issued="2026-01-01", resources=[{"url": "https://example.org/b.csv",
                                                               "issued": "2026-06-01"}])
    res = model.Resource.get(ds["resources"][0]["id"])
    res.extras = {**res.extras, "datastore_active": True}     # a table alone is not an interface
    figures.refresh([ds["id"]])                               # (a load's resource_patch does this)
    model.Session.commit()
    metrics = progress(year=2026)["metrics"]
    # the first entry's APIs have no table in the DataStore: they answer nothing
    assert (metrics["open_apis"]["actual"], metrics["open_apis"]["failed"]) == (0, 1)   # the one of 2026
    assert metrics["shared_apis"]["actual"] == 0                # nor do the shared interfaces: no table
    res = model.Resource.get(first["resources"][3]["id"])
    res.extras = {**res.extras, "datastore_active": True}     # now they serve its table
    figures.refresh([first["id"]])
    model.Session.commit()
    target_cache.changed()                                    # (a load's resource_patch does this)
    metrics = progress(year=2026)["metrics"]
    assert (metrics["open_apis"]["actual"], metrics["open_apis"]["failed"]) == (1, 0)   # the open dataset's API of 2026
    assert metrics["shared_apis"]["actual"] == 1                # the first entry's, now that it answers
    factories.with_table(second)
    target_cache.changed()
    assert progress(year=2026)["metrics"]["shared_apis"]["actual"] == 2   # shared interfaces count on private too
    assert actual(2025, "open_apis") == 1


def test_governance_rate_is_the_share_passing_the_quality_check(org):
    from ckanext.shaoxing.governance import run
    complete = dict(modified="2026-02-01", contact_phone="0575-88881234", license_id="cc-by", tag_string="公交",
                    data_items=[{"field_name": "a", "field_label": "甲", "field_type": "string"}])
    good = factories.entry(org, **complete)
    factories.entry(org, **complete)                              # never checked: does not pass
    assert run.check(good["id"], day=dt.date(2026, 2, 10))["passed"]
    metric = progress(year=2026)["metrics"]["governance_rate"]
    assert metric == {"target": 0.8, "actual": 0.5, "basis": "quality_checks"}


def test_breakdowns_filters_and_ranking(org):
    other = factories.department(name="sx-health", title="市卫生健康委员会")
    factories.entry(org, issued="2026-01-05", region_code="330602")
    factories.entry(org, issued="2026-03-05", region_code="330602", domain="urban_management")
    factories.entry(other, issued="2026-03-20", region_code="330681", domain="health")
    result = progress(year=2026)
    assert [r["name"] for r in result["by_organization"]] == ["sx-transport", "sx-health"]
    assert [r["rank"] for r in result["by_organization"]] == [1, 2]
    assert result["by_organization"][0]["title"] == "市交通运输局"
    assert {r["domain"]: r["open_datasets"] for r in result["by_domain"]} == \
        {"transport": 1, "urban_management": 1, "health": 1}
    assert {r["region"]: r["open_datasets"] for r in result["by_region"]} == {"330602": 2, "330681": 1}
    monthly = {m["month"]: m["open_datasets"] for m in result["monthly"]}
    assert len(monthly) == 12 and monthly["2026-01"] == 1 and monthly["2026-03"] == 2
    assert actual(2026, organization="sx-health") == 1
    assert actual(2026, region_code="330602") == 2


@pytest.mark.parametrize("field,value", [("year", "abc"), ("year", "1999"), ("year", str(clock.today().year + 2)),
                                         ("organization", "no-such-dept"), ("region_code", "110101")])
def test_bad_parameters_name_the_field(org, field, value):
    with pytest.raises(tk.ValidationError) as e:
        progress(**{field: value})
    assert field in e.value.error_dict


def test_progress_is_public_over_the_api(app, org):
    factories.entry(org, issued="2026-01-05")
    body = app.get("/api/3/action/shaoxing_target_progress", query_string={"year": "2026"}).json
    assert body["success"] and body["result"]["metrics"]["open_datasets"] == {"target": 100, "actual": 1}
    bad = app.get("/api/3/action/shaoxing_target_progress", query_string={"year": "x"}, status=409).json
    assert "year" in bad["error"]


@pytest.mark.parametrize("who", ["anonymous", "user", "editor", "sysadmin"])
def test_only_sysadmins_set_targets(org, who):
    context = {"user": factories.user_in_role(who, org), "ignore_auth": False}
    if who == "sysadmin":
        result = helpers.call_action("shaoxing_target_update", context, year=2026, open_datasets="150",
                                     governance_rate="0.85")
        assert result["open_datasets"] == 150 and result["governance_rate"] == 0.85
        assert progress(year=2026)["metrics"]["open_datasets"]["target"] == 150
        assert progress(year=2025)["metrics"]["open_datasets"]["target"] == 100
    else:
        with pytest.raises(tk.NotAuthorized):
            helpers.call_action("shaoxing_target_update", context, year=2026, open_datasets="150")


def test_bad_target_values(org):
    with pytest.raises(tk.ValidationError) as e:
        helpers.call_action("shaoxing_target_update", year=2026, open_datasets="-3", governance_rate="1.5",
                            open_apis="many")
    assert set(e.value.error_dict) == {"open_datasets", "governance_rate", "open_apis"}


@pytest.mark.parametrize("action", ["shaoxing_target_progress", "shaoxing_ranking_show"])
@pytest.mark.parametrize("who", ["anonymous", "user", "editor", "sysadmin"])
def test_figures_are_public_to_everyone(org, action, who):
    assert helpers.call_auth(action, {"user": factories.user_in_role(who, org), "ignore_auth": False})
