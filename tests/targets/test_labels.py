"""The dashboard says what each figure is (the year's figures and yearly score, the chosen period's
ranking; the home page's all-years total), and an address it cannot show gets a page in the page's
language naming the field (400), or the field errors as JSON for a client asking for JSON."""
import datetime as dt

import pytest
import time_machine

from ckanext.shaoxing.clock import TZ
from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

NOW = dt.datetime(2027, 5, 10, 10, 0, tzinfo=TZ)


@time_machine.travel(NOW, tick=False)
def test_each_score_and_figure_says_what_it_is(app):
    zh = app.get("/targets").body
    assert "2027 年发布" in zh and "首页为历年累计" in zh
    assert "年度得分" in zh and "年度考核" in zh and "本期得分" in zh
    en = app.get("/en/targets").body
    assert "Published in 2027" in en and "Yearly score" in en and "Score for the period" in en
    assert "历年累计开放数据集" in app.get("/").body


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("prefix, words", [("", ("年份", "2000 至 2028 之间")), ("/en", ("Year", "2000–2028"))])
def test_a_year_out_of_range_gets_a_page_in_the_page_language(app, prefix, words):
    for path in ("/targets", "/targets.xlsx"):
        r = app.get(f"{prefix}{path}", query_string={"year": "1999"}, headers={"Accept": "text/html"})
        assert r.status_code == 400 and "<html" in r.body, path
        assert all(w in r.body for w in words) and "Bad Request" not in r.body, path
        assert 'name="year"' in r.body
    other = "year must be" if prefix == "" else "年份应在"
    assert other not in r.body


@time_machine.travel(NOW, tick=False)
def test_a_client_asking_for_json_gets_json(app):
    r = app.get("/targets", query_string={"year": "1999"}, headers={"Accept": "application/json"})
    assert r.status_code == 400 and r.json["success"] is False and "year" in r.json["error"]
