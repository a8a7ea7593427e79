"""The portal's own information pages: how to use the data APIs, and the open-data licence."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint

home = Blueprint("shaoxing_home", __name__)


@home.route("/developers")
def developers():
    return tk.render("shaoxing/home/developers.html", {"site": tk.config.get("ckan.site_url").rstrip("/")})


@home.route("/about/licence")
def licence():
    return tk.render("shaoxing/home/licence.html")


@home.route("/api/i18n/zh_Hans-CN")
def js_translations_zh():
    """CKAN 2.12's JavaScript asks for its translations as `zh_Hans-CN` (it turns only the first
    hyphen of <html lang="zh-Hans-CN"> back into an underscore) and core answers 400, so no JS
    module starts on a Chinese page (the DataStore preview among them). The same translations."""
    from ckan.views.api import i18n_js_translations
    return i18n_js_translations("zh_Hans_CN")
