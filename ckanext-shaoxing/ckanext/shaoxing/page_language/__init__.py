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


def register(app) -> None:
    """Form errors in the page's language: the portal's validators say "中文 / English" (the JSON
    API keeps both), a page shows the half in its own language; CKAN's "passwords do not match",
    which it files under the first password, goes under the confirmation where the reader typed
    the second."""
    from flask import before_render_template
    before_render_template.connect(_one_language, app)


def _one_language(sender, template, context, **extra) -> None:
    import ckan.plugins.toolkit as tk

    from ..bilingual import in_language
    errors, summary = context.get("errors"), context.get("error_summary")
    if not errors and not summary:
        return
    lang = tk.h.lang() or "zh_Hans_CN"
    if isinstance(errors, dict):
        mismatch = tk._("The passwords you entered do not match")
        if mismatch in (errors.get("password1") or []) and "password2" in context.get("data", {}):
            errors["password1"] = [e for e in errors["password1"] if e != mismatch]
            errors.setdefault("password2", []).append(mismatch)
            if not errors["password1"]:
                del errors["password1"]
        for key, value in errors.items():
            if isinstance(value, list):
                errors[key] = [in_language(v, lang) if isinstance(v, str) else v for v in value]
            elif isinstance(value, str):
                errors[key] = in_language(value, lang)
    if isinstance(summary, dict):
        for key, value in list(summary.items()):
            if isinstance(value, str):
                summary[key] = in_language(value, lang)
