"""The portal's own pages: the home page's view, how to use the data APIs, and the open-data
licence."""
from __future__ import annotations

import functools

import ckan.plugins.toolkit as tk
import flask
from flask import Blueprint

from ..security import api as security_api
from .helpers import CARE_COOKIE, home_lists

home = Blueprint("shaoxing_home", __name__)


@home.route("/developers")
def developers():
    return tk.render("shaoxing/home/developers.html", {"site": tk.config.get("ckan.site_url").rstrip("/")})


@home.route("/about/licence")
def licence():
    return tk.render("shaoxing/home/licence.html")


@home.route("/care-mode", methods=["POST"])
def care_mode():
    """The 长辈版 switch (larger text, high contrast, bigger targets): a cookie, so no account is
    needed and the next page is rendered in that mode by the server (no flash of the normal page).
    Back to the page the visitor was on (`next`: its path without the language prefix, as CKAN's
    h.current_url() gives it; a local path only: no open redirect)."""
    from flask import redirect, request
    on = request.form.get("on") == "1"
    target = request.form.get("next") or "/"
    if not target.startswith("/") or not security_api.is_safe_redirect(target):   # a path on this site only
        target = "/"
    if not request.environ.get("CKAN_LANG_IS_DEFAULT", True):       # the page's language: /en/...
        target = f"/{request.environ['CKAN_LANG']}{target}"
    res = redirect(target, code=303)
    if on:
        res.set_cookie(CARE_COOKIE, "1", max_age=400 * 24 * 3600, samesite="Lax", httponly=True,
                       secure=request.is_secure)
    else:
        res.delete_cookie(CARE_COOKIE, samesite="Lax", httponly=True, secure=request.is_secure)
    return res


@home.route("/api/i18n/zh_Hans-CN")
def js_translations_zh():
    """CKAN 2.12's JavaScript asks for its translations as `zh_Hans-CN` (it turns only the first
    hyphen of <html lang="zh-Hans-CN"> back into an underscore) and core answers 400, so no JS
    module starts on a Chinese page (the DataStore preview among them). The same translations."""
    from ckan.views.api import i18n_js_translations
    return i18n_js_translations("zh_Hans_CN")


def _site_title_in_page_language() -> None:
    """CKAN's templates name the site by g.site_title (the page title, the About page): on a page
    in another language than the configured (Chinese) title, its name in that language. Set on
    the request's own `g`, never on the app's globals every request shares."""
    if not tk.h.lang().startswith("zh"):
        flask.g.site_title = tk._("Shaoxing Public Data Open Platform")


def register(app) -> None:
    """The home page: CKAN's own view while `ckanext.shaoxing.portal.home` is off. Otherwise the
    portal's, which leaves out CKAN's search (four entries by recent views and the default facets:
    the portal's page shows neither) and keeps the rest of CKAN's view for templates and plugins:
    g.package_count (the public entries, from the home page's cached lists) and the notice to a
    signed-in user without an email address. The page then asks search nothing while its lists
    are cached (home/cache.py)."""
    app.before_request(_site_title_in_page_language)
    ckan_index = app.view_functions.get("home.index")
    if ckan_index is None:
        return

    @functools.wraps(ckan_index)
    def index():
        if not tk.config.get("ckanext.shaoxing.portal.home"):
            return ckan_index()
        lists = home_lists()
        tk.g.package_count = 0 if lists is None else lists["count"]     # 0 as CKAN's after a failed search
        user = tk.current_user
        if user.is_authenticated and not user.email:          # CKAN's words (ckan/views/home.py)
            msg = tk._('Please <a href="%s">update your profile</a> and add your email address. ') \
                % tk.h.url_for("user.edit") \
                + tk._("%s uses your email address if you need to reset your password.") % tk.config.get("ckan.site_title")
            tk.h.flash_notice(msg, allow_html=True)
        return tk.render("home/index.html", {})
    app.view_functions["home.index"] = index
