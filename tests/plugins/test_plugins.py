"""Both plugins load, declare their configuration, carry translations and migrations."""
import gettext
import io
import pathlib

import pytest
import sqlalchemy
from babel.messages import mofile, pofile
from ckan.common import config
from ckan.tests import helpers

import ckanext.shaoxing
import ckanext.shaoxing_contest
from tests.conftest import PLUGINS, ROOT


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_status_show_lists_both_plugins():
    extensions = helpers.call_action("status_show")["extensions"]
    assert "shaoxing" in extensions and "shaoxing_contest" in extensions


def test_the_tests_and_the_portal_use_one_plugin_list():
    # test.ini as loaded for this session (before any test changed it) and as the e2e portal loads it.
    from ckan.cli import CKANConfigLoader
    from ckan.tests.pytest_ckan import ckan_setup
    listed = (ROOT / "devstack" / "plugins.txt").read_text(encoding="utf-8").split()
    assert ckan_setup._config["ckan.plugins"] == listed
    assert CKANConfigLoader(str(ROOT / "test.ini")).get_config()["ckan.plugins"].split() == listed
    assert '"ckan.plugins=$CKAN_PLUGINS"' in (ROOT / "devstack" / "portal.sh").read_text(encoding="utf-8")


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins")
def test_config_options_are_declared_with_defaults():
    assert config.get("ckanext.shaoxing.catalog.max_import_rows") == 100000
    assert config.get("ckanext.shaoxing_contest.aggregation") == "trimmed_mean"
    assert config.get("ckanext.shaoxing_contest.trimmed_mean_min_judges") == 5


def _messages(mo: bytes) -> dict:
    """A compiled catalogue as gettext reads it: msgid (with context, plural index) → msgstr."""
    return gettext.GNUTranslations(io.BytesIO(mo))._catalog


@pytest.mark.parametrize("package", [ckanext.shaoxing, ckanext.shaoxing_contest])
@pytest.mark.parametrize("locale", ["zh_Hans_CN", "en"])
def test_compiled_catalogues_match_their_sources(package, locale):
    root = pathlib.Path(package.__file__).parent
    folder = root / "i18n" / locale / "LC_MESSAGES"
    domain = "ckanext-" + root.name
    with (folder / f"{domain}.po").open("rb") as f:
        source = pofile.read_po(f, locale=locale)
    compiled = io.BytesIO()
    mofile.write_mo(compiled, source, use_fuzzy=True)   # as devstack/i18n.sh compiles it
    shipped = _messages((folder / f"{domain}.mo").read_bytes())
    assert shipped == _messages(compiled.getvalue()), f"{domain}.mo ({locale}) is stale: run devstack/i18n.sh"
    if locale == "zh_Hans_CN" and package is ckanext.shaoxing:
        assert len(shipped) > 50        # the catalogue really carries the plugin's strings


@pytest.mark.usefixtures("with_plugins", "clean_db")
@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
def test_migrations_of_the_shaoxing_plugin_are_applied():
    from ckan import model
    indexes = model.Session.execute(sqlalchemy.text(
        "SELECT indexname FROM pg_indexes WHERE tablename = 'package'")).scalars().all()
    assert "shaoxing_package_catalog_code" in indexes
