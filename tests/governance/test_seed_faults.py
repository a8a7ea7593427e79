"""The seed's faulty entries: each fails the check for its own fault; the ID file is quarantined."""
import pytest

from ckanext.shaoxing.governance import run
from ckanext.shaoxing.seed import faults
from ckanext.shaoxing.seed.cli import site_context
from tests import factories
from tests.conftest import PLUGINS, ROOT
from tests.governance.conftest import DAY, evidence

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]
FOLDER = ROOT / "catalog_seed" / "faults"


def test_each_faulty_entry_fails_for_its_fault():
    for name in ("sx-housing", "sx-transport", "sx-civil-affairs"):
        factories.department(name=name)
    assert faults.load(site_context(), FOLDER) == (5, 0)
    assert faults.load(site_context(), FOLDER) == (0, 5)          # safe to run again
    results = {code: run.check(code, day=DAY) for code in
               ("sx-csgl-2025-9001", "sx-csgl-2025-9002", "sx-csgl-2025-9003", "sx-csgl-2025-9004", "sx-msfw-2025-9005")}
    assert not any(r["passed"] for r in results.values())
    assert evidence(results["sx-csgl-2025-9001"], "uniqueness")["duplicate_rows"]["count"] == 6
    assert evidence(results["sx-csgl-2025-9002"], "accuracy")["wrong_type"]["count"] == 6
    assert evidence(results["sx-csgl-2025-9003"], "timeliness")["late"]["count"] > 90
    assert "unreachable" in evidence(results["sx-csgl-2025-9004"], "accessibility")
    ids = results["sx-msfw-2025-9005"]["privacy"][0]
    assert ids["state"] == "quarantined" and ids["findings"] == [{"column": "id_number", "kind": "resident_id", "count": 10}]
