"""The three view plugins (CKAN's IResourceView: a department adds, edits and removes them on the
resource's page, and `ckanapi` dumps and loads them with the entry): `shaoxing_map`,
`shaoxing_region`, `shaoxing_chart`. One plugin each, as CKAN ties one view type to one plugin;
they only register — the settings come from choose.py, the data from the actions, the drawing
from public/shaoxing/dataviews.js. Listed in `ckan.views.default_views`, they are made when a
table's load ends (interfaces/jobs.py adds the default views then), once: a reload finds the
view of its type and adds none."""
from __future__ import annotations

import json

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ..access import api as access_api
from . import auth, choose, geometry

KEYS = {"shaoxing_map": ("longitude", "latitude", "crs", "label"),
        "shaoxing_region": ("group_by", "aggregation", "value"),
        "shaoxing_chart": ("chart", "group_by", "group", "aggregation", "value", "bins")}
CHOICES = {"crs": ("wgs84", "gcj02", "bd09"), "aggregation": ("count", "sum", "avg"),
           "chart": ("line", "bar", "histogram"), "group": ("category", "day", "month", "year", "bin")}


def _setting(key: str):
    def check(value):
        if not isinstance(value, str) or "\x00" in value or len(value) > 100:
            raise tk.Invalid(tk._("Choose a column of the table"))
        if key in CHOICES and value and value not in CHOICES[key]:
            raise tk.Invalid(tk._("Choose one of the options offered"))
        if key == "bins" and value and not (value.isdigit() and 2 <= int(value) <= 50):
            raise tk.Invalid(tk._("Choose one of the options offered"))
        return value
    return check


class _View(p.SingletonPlugin):
    p.implements(p.IResourceView, inherit=True)
    name = ""
    icon = ""

    def _title(self) -> str:
        raise NotImplementedError

    def info(self):
        ignore_empty = tk.get_validator("ignore_empty")
        return {"name": self.name, "title": self._title(), "default_title": self._title(), "icon": self.icon,
                "requires_datastore": True, "iframed": False, "always_available": False,
                "schema": {key: [ignore_empty, _setting(key)] for key in KEYS[self.name]}}

    def can_view(self, data_dict):
        resource = data_dict.get("resource") or {}
        package = data_dict.get("package") or {}
        return bool(resource.get("datastore_active")) and choose.defaults(self.name, package) is not None

    def view_template(self, context, data_dict):
        return "shaoxing/dataviews/view.html"

    def form_template(self, context, data_dict):
        return "shaoxing/dataviews/form.html"

    def setup_template_variables(self, context, data_dict):
        return setup(self.name, context, data_dict)


def settings(view_type: str, package: dict, view: dict) -> dict:
    """The view's own settings over those chosen from the data items."""
    chosen = choose.defaults(view_type, package) or {}
    return {**chosen, **{k: view[k] for k in KEYS[view_type] if view.get(k)}}


def setup(view_type: str, context, data_dict) -> dict:
    package, resource, view = data_dict["package"], data_dict["resource"], data_dict.get("resource_view") or {}
    config = settings(view_type, package, view)
    if view_type == "shaoxing_chart":
        config["group"] = {"line": config.get("group") if config.get("group") in ("day", "month", "year") else "month",
                           "histogram": "bin"}.get(config.get("chart"), "category")
    if view_type == "shaoxing_region":
        config["group"] = "region"
    decision = auth.refusal(resource["id"]) or access_api.decide(resource, package, context.get("user") or None,
                                                                 consume=False)
    refusal = None
    if not decision.allowed:
        zh, en = decision.reason
        refusal = zh if str(tk.h.lang() or "").startswith("zh") else en
    labels = {i["field_name"]: i.get("field_label") or i["field_name"] for i in choose.items(package)}
    page = {"type": view_type, "resource_id": resource["id"], "config": config, "labels": labels,
            "geometry": tk.h.url_for_static(geometry.URL), "districts": geometry.DISTRICTS,
            "districts_en": geometry.DISTRICTS_EN}
    return {"sx_view": page, "sx_view_json": json.dumps(page, ensure_ascii=False),
            "sx_refusal": refusal, "sx_columns": list(labels.items()),
            "sx_keys": KEYS[view_type], "sx_embed": tk.h.url_for("shaoxing_dataviews.embed", view_id=view["id"],
                                                                 _external=True) if view.get("id") else None}


class MapView(_View):
    name, icon = "shaoxing_map", "map-marker"

    def _title(self):
        return tk._("Map")


class RegionView(_View):
    name, icon = "shaoxing_region", "map"

    def _title(self):
        return tk._("Districts")


class ChartView(_View):
    name, icon = "shaoxing_chart", "chart-bar"

    def _title(self):
        return tk._("Chart")
