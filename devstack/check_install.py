"""Run by check_install.sh inside the pip-installed environment: the plugins load from
site-packages with their templates, schemas, translations and migrations."""
import pathlib
import sys

from ckan.cli import CKANConfigLoader
from ckan.config.middleware import make_app

import ckanext.shaoxing
import ckanext.shaoxing_contest

ini = sys.argv[1]
for package in (ckanext.shaoxing, ckanext.shaoxing_contest):
    root = pathlib.Path(package.__file__).parent
    assert "site-packages" in str(root), f"{package.__name__} imported from {root}, not the install"
    for needed in ("config_declaration.yaml", "i18n/zh_Hans_CN/LC_MESSAGES", "migration"):
        assert (root / needed).exists(), f"{needed} missing from the installed {package.__name__}"

app = make_app(CKANConfigLoader(ini).get_config())
client = app.test_client()
status = client.get("/api/3/action/status_show").get_json()["result"]
assert {"shaoxing", "shaoxing_contest"} <= set(status["extensions"]), status["extensions"]
schema = client.get("/api/3/action/scheming_dataset_schema_show?type=dataset").get_json()["result"]
assert "catalog_code" in [f["field_name"] for f in schema["dataset_fields"]]
home = client.get("/en/").get_data(as_text=True)
assert "Browse by domain" in home and "shaoxing-figures" in home, "templates of the installed plugin are not used"
for path in ("/shaoxing/logo.svg", "/shaoxing/portal.css", "/contest"):   # public files and the contest's templates
    assert client.get(path).status_code == 200, f"{path} is not served by the installed plugins"
print("pip install . gives working plugins:", ", ".join(status["extensions"]))
