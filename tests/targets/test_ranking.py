"""Department rankings: periods, parts, snapshots of finished periods, change in rank."""
import datetime as dt

import pytest
from ckan.plugins import toolkit as tk
from ckan.tests import helpers

from ckanext.shaoxing import clock
from ckanext.shaoxing.targets import ranking
from ckanext.shaoxing.usage import counters
from ckanext.shaoxing.usage.flush import flush
from tests import factories
from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

TODAY = clock.today()
LAST_MONTH_END = TODAY.replace(day=1) - dt.timedelta(days=1)
LAST_MONTH = LAST_MONTH_END.replace(day=1)


def show(**kw):
    return helpers.call_action("shaoxing_ranking_show", **kw)


def test_period_bounds():
    assert ranking.bounds("week", dt.date(2026, 11, 27)) == (dt.date(2026, 11, 23), dt.date(2026, 11, 30))
    assert ranking.bounds("month", dt.date(2026, 12, 31)) == (dt.date(2026, 12, 1), dt.date(2027, 1, 1))
    assert ranking.bounds("year", dt.date(2026, 2, 28)) == (dt.date(2026, 1, 1), dt.date(2027, 1, 1))


def test_scores_parts_and_order():
    busy = factories.department(name="busy", title="甲局")
    quiet = factories.department(name="quiet", title="乙局")
    for _ in range(3):
        factories.with_table(factories.entry(busy, issued=TODAY.isoformat(), resources=[
            {"url": "https://a.b/x", "interface_type": "open_api", "issued": TODAY.isoformat()}]))
    # complete metadata, but issued years ago and not updated since (monthly)
    factories.entry(quiet, issued="2020-01-01", contact_phone="0575-1", modified="2020-02-01",
                    tag_string="公交", license_id="cc-by",
                    data_items=[{"field_name": "a", "field_label": "甲", "field_type": "string"}])
    result = show(period="year")
    assert not result["frozen"] and [r["name"] for r in result["ranking"]] == ["busy", "quiet"]
    top = result["ranking"][0]
    assert top["parts"]["new_datasets"] == 1.0 and top["values"]["new_datasets"] == 3
    assert top["values"]["new_interfaces"] == 3 and top["rank"] == 1 and top["title"] == "甲局"
    second = result["ranking"][1]
    # complete, but never quality-checked: it does not count as governed
    assert second["parts"]["governance_rate"] == 0.0 and second["parts"]["completeness"] == 1.0
    assert second["parts"]["new_datasets"] == 0 and second["parts"]["timeliness"] == 0
    assert second["score"] == pytest.approx(15.0) and second["score"] < top["score"] <= 100


def test_usage_counts_in_its_period():
    org = factories.department(name="popular")
    ds = factories.entry(org, issued="2020-01-01", resources=[{"url": "https://a.b/y"}])
    counters.count("download", ds["resources"][0]["id"], 9)
    flush(reindex=False)
    row = show(period="month")["ranking"][0]
    assert row["values"]["usage"] == 9 and row["parts"]["usage"] == 1.0


def test_a_finished_period_is_frozen_and_rank_changes_are_reported():
    a = factories.department(name="a-dept")
    b = factories.department(name="b-dept")
    factories.entry(a, issued=LAST_MONTH.isoformat())
    factories.entry(a, issued=LAST_MONTH.isoformat())
    factories.entry(b, issued=LAST_MONTH.isoformat())
    past = show(period="month", date=LAST_MONTH.isoformat())
    assert past["frozen"] and [r["name"] for r in past["ranking"]] == ["a-dept", "b-dept"]

    for _ in range(3):                               # data changes after the month ended
        factories.entry(b, issued=LAST_MONTH.isoformat())
    again = show(period="month", date=LAST_MONTH_END.isoformat())
    assert [(r["name"], r["score"]) for r in again["ranking"]] == [(r["name"], r["score"]) for r in past["ranking"]]

    for _ in range(3):
        factories.entry(b, issued=TODAY.isoformat())
    now = show(period="month")
    assert [r["name"] for r in now["ranking"]][0] == "b-dept"
    assert {r["name"]: r["rank_change"] for r in now["ranking"]} == {"b-dept": 1, "a-dept": -1}


@pytest.mark.ckan_config("ckanext.shaoxing.ranking.weights", "usage:1")
def test_weights_are_configurable():
    assert ranking.weights()["usage"] == 1.0 and ranking.weights()["new_datasets"] == 0.0


@pytest.mark.parametrize("field,value", [("period", "day"), ("date", "2026-13-01"),
                                         ("date", (TODAY + dt.timedelta(days=2)).isoformat()), ("date", "1999-01-01")])
def test_bad_parameters(field, value):
    with pytest.raises(tk.ValidationError) as e:
        show(**{field: value})
    assert field in e.value.error_dict


def test_ranking_is_public(app):
    factories.entry(factories.department(), issued=TODAY.isoformat())
    body = app.get("/api/3/action/shaoxing_ranking_show", query_string={"period": "week"}).json
    assert body["success"] and len(body["result"]["ranking"]) == 1
