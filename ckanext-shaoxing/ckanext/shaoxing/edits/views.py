"""The conflict page's answer: keep theirs, take yours, or merge field by field; saved (with the
version the page showed as the precondition) and redirected (post/redirect/get)."""
from __future__ import annotations

import json

import ckan.plugins.toolkit as tk
import flask

from . import fields, forms
from .conflicts import Conflict

edits = flask.Blueprint("shaoxing_edits", __name__)


@edits.route("/edits/<kind>/<object_id>/resolve", methods=["POST"])
def resolve(kind: str, object_id: str):
    if kind not in forms.UPDATE:
        return tk.abort(404)
    context = {"user": tk.current_user.name if tk.current_user.is_authenticated else ""}
    try:
        tk.check_access(forms.UPDATE[kind], dict(context), {"id": object_id})
    except tk.ObjectNotFound:
        return tk.abort(404)
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not authorized to edit this"))
    form = flask.request.form
    if not form.get("if_match"):
        return tk.abort(400)
    offered = form.getlist("field")
    answer = form.get("resolve")
    if answer == "mine":
        chosen = offered
    elif answer == "merge":
        chosen = [f for f in offered if form.get(f"choice__{f}") == "mine"]
    else:
        chosen = []
    try:
        mine = {f: json.loads(form.get(f"mine__{f}", "null")) for f in offered}
    except ValueError:
        return tk.abort(400)
    if not chosen:
        tk.h.flash_notice(tk._("Nothing saved: the current version is kept."))
        return tk.redirect_to(forms.read_url(kind, forms.shown(kind, object_id)))
    changes = fields.as_changes(kind, {f: mine[f] for f in chosen})
    try:
        tk.get_action(forms.PATCH[kind])(dict(context), {"id": object_id, "if_match": form["if_match"],
                                                         **changes})
    except Conflict:
        # Changed once more while the page was open: the comparison again, with what was chosen.
        return forms.page(kind, object_id, {f: mine[f] for f in chosen})
    except tk.ValidationError as e:
        summary = "; ".join(f"{k}: {v}" for k, v in (e.error_summary or {}).items())
        return forms.page(kind, object_id, {f: mine[f] for f in chosen}, errors=summary)
    tk.h.flash_success(tk._("Saved: your choices were applied to the current version."))
    return tk.redirect_to(forms.read_url(kind, forms.shown(kind, object_id)))
