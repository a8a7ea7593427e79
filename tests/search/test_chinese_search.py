"""Chinese search through the real Solr core: CKAN's stock `text` type splits on whitespace only,
so these fail on a stock schema (the benchmark measures exactly that)."""
import re

import pytest
from ckan.tests import helpers

from tests import factories
from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


def search(q, **kw):
    return helpers.call_action("package_search", q=q, **kw)


def names(q, **kw):
    return [d["name"] for d in search(q, **kw)["results"]]


@pytest.fixture
def catalogue():
    transport = factories.department(name="sx-transport", title="市交通运输局")
    ecology = factories.department(name="sx-ecology", title="市生态环境局")
    health = factories.department(name="sx-health", title="市卫生健康委员会")
    e = factories.entry
    return {
        "bus": e(transport, name="bus", title="绍兴市区公交线路信息",
                 notes="市区公交线路走向、首末班时间及站点信息。", tag_string="公交,线路"),
        "air": e(ecology, name="air", title="绍兴市空气质量实时监测数据", domain="environment",
                 notes="各监测站点 AQI 小时均值，monitoring stations across the city.",
                 tag_string="空气,AQI"),
        "hospital": e(health, name="hospital", title="诸暨市医院名录", domain="health",
                      notes="二级及以上医疗机构的名称、地址、等级。", tag_string="医疗机构"),
        "scenic": e(transport, name="scenic", title="绍兴市A级旅游景区名录",
                    domain="culture_tourism", notes="全市A级旅游景区及等级评定。"),
        "notes_only": e(transport, name="notes-only", title="城市道路施工公告",
                        notes="施工期间部分公交线路临时改道。"),
    }


def test_priority_words_find_their_datasets(catalogue):
    assert names("公交")[0] == "bus"
    assert "air" in names("空气质量")
    assert names("医院") == ["hospital"]
    assert names("景区") == ["scenic"]


def test_every_chinese_substring_of_titles_notes_and_tags_finds_the_dataset(catalogue):
    misses = []
    for key, ds in catalogue.items():
        texts = [ds["title"], ds["notes"]] + [t["name"] for t in ds["tags"]]
        for run in (r for text in texts for r in re.findall(r"[\u4e00-\u9fff]+", text)):
            for size in (2, 3, 4):
                for i in range(len(run) - size + 1):
                    word = run[i:i + size]
                    if ds["name"] not in names(word, rows=50):
                        misses.append((key, word))
    assert misses == []


def test_words_that_appear_nowhere_find_nothing(catalogue):
    for word in ("火车站", "机场", "公线"):
        assert search(word)["count"] == 0, word
    # Words typed in another order than the title's are still words of it (search/query.py).
    assert names("质量空气") == ["air"]


def test_mixed_query_needs_both_terms(catalogue):
    assert names("AQI 空气") == ["air"]
    assert names("AQI 公交") == []


def test_english_stemming_and_exact_phrase_keep_working(catalogue):
    assert names("station") == ["air"]          # "stations" stemmed
    assert names('"空气质量实时"') == ["air"]
    assert names('"实时空气质量"') == []


def test_title_match_ranks_above_notes_only_match(catalogue):
    found = names("公交线路")
    assert found.index("bus") < found.index("notes-only")


def test_department_name_finds_its_datasets(catalogue):
    assert set(names("交通运输局")) == {"bus", "scenic", "notes-only"}


def test_private_entries_are_not_found_by_anonymous(catalogue):
    org = factories.department()
    factories.entry(org, name="secret", title="内部公交调度数据", private=True)
    assert "secret" not in names("公交调度", include_private=False)
