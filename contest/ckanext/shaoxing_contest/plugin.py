"""The `shaoxing_contest` plugin: the open-data innovation contest (开放数据创新应用大赛)."""
from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation


@tk.blanket.config_declarations
class ContestPlugin(DefaultTranslation, p.SingletonPlugin):
    # Templates, views and tables arrive with the contest's features.
    p.implements(p.ITranslation)
