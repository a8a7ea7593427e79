"""The `shaoxing` plugin: registers the features below; no business logic lives here."""
from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from .schemas import validators
from .search import actions as search_actions
from .search import index as search_index
from .search import outage


@tk.blanket.config_declarations
@tk.blanket.cli
@tk.blanket.actions(search_actions)
@tk.blanket.validators(validators)
class ShaoxingPlugin(DefaultTranslation, p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IMiddleware, inherit=True)

    # IConfigurer
    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        tk.add_public_directory(config, "public")

    # IPackageController
    def before_dataset_index(self, pkg_dict):
        return search_index.add_search_fields(pkg_dict)

    # IMiddleware
    def make_middleware(self, app, config):
        outage.register(app)
        return app
