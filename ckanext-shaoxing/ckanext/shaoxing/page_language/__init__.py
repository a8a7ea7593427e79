"""Templates of other plugins' pages said in the page's language, where a template of the portal
cannot reach them from its usual folder: the DataStore's data dictionary names column types by
PostgreSQL's names (int8, text), and the datastore plugin comes before this one in the template
search path (plugins listed first are searched first). This folder goes before every other one."""
from __future__ import annotations

import os

TEMPLATES = os.path.join(os.path.dirname(__file__), "templates")


def templates_first(config) -> None:
    """Called from IConfigurable.configure, after CKAN has computed the search path."""
    paths = [p for p in config.get("computed_template_paths", []) if p != TEMPLATES]
    config["computed_template_paths"] = [TEMPLATES] + paths
