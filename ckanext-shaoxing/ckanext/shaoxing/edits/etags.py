"""ETags on the action API's show answers, for clients that send them back as If-Match."""
from __future__ import annotations

import json

import flask

from . import versions

SHOWN = {"package_show": "dataset", "resource_show": "resource", "organization_show": "organization",
         "shaoxing_company_show": "company"}


def register(app) -> None:
    app.after_request(_etag)


def _etag(response):
    request = flask.request
    if request.endpoint != "api.action" or response.status_code != 200:
        return response
    kind = SHOWN.get((request.view_args or {}).get("logic_function", ""))
    if kind is None:
        return response
    try:
        result = json.loads(response.get_data())["result"]
    except (ValueError, KeyError, TypeError):
        return response
    if kind == "organization":
        version = versions.current(kind, result["id"])
    elif kind == "company":     # its answer carries its version (a digest of its editable columns)
        version = result.get("version")
    else:
        version = result.get("metadata_modified")
    if version:
        response.headers["ETag"] = versions.etag(version)
    return response
