"""The /dataset page in both languages shows what Solr finds."""
import pytest

from tests import factories
from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


def test_dataset_found_by_chinese_substring_on_search_page_in_both_languages(app):
    org = factories.department(title="市交通运输局")
    factories.entry(org, name="bus-routes", title="绍兴市区公交线路信息")
    factories.entry(org, name="parking", title="柯桥区公共停车场泊位信息")

    zh = app.get("/dataset/", query_string={"q": "公交"})
    assert zh.status_code == 200
    assert "绍兴市区公交线路信息" in zh.body and "停车场" not in zh.body
    assert "数据目录" in zh.body  # Chinese interface by default

    en = app.get("/en/dataset/", query_string={"q": "公交"})
    assert en.status_code == 200
    assert "绍兴市区公交线路信息" in en.body and "1 dataset found" in en.body
