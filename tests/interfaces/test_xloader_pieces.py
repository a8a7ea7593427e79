"""The DataStore load (interfaces/jobs.py `_copy`) calls xloader's loader pieces in xloader's own
order, four of them private (`_notify_datastore_before_update`, `_clear_datastore_resource`,
`_disable_fulltext_trigger`, `_drop_indexes`). requirements-datastore.txt pins the exact xloader
release they were written against; here every piece the load calls is named with the parameters
it passes, so an upgrade that renames or reshapes one fails this test rather than a worker."""
import importlib.metadata
import inspect
import pathlib
import re

import pytest

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
    "create_column_indexes": ["fields", "resource_id", "logger"],
}
UTILS = {"datastore_resource_exists": ["resource_id"], "set_resource_metadata": ["update_dict"]}


def test_the_pinned_xloader_is_the_installed_one():
    pinned = re.search(r"^ckanext-xloader==(\S+)$", (ROOT / "requirements-datastore.txt").read_text(), re.M)
    assert pinned and importlib.metadata.version("ckanext-xloader") == pinned.group(1)


def test_every_piece_the_load_calls_is_listed_here():
    source = inspect.getsource(jobs._copy)
    assert set(re.findall(r"\bloader\.(\w+)\(", source)) == set(LOADER)
    assert {name for name in UTILS if re.search(rf"\b{name}\(", source)} == set(UTILS)


@pytest.mark.parametrize("module, name, parameters", [*((loader, n, p) for n, p in LOADER.items()),
                                                      *((utils, n, p) for n, p in UTILS.items())])
def test_each_piece_exists_with_the_parameters_the_load_passes(module, name, parameters):
    assert list(inspect.signature(getattr(module, name)).parameters) == parameters
