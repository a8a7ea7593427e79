"""The rankings of a generated contest (the bench's shape: 40 entries × 7 judges × 5 criteria),
pinned for every aggregation: a faster aggregation must rank, score and mark ties exactly as
this one did."""
import hashlib
import json

import pytest
import sqlalchemy as sa
from ckan import model

from bench.contest_ranking import GENERATE
from ckanext.shaoxing_contest import ranking
from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS), pytest.mark.usefixtures("with_plugins", "clean_db")]

# sha256 of the result's JSON (sorted keys), {anonymous: digest}, as computed before any speed-up.
PINNED = {"mean": {False: "4a31df3902d18c6d0a49d5c59193841c38f228f3de3001a220fba1c02f97a5b5",
                   True: "70bdc49582a613c214c3ea8889fef62e7bbb43ea25cb188a5554cafd59e3e23e"},
          "trimmed_mean": {False: "4b4953d1a44bd291aba58b9941ea423f3221fd76ed96c422cac68b21b14194dc",
                           True: "8c009ce2bdf8855c62ce95b0448482729330f554c5c15f80d7fff793f5db1a8b"},
          "zscore": {False: "4b48e3afbc77a9ace0d3d625b3eec5bfde8f313a5647d076fa6c8fa3bf057997",
                     True: "ac3bfa64fbac5bc25c55e2ed07c45f49a07b8b25ab6da3e23c41bf9681f3e0a2"}}


@pytest.mark.parametrize("anonymous", [False, True])
def test_rankings_are_pinned(anonymous):
    model.Session.execute(sa.text(GENERATE), {"n": 40, "judges": 7})
    model.Session.commit()
    got = {}
    for method in PINNED:
        result = ranking.compute("bench-contest", "preliminary", method, anonymous)
        assert len(result["entries"]) == 40 and result["entries"][0]["judges"] == 7
        got[method] = hashlib.sha256(json.dumps(result, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    assert got == {method: digests[anonymous] for method, digests in PINNED.items()}
