"""The comparison the API examples rely on finds what differs (else every example would pass)."""
from tests.docs.examples import mismatches


def test_equal_values_and_wildcards_match():
    doc = {"success": True, "result": {"total": 2, "id": "…", "key": "sxk_…", "records": [{"name": "…"}]}}
    real = {"success": True, "help": "x", "result": {"total": 2, "id": "a1", "key": "sxk_ab_cd", "extra": 1,
                                                      "records": [{"name": "甲", "_id": 1}, {"name": "乙", "_id": 2}]}}
    assert mismatches(doc, real) == []
    assert mismatches({"n": 1}, {"n": 1.0}) == []


def test_differences_are_named():
    assert mismatches({"success": True}, {"success": False}) == ["$.success: documented True, got False"]
    assert mismatches({"a": {"b": 1}}, {"a": {}}) == ["$.a.b: documented, missing from the answer"]
    assert mismatches({"k": "sxk_…"}, {"k": "abc"}) == ["$.k: documented 'sxk_…', got 'abc'"]
    assert mismatches({"r": [{"x": 1}]}, {"r": [{"x": 1}, {"x": 2}]}) == ["$.r[1].x: documented 1, got 2"]
    assert mismatches({"r": [{"x": 1}]}, {"r": []}) == ["$.r: documented elements, the answer's list is empty"]
    assert mismatches({"n": 1}, {"n": True}) == ["$.n: documented 1, got True"]
    assert mismatches({"s": "a"}, {"s": ["a"]}) == ["$.s: documented 'a', got ['a']"]


def test_lists_in_order():
    assert mismatches({"r": [1, 2]}, {"r": [1, 2]}) == []
    assert mismatches({"r": [1, 2]}, {"r": [1, 2, 3]}) == ["$.r: documented 2 elements, got 3"]
    assert mismatches({"r": [1, 2, "…"]}, {"r": [1, 2, 3]}) == []
    assert mismatches({"r": [1, 3, "…"]}, {"r": [1, 2, 3]}) == ["$.r[1]: documented 3, got 2"]
    assert mismatches({"r": ["…"]}, {"r": []}) == []
    assert mismatches({"r": []}, {"r": [1]}) == ["$.r: documented 0 elements, got 1"]
