"""The sysadmins' synonym page (/ckan-admin/synonyms): find, add and remove pairs; each change
is a POST answered by a redirect back to the list (post/redirect/get)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint

from ..web import login_or_forbid

search = Blueprint("shaoxing_search", __name__)

PAGE = 100


def _forbidden():
    return login_or_forbid("shaoxing_synonym_create", tk._("Only sysadmins may edit the synonym list"))


def _context() -> dict:
    return {"user": tk.current_user.name}


@search.route("/ckan-admin/synonyms")
def synonyms():
    if (redirect := _forbidden()) is not None:
        return redirect
    q = tk.request.args.get("q", "")
    page = tk.request.args.get("page", "1")
    page = int(page) if page.isascii() and page.isdigit() and 0 < int(page) < 10 ** 6 else 1
    try:
        found = tk.get_action("shaoxing_synonym_list")(_context(), {"q": q, "offset": (page - 1) * PAGE,
                                                                    "limit": PAGE})
        error = None
    except tk.ValidationError as e:
        found, error = {"count": 0, "results": []}, "; ".join(" ".join(v) for v in e.error_dict.values())
    return tk.render("shaoxing/search/synonyms.html", {
        "pairs": found["results"], "total": found["count"], "q": q if error is None else "", "page": page,
        "pages": max(1, -(-found["count"] // PAGE)), "error": error}), (400 if error else 200)


def _change(action: str, done: str):
    if (redirect := _forbidden()) is not None:
        return redirect
    form = tk.request.form
    data = {"term": form.get("term", ""), "synonym": form.get("synonym", "")}
    try:
        tk.get_action(action)(_context(), data)
        tk.h.flash_success(done)
    except tk.ValidationError as e:
        tk.h.flash_error("; ".join(_field_name(k) + ": " + " ".join(v) for k, v in e.error_dict.items()))
    except tk.ObjectNotFound:
        tk.h.flash_error(tk._("No such pair"))
    return tk.redirect_to("shaoxing_search.synonyms")


def _field_name(field: str) -> str:
    return {"term": tk._("Term"), "synonym": tk._("Synonym")}.get(field, field)


@search.route("/ckan-admin/synonyms", methods=["POST"])
def add():
    return _change("shaoxing_synonym_create", tk._("Pair added: it applies to the next search"))


@search.route("/ckan-admin/synonyms/delete", methods=["POST"])
def delete():
    return _change("shaoxing_synonym_delete", tk._("Pair removed: it applies to the next search"))
