"""Bad input on core's data views answers a field error, never a 500 (409, the body of CKAN's
API errors, bilingual, naming the field):
- the DataTables preview's download form (`POST /datatables/filtered-download/<view>`) and its
  page requests (`POST /datatables/ajax/<view>`) are checked before core's views read them: core
  indexes the posted `params` JSON and numbers blindly, so `params={}`, a wrong shape or
  `draw=x` was a 500 (hand-written: the shape is small and the project carries no JSON-Schema
  library);
- a ValidationError that a view lets through (the DataStore dump pages through datastore_search,
  whose checks refuse e.g. a NUL inside `q`) is the caller's error, not the server's."""
from __future__ import annotations

import json
from collections.abc import Callable

import ckan.plugins.toolkit as tk
from flask import jsonify, request

from ..params import message

DOWNLOAD = "datatablesview.filtered_download"
AJAX = "datatablesview.ajax"
FORMATS = ("csv", "tsv", "json", "xml")


class FormError(Exception):
    def __init__(self, field: str, zh: str, en: str):
        super().__init__(field)
        self.field, self.message = field, message(zh, en)


def _need(ok: bool, field: str, zh: str, en: str) -> None:
    if not ok:
        raise FormError(field, zh, en)


def _object(value, field: str) -> dict:
    _need(isinstance(value, dict), field, "应为 JSON 对象", "must be a JSON object")
    return value


def _list(value, field: str) -> list:
    _need(isinstance(value, list), field, "应为 JSON 数组", "must be a JSON array")
    return value


def _text(value, field: str) -> str:
    _need(isinstance(value, str) and "\x00" not in value, field, "应为不含空字符的文本",
          "must be text without NUL characters")
    return value


def check(form, columns: Callable[[], int | None]) -> dict:
    """The posted `params` as core's view will read them; FormError names the first wrong part.
    `columns()`: how many columns the view shows (the bound of a sort column), None if unknown."""
    _need("format" in form and form["format"] in FORMATS, "format", "应为 csv、tsv、json 或 xml 之一",
          "must be one of csv, tsv, json, xml")
    _need("params" in form, "params", "缺少该字段", "missing value")
    try:
        params = json.loads(form["params"])
    except (ValueError, RecursionError):
        raise FormError("params", "应为 JSON 对象", "must be a JSON object")
    _object(params, "params")
    for name in ("search", "order", "visible", "columns"):
        _need(name in params, f"params.{name}", "缺少该字段", "missing value")
    _text(_object(params["search"], "params.search").get("value"), "params.search.value")
    orders = _list(params["order"], "params.order")
    shown = columns() if orders else None
    for i, order in enumerate(orders):
        field = f"params.order[{i}]"
        column = _object(order, field).get("column")
        _need(isinstance(column, int) and not isinstance(column, bool) and 0 <= column
              and (shown is None or column < shown), f"{field}.column",
              "应为所显示列的序号（从 0 起）", "must be the number of a shown column, from 0")
        _text(order.get("dir"), f"{field}.dir")
    _need(all(isinstance(v, bool) for v in _list(params["visible"], "params.visible")), "params.visible",
          "应为布尔值数组", "must be an array of booleans")
    for i, column in enumerate(_list(params["columns"], "params.columns")):
        field = f"params.columns[{i}]"
        search = _object(_object(column, field).get("search"), f"{field}.search")
        if _text(search.get("value", ""), f"{field}.search.value"):
            _text(column.get("name"), f"{field}.name")
    return params


def _whole(text: str) -> bool:
    try:
        int(text)
    except ValueError:
        return False
    return True


def check_ajax(form, columns: Callable[[], int | None]) -> None:
    """The table view's page request as core's view reads it (`draw`, `start`, `length`, the
    sort columns); FormError names the first wrong field. Missing fields are core's 400 already."""
    for name in ("draw", "start", "length"):
        _need(name not in form or _whole(form[name]), name, "应为整数", "must be a whole number")
    shown, i = None, 0
    while f"order[{i}][column]" in form:
        field = f"order[{i}][column]"
        shown = columns() if shown is None else shown
        value = form[field]
        _need(_whole(value) and 0 <= int(value) and (shown is None or int(value) < shown), field,
              "应为所显示列的序号（从 0 起）", "must be the number of a shown column, from 0")
        i += 1


def _shown_columns(view_id: str) -> int | None:
    # As core's view counts them: the table's fields, narrowed to the view's shown fields.
    try:
        view = tk.get_action("resource_view_show")({}, {"id": view_id})
        fields = tk.get_action("datastore_search")({"shaoxing_uncounted": True},
                                                   {"resource_id": view["resource_id"], "limit": 0})["fields"]
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        return None     # core's view answers these itself
    ids = [f["id"] for f in fields]
    if "show_fields" in view:
        ids = [c for c in ids if c in view["show_fields"]]
    return len(ids)


def _field_errors(errors: dict):
    return jsonify({"success": False, "error": {"__type": "Validation Error", **errors}}), 409


def register(app) -> None:
    app.register_error_handler(tk.ValidationError, lambda e: _field_errors(e.error_dict))

    @app.before_request
    def check_table_view_forms():
        if request.endpoint not in (DOWNLOAD, AJAX) or request.method != "POST":
            return None
        view_id = (request.view_args or {}).get("resource_view_id") or ""
        try:
            (check if request.endpoint == DOWNLOAD else check_ajax)(request.form, lambda: _shown_columns(view_id))
        except FormError as e:
            return _field_errors({e.field: [e.message]})
        return None
