"""The DataStore load (interfaces/jobs.py `_copy`, then `index` and `_create_indexes` once the
table answers) calls xloader's loader pieces in xloader's own order, five of them private
(`_notify_datastore_before_update`, `_clear_datastore_resource`, `_disable_fulltext_trigger`,
`_drop_indexes`, `_enable_fulltext_trigger`), and the DataStore's `create_indexes` as xloader's
create_column_indexes does. requirements-datastore.txt pins the exact xloader release they were
written against; here every piece the load calls is named with the parameters it passes, so an
upgrade that renames or reshapes one fails this test rather than a worker."""
import importlib.metadata
import inspect
import pathlib
import re

import pytest

from ckanext.datastore.backend import postgres
from ckanext.shaoxing.interfaces import jobs
from ckanext.xloader import loader, utils

ROOT = pathlib.Path(__file__).resolve().parents[2]
LOADER = {
    "_notify_datastore_before_update": ["resource_id", "existing_fields", "new_headers"],
    "_clear_datastore_resource": ["resource_id"],
    "_disable_fulltext_trigger": ["connection", "resource_id"],
    "_drop_indexes": ["context", "data_dict", "unique"],
    "get_write_engine": [],
    "copy_file": ["csv_filepath", "engine", "logger", "resource_id", "headers", "delimiter"],
    "calculate_record_count": ["resource_id", "logger"],
    "_enable_fulltext_trigger": ["connection", "resource_id"],
}
UTILS = {"datastore_resource_exists": ["resource_id"], "set_resource_metadata": ["update_dict"]}
DATASTORE = {"create_indexes": ["context", "data_dict"]}


def test_the_pinned_xloader_is_the_installed_one():
    pinned = re.search(r"^ckanext-xloader==(\S+)$", (ROOT / "requirements-datastore.txt").read_text(), re.M)
    assert pinned and importlib.metadata.version("ckanext-xloader") == pinned.group(1)


def test_every_piece_the_load_calls_is_listed_here():
    source = "".join(inspect.getsource(f) for f in (jobs._copy, jobs.index, jobs._create_indexes))
    assert set(re.findall(r"\bloader\.(\w+)\(", source)) == set(LOADER)
    assert {name for name in UTILS if re.search(rf"\b{name}\(", source)} == set(UTILS)
    assert {name for name in DATASTORE if re.search(rf"\b{name}\(", source)} == set(DATASTORE)


@pytest.mark.parametrize("module, name, parameters", [*((loader, n, p) for n, p in LOADER.items()),
                                                      *((utils, n, p) for n, p in UTILS.items()),
                                                      *((postgres, n, p) for n, p in DATASTORE.items())])
def test_each_piece_exists_with_the_parameters_the_load_passes(module, name, parameters):
    assert list(inspect.signature(getattr(module, name)).parameters) == parameters
