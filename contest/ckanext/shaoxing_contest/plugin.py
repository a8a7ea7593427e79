"""The `shaoxing_contest` plugin: the open-data innovation contest (开放数据创新应用大赛).
Registration only; the features live in actions/, auth.py, views.py, cli.py."""
from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from . import auth, helpers
from .actions import contests, judging, results, submissions, teams
from .views import contest as contest_blueprint


def _exported(*modules) -> dict:
    """Public members (by __all__) of feature modules, for one blanket registration."""
    return {name: getattr(m, name) for m in modules for name in m.__all__}


@tk.blanket.config_declarations
@tk.blanket.cli
@tk.blanket.actions(lambda: _exported(contests, teams, submissions, judging, results))
@tk.blanket.auth_functions(lambda: _exported(auth))
@tk.blanket.helpers(lambda: _exported(helpers))
@tk.blanket.blueprints(lambda: [contest_blueprint])
class ContestPlugin(DefaultTranslation, p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)

    # IConfigurer
    def update_config(self, config):
        tk.add_template_directory(config, "templates")
