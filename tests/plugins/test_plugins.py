"""Both plugins load, declare their configuration, carry translations and migrations."""
import pathlib

import sqlalchemy

import pytest
from ckan.common import config
from ckan.tests import helpers

import ckanext.shaoxing
import ckanext.shaoxing_contest
from tests.conftest import PLUGINS


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins")
def test_status_show_lists_both_plugins():
    extensions = helpers.call_action("status_show")["extensions"]
    assert "shaoxing" in extensions and "shaoxing_contest" in extensions


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins")
def test_config_options_are_declared_with_defaults():
    assert config.get("ckanext.shaoxing.catalog.max_import_rows") == 100000
    assert config.get("ckanext.shaoxing_contest.aggregation") == "trimmed_mean"
    assert config.get("ckanext.shaoxing_contest.trimmed_mean_min_judges") == 5


@pytest.mark.parametrize("package", [ckanext.shaoxing, ckanext.shaoxing_contest])
@pytest.mark.parametrize("locale", ["zh_Hans_CN", "en"])
def test_translation_catalogues_are_compiled(package, locale):
    root = pathlib.Path(package.__file__).parent
    domain = "ckanext-" + root.name
    assert (root / "i18n" / locale / "LC_MESSAGES" / f"{domain}.mo").is_file()


@pytest.mark.usefixtures("with_plugins", "clean_db")
@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
def test_migrations_of_the_shaoxing_plugin_are_applied():
    from ckan import model
    indexes = model.Session.execute(sqlalchemy.text(
        "SELECT indexname FROM pg_indexes WHERE tablename = 'package'")).scalars().all()
    assert "shaoxing_package_catalog_code" in indexes
