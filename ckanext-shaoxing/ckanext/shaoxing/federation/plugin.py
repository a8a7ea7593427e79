"""The `shaoxing_federation` plugin, listed after ckanext-dcat's `dcat` and `structured_data`
(devstack/plugins.txt): it must come after them to chain their actions and helper and to see
the search document after `dcat` changed it. It only registers; the work is in this folder. Its
one option (ckanext.shaoxing.federation.catalog_publisher) is declared with the `shaoxing`
plugin's, which is always loaded with it."""
from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from . import actions, helpers, index, views


@tk.blanket.actions(lambda: {name: getattr(actions, name) for name in actions.__all__})
@tk.blanket.helpers(lambda: {name: getattr(helpers, name) for name in helpers.__all__})
@tk.blanket.blueprints(lambda: [views.federation])
class FederationPlugin(p.SingletonPlugin):
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IMiddleware, inherit=True)

    # IPackageController
    def before_dataset_index(self, pkg_dict):
        return index.restore(pkg_dict)

    # IMiddleware
    def make_middleware(self, app, config):
        app.before_request(views.negotiate)
        return app
