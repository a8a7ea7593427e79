"""`ckan shaoxing feedback demo` (make run): requests in different states, once."""
import pytest
from ckan.tests import factories as ckan_factories

from ckanext.shaoxing.feedback import demo
from tests import factories
from tests.conftest import PLUGINS
from tests.feedback.conftest import call

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]


def test_the_demo_requests_are_seeded_once():
    org = factories.department(name="sx-transport", title="市交通运输局")
    factories.entry(org, name="bus-a")
    factories.entry(org, name="bus-b")
    ckan_factories.User(name="sx_citizen")
    assert demo.ensure() == 6 and demo.ensure() == 0
    counts = call("shaoxing_feedback_list", "", limit=100)["counts"]
    assert counts == {"submitted": 1, "routed": 2, "accepted": 1, "declined": 1, "fulfilled": 1}
    assert len(call("shaoxing_holiday_list", "", year=2026)) == 39
