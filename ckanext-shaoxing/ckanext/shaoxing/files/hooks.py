"""Where stored files meet HTTP:
- an upload whose declared length (Content-Length) is over the limit is refused (413) before its
  body is read: werkzeug reads a form's body only when asked, and this hook runs before CSRF's
  check (which reads the form) and any view; the message names the limit (a page in its language, the API bilingual);
- a storage that fails (api.Unavailable, or file_keeper's or the disk's error under CKAN's own
  download view) answers 503 with a message, never a 500."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
import file_keeper as fk
from flask import g, jsonify, make_response, request

from . import api
from .uploader import human

UPLOAD_ACTIONS = ("resource_create", "resource_update", "resource_patch", "package_create", "package_update",
                  "package_patch", "package_revise")
# CKAN's views that take a resource's file, and the ones that send it.
UPLOAD_VIEWS = ("ckan.views.resource.CreateView", "ckan.views.resource.EditView")
FILE_VIEWS = ("ckan.views.resource.download",)
# Room for the form's other fields beside the file.
SLACK = 1024 * 1024


def _view(app) -> str:
    view = app.view_functions.get(request.endpoint)
    if view is None:
        return ""
    cls = getattr(view, "view_class", None)
    target = cls or view
    return f"{target.__module__}.{target.__qualname__}"


def _takes_upload(app) -> bool:
    if request.method not in ("POST", "PUT"):
        return False
    if request.endpoint == "api.action":
        return (request.view_args or {}).get("logic_function") in UPLOAD_ACTIONS
    return _view(app) in UPLOAD_VIEWS


def _page_language() -> str:
    return "zh" if str(tk.h.lang() or "zh").startswith("zh") else "en"


def _api() -> bool:
    return request.path.startswith("/api/")


def _answer(status: int, zh: str, en: str, kind: str):
    if _api():
        response = jsonify({"success": False, "error": {"__type": kind, "message": f"{zh} / {en}",
                                                        "message_zh": zh, "message_en": en}})
        response.status_code = status
    else:
        text = zh if _page_language() == "zh" else en
        response = make_response(tk.render("shaoxing/files/refused.html", {"status": status, "reason": text}),
                                 status)
    if status == 503:
        response.headers["Retry-After"] = "30"
    # The body was not read: the connection cannot carry another request.
    if status == 413:
        response.headers["Connection"] = "close"
    return response


def unavailable():
    return _answer(503, *api.DOWN, "Service Unavailable")


def register(app) -> None:
    # An upload's file part is spooled on the storage's disk as it arrives (api.spool_file).
    class Request(app.request_class):
        def _get_file_stream(self, total_content_length, content_type, filename=None, content_length=None):
            spooled = api.spool_file(total_content_length) if _takes_upload(app) else None
            return spooled or super()._get_file_stream(total_content_length, content_type, filename, content_length)

    app.request_class = Request

    def refuse_over_limit():
        length = request.content_length
        if not length or not _takes_upload(app):
            return None
        limit = api.limit_bytes()
        if length <= limit + SLACK:
            return None
        return _answer(413, f"文件过大：上传的文件不能超过 {human(limit)}",
                       f"the file is too large: uploads may be at most {human(limit)}", "Request Entity Too Large")

    # Right after CKAN's own first hook (the user is known, for the page), before CSRF's, which
    # reads the form, hence the whole body.
    hooks = app.before_request_funcs.setdefault(None, [])
    first = next((i + 1 for i, f in enumerate(hooks) if f.__name__ == "ckan_before_request"), 0)
    hooks.insert(first, refuse_over_limit)

    app.register_error_handler(api.Unavailable, lambda e: unavailable())

    @app.after_request
    def storage_failed_in_an_action(response):
        if response.status_code == 500 and g.get("shaoxing_storage_failed"):
            return unavailable()
        return response

    def storage_failed(e):
        if _view(app) in FILE_VIEWS:
            return unavailable()
        raise e

    # CKAN's download view reads the storage itself: its failure is the storage's.
    app.register_error_handler(fk.exc.FilesError, storage_failed)
    app.register_error_handler(OSError, storage_failed)
