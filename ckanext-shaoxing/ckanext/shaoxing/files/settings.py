"""The storages the portal needs, when the site configures none of that name: a folder under
`ckan.storage_path` for each (CKAN's layout for resources), so `make run` and the tests keep a
filesystem storage with no setting; and the resource size limit in force for CKAN too. Run from
IConfigurer.update_config, before CKAN builds its storages from the configuration."""
from __future__ import annotations

import math
import os

from . import api

MB = 1024 * 1024


def _declared(config, key: str) -> str:
    return config.get(key) or ""


def apply(config) -> None:
    limit = int(config.get("ckanext.shaoxing.files.max_resource_size") or 5 * 1024 ** 3)
    config["ckan.max_resource_size"] = math.ceil(limit / MB)
    root = config.get("ckan.storage_path")
    names = {api.RESOURCES: _declared(config, "ckan.files.default_storages.resource") or "resources",
             api.CONTEST: _declared(config, "ckanext.shaoxing.files.contest_storage") or "contest",
             api.CATALOG: _declared(config, "ckanext.shaoxing.files.catalog_storage") or "catalog",
             api.FEEDBACK: _declared(config, "ckanext.shaoxing.files.feedback_storage") or "feedback"}
    for kind, name in names.items():
        prefix = f"ckan.files.storage.{name}."
        if any(str(k).startswith(prefix) for k in config) or not root:
            continue
        config[prefix + "type"] = "ckan:fs"
        config[prefix + "path"] = os.path.join(root, api.FOLDERS[kind])
        config[prefix + "initialize"] = True
        if kind == api.RESOURCES:
            config[prefix + "max_size"] = limit
