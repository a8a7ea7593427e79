"""Chinese typed into the table preview's search boxes. CKAN's DataTables view turns every
character outside [0-9a-zA-Z-] into `_` before it searches (a full-text prefix query, `_:*` for
越城), so a Chinese search found nothing, and its "download filtered" gave an empty file.

The words as typed are kept for the request; the DataStore query whose `q` is their mangled form
gets them back (`restore`, the IDatastore step before chinese_q's), and the filtered download's
redirect to the dump carries them instead of the mangled form. chinese_q then matches them as
substrings, as everywhere else. Searches without Chinese keep CKAN's own behaviour."""
from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import g, request

from .chinese_q import CJK
from .data_paths import AJAX, DOWNLOAD

_MANGLE = re.compile(r"[^0-9a-zA-Z\-]+")     # the view's own rule


def _mangled(text: str) -> str:
    return _MANGLE.sub("_", text) + ":*"


def _typed(form) -> dict[str, str]:
    """{"": the global search, column name: its search} as typed, those holding Chinese only."""
    words = {}
    if request.endpoint == AJAX:
        words[""] = form.get("search[value]", "")
        i = 0
        while f"columns[{i}][search][value]" in form:
            words[form.get(f"columns[{i}][name]", "")] = form[f"columns[{i}][search][value]"]
            i += 1
    else:   # DOWNLOAD: checked by data_paths before this runs
        params = json.loads(form["params"])
        words[""] = params["search"].get("value") or ""
        for column in params["columns"]:
            words[column.get("name") or ""] = column["search"].get("value") or ""
    return {k: v for k, v in words.items() if isinstance(v, str) and CJK.search(v)}


def _restored(q):
    words = g.get("shaoxing_preview_words") or {}
    if isinstance(q, str) and "" in words and q == _mangled(words[""]):
        return words[""]
    if isinstance(q, dict):
        return {k: (words[k] if k in words and k and v == _mangled(words[k]) else v) for k, v in q.items()}
    return q


def restore(data_dict: dict) -> None:
    """The preview's mangled `q` of this request back to the words typed (in place)."""
    try:
        if not g.get("shaoxing_preview_words"):
            return
    except RuntimeError:        # no request: the portal's own code
        return
    data_dict["q"] = _restored(data_dict.get("q"))


def register(app) -> None:
    @app.before_request
    def keep_typed_words():
        if request.endpoint in (AJAX, DOWNLOAD) and request.method == "POST":
            g.shaoxing_preview_words = _typed(request.form)

    @app.after_request
    def unmangle_download(response):
        if request.endpoint != DOWNLOAD or not g.get("shaoxing_preview_words") or "Location" not in response.headers:
            return response
        parts = urlsplit(response.headers["Location"])
        query = []
        for key, value in parse_qsl(parts.query, keep_blank_values=True):
            if key == "plain":      # the words as typed are not to_tsquery's syntax
                value = "True"
            elif key == "q":
                try:
                    q = json.loads(value) if value.startswith("{") else value
                except ValueError:
                    q = value
                q = _restored(q)
                value = json.dumps(q, ensure_ascii=False) if isinstance(q, dict) else q
            query.append((key, value))
        response.headers["Location"] = urlunsplit(parts._replace(query=urlencode(query)))
        return response
