"""The quality check's results pinned on a generated table with every kind of fault
(tests/governance/flawed.py): the profile of every column and the stored report (scores,
dimensions, evidence, privacy findings) must not move when the check is made faster. The pinned
figures are in pinned_report.json; the same table in UTF-8, UTF-8 with BOM and GBK gives them all."""
import csv
import dataclasses
import io
import json
import pathlib

import pytest

from ckanext.shaoxing import tabular
from ckanext.shaoxing.governance.checks.table import Profiler, first_row
from tests.conftest import PLUGINS
from tests.governance import flawed
from tests.governance.conftest import DAY, check, entry_with

PINNED = json.loads((pathlib.Path(__file__).parent / "pinned_report.json").read_text(encoding="utf-8"))


def flawed_csv(encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(flawed.rows())
    return out.getvalue().encode(encoding)


def profile_of(path: str, unique_rows: int) -> dict:
    rows = tabular.rows_of(path, "csv", 0)
    header = first_row(rows)
    items = {i["field_name"]: i for i in flawed.ITEMS}
    profile = Profiler(header, items, DAY, flawed.REGIONS, unique_rows).run(rows)
    return json.loads(json.dumps(dataclasses.asdict(profile), ensure_ascii=False))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_the_profile_of_a_flawed_table_is_pinned(tmp_path, encoding):
    path = tmp_path / "flawed.csv"
    path.write_bytes(flawed_csv(encoding))
    assert profile_of(str(path), 250_000) == PINNED["profile"]
    assert profile_of(str(path), 8_000) == PINNED["profile_capped"]        # duplicates over the first 8,000 rows


def report(result: dict) -> dict:
    privacy = [{k: v for k, v in p.items() if k != "resource_id"} for p in result["privacy"]]
    return json.loads(json.dumps({"score": result["score"], "passed": result["passed"], "errors": result["errors"],
                                  "dimensions": result["dimensions"], "privacy": privacy}, ensure_ascii=False))


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_the_report_of_a_flawed_table_is_pinned(org):
    result = check(entry_with(org, flawed_csv(), data_items=flawed.ITEMS, record_count="12000"))
    assert report(result) == PINNED["report"]
