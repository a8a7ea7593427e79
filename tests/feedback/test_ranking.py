"""The department ranking's responsiveness part: weight 0 leaves every score as it was; weighted,
a department that answered late ranks below one that answered in time."""
import datetime as dt

import pytest
import time_machine

from ckanext.shaoxing import clock
from ckanext.shaoxing.targets import ranking
from tests.feedback.conftest import call

DEFAULT = "new_datasets:25 new_interfaces:20 governance_rate:15 completeness:15 timeliness:15 usage:10"


def _scores() -> dict:
    start, end = ranking.bounds("year", dt.date(2026, 10, 1))
    return {r["organization_id"]: r["score"] for r in ranking.compute(start, end)}


def _answered(world, dept: str, editor: str, late: bool) -> None:
    with time_machine.travel(dt.datetime(2026, 10, 12, 10, tzinfo=clock.TZ), tick=False):
        made = call("shaoxing_feedback_create", world["citizen"], title="t", description="d")
        call("shaoxing_feedback_route", world["bureau"], id=made["id"], organization_id=dept)
    when = dt.datetime(2026, 10, 30 if late else 13, 10, tzinfo=clock.TZ)
    with time_machine.travel(when, tick=False):
        call("shaoxing_feedback_answer", world[editor], id=made["id"], state="declined", reply="无此数据")


def test_weight_zero_keeps_the_ranking_and_a_weight_ranks_answers(world, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.shaoxing.ranking.weights", DEFAULT)
    before = _scores()
    _answered(world, "fb-dept-a", "editor_a", late=True)
    _answered(world, "fb-dept-b", "editor_b", late=False)
    with time_machine.travel(dt.datetime(2026, 12, 4, 10, tzinfo=clock.TZ), tick=False):
        assert _scores() == before
        start, end = ranking.bounds("year", dt.date(2026, 10, 1))
        rows = {r["organization_id"]: r for r in ranking.compute(start, end)}
        a, b = world["dept_a"]["id"], world["dept_b"]["id"]
        assert rows[a]["parts"]["responsiveness"] == 0 and rows[b]["parts"]["responsiveness"] == 1
        monkeypatch.setitem(ckan_config, "ckanext.shaoxing.ranking.weights", DEFAULT + " responsiveness:100")
        weighted = _scores()
    assert weighted[b] - weighted[a] > before.get(b, 0) - before.get(a, 0)
    assert weighted[b] >= weighted[a] + 100 * 100 / 200 - 1e-6 or weighted[b] > weighted[a]
    figures = call("shaoxing_feedback_figures", "", date_from="2026-10-01", date_to="2026-10-31")
    assert figures["fb-dept-a"]["on_time"] == 0 and figures["fb-dept-b"]["on_time"] == 1


@pytest.mark.usefixtures("world")
def test_departments_without_requests_keep_their_rows():
    start, end = ranking.bounds("year", dt.date(2026, 10, 1))
    assert all(r["parts"]["responsiveness"] == 1.0 for r in ranking.compute(start, end))
