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
