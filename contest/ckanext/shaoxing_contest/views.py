"""Contest pages (Flask blueprint): the contest page, registration, the team's workspace, the
judge's queue, the admin's console, the gallery, the results workbook and submission files.
Every page calls the contest actions, so the pages and the API share one set of rules."""
from __future__ import annotations

import io
import json

import ckan.plugins.toolkit as tk
from flask import Blueprint, redirect, send_file
from openpyxl import Workbook

from ckanext.shaoxing.bilingual import in_language
from ckanext.shaoxing.edits import api as edits
from ckanext.shaoxing.spreadsheet import cells
from ckanext.shaoxing.web import signed_in

from . import access, state, uploads

contest = Blueprint("shaoxing_contest", __name__)


def _context() -> dict:
    return {"user": tk.current_user.name if tk.current_user.is_authenticated else ""}


def _act(action: str, /, **data):
    return tk.get_action(action)(_context(), data)


def _try(action: str, /, **data):
    """An action's result, or None when the caller may not see it."""
    try:
        return _act(action, **data)
    except (tk.NotAuthorized, tk.ObjectNotFound, tk.ValidationError):
        return None


def _contest(name: str) -> dict:
    try:
        return _act("contest_show", id=name)
    except (tk.ObjectNotFound, tk.ValidationError):     # no such name, or not a name at all
        tk.abort(404, tk._("Contest not found"))


def _errors(e: tk.ValidationError) -> list[str]:
    return [f"{k}: {' '.join(map(str, v))}" for k, v in e.error_dict.items()]


def _post(action: str, data: dict, success: str, back: str):
    """Run a form's action; flash the outcome; back to `back`."""
    try:
        _act(action, **data)
        tk.h.flash_success(success)
    except tk.ValidationError as e:
        tk.h.flash_error("; ".join(_errors(e)))
    except tk.NotAuthorized as e:
        tk.h.flash_error(str(e) or tk._("Not authorized"))
    return redirect(back)   # relative: the page the form came from, on whichever host served it


@contest.route("/contest")
def index():
    return tk.render("contest/index.html", {"contests": _act("contest_list")})


def _read_page(c: dict, form: dict | None = None, errors: dict | None = None) -> str:
    pack = tk.get_action("package_search")({}, {"fq": f'tags:"{c["dataset_tag"]}"', "rows": 12})
    mine = _try("contest_my_team", id=c["id"]) if tk.current_user.is_authenticated else None
    return tk.render("contest/read.html", {"contest": c, "pack": pack, "mine": mine, "form": form or {},
                                           "errors": errors or {}})


@contest.route("/contest/<name>")
def read(name):
    return _read_page(_contest(name))


REGISTER_FIELDS = ("name", "track", "entrant_type", "organization_name", "members")


@contest.route("/contest/<name>/register", methods=["POST"])
@signed_in
def register(name):
    c = _contest(name)
    form = {k: tk.request.form.get(k, "") for k in REGISTER_FIELDS}
    members = [u.strip() for u in form["members"].replace("，", ",").split(",") if u.strip()]
    data = {**form, "contest_id": c["id"], "members": [{"email": m} if "@" in m else {"user": m} for m in members]}
    try:
        _act("contest_team_register", **data)
    except tk.ValidationError as e:
        # The form again as typed, the error beside its field, in the page's language.
        lang = tk.h.lang()
        errors = {k: "; ".join(in_language(t, lang) for t in (v if isinstance(v, list) else [v]))
                  for k, v in e.error_dict.items()}
        return _read_page(c, form, errors), 400
    except tk.NotAuthorized as e:
        tk.h.flash_error(str(e) or tk._("Not authorized"))
        return redirect(tk.url_for("shaoxing_contest.read", name=c["name"]))
    tk.h.flash_success(tk._("Your team is registered."))
    return redirect(tk.url_for("shaoxing_contest.team", name=c["name"]))


@contest.route("/contest/<name>/team")
@signed_in
def team(name):
    c = _contest(name)
    mine = _act("contest_my_team", id=c["id"])
    subs = _act("contest_submission_list", team_id=mine["team"]["id"]) if mine["team"] else []
    return tk.render("contest/team.html", {"contest": c, "mine": mine, "submissions": {s["phase"]: s for s in subs}})


@contest.route("/contest/<name>/team/invitation", methods=["POST"])
@signed_in
def invitation(name):
    form = tk.request.form
    accept = form.get("accept") == "true"
    return _post("contest_invitation_respond", {"team_id": form.get("team_id", ""), "accept": accept},
                 tk._("Invitation accepted.") if accept else tk._("Invitation declined."),
                 tk.url_for("shaoxing_contest.team", name=name))


@contest.route("/contest/<name>/team/invite", methods=["POST"])
@signed_in
def invite(name):
    form = tk.request.form
    members = [u.strip() for u in form.get("members", "").replace("，", ",").split(",") if u.strip()]
    return _post("contest_team_invite", {"team_id": form.get("team_id", ""),
                                         "members": [{"email": m} if "@" in m else {"user": m} for m in members]},
                 tk._("Invitations sent."), tk.url_for("shaoxing_contest.team", name=name))


@contest.route("/contest/<name>/team/submission", methods=["POST"])
@signed_in
def submission(name):
    form = tk.request.form
    data = {k: form.get(k, "") for k in ("title", "summary", "track", "demo_url", "repository_url")}
    data = {k: v for k, v in data.items() if v or k == "title"}
    data["dataset_ids"] = [d.strip() for d in form.get("dataset_ids", "").replace("，", ",").replace("\n", ",")
                           .split(",") if d.strip()]
    data["proposal_upload"] = tk.request.files.get("proposal_upload")
    data["screenshots_upload"] = tk.request.files.getlist("screenshots_upload")
    if form.get("remove_screenshots"):
        data["remove_screenshots"] = form.getlist("remove_screenshots")
    if form.get("id"):
        data.update(id=form["id"], if_match=form.get("if_match", ""))
        try:
            _act("contest_submission_update", **data)
        except edits.Conflict:
            # Saved by a teammate since this form was opened: both versions, field by field.
            return edits.conflict_page("contest_submission", form["id"], data)
        except tk.ValidationError as e:
            tk.h.flash_error("; ".join(_errors(e)))
        except tk.NotAuthorized as e:
            tk.h.flash_error(str(e) or tk._("Not authorized"))
        else:
            tk.h.flash_success(tk._("Your entry is saved."))
        return redirect(tk.url_for("shaoxing_contest.team", name=name))
    else:
        action = "contest_submission_create"
        data.update(team_id=form.get("team_id", ""), phase=form.get("phase", ""))
    return _post(action, data, tk._("Your entry is saved."), tk.url_for("shaoxing_contest.team", name=name))


@contest.route("/contest/<name>/judge")
@signed_in
def judge(name):
    c = _contest(name)
    queues = {p: q for p in state.JUDGED if (q := _try("contest_judge_queue", contest_id=c["id"], phase=p))}
    if not queues:
        tk.abort(403, tk._("Only judges of this contest see the judging queue"))
    return tk.render("contest/judge.html", {"contest": c, "queues": queues})


@contest.route("/contest/<name>/judge/score", methods=["POST"])
@signed_in
def score(name):
    c = _contest(name)
    form = tk.request.form
    scores = {cr["code"]: form.get(f"score_{cr['code']}", "") for cr in c["criteria"]}
    return _post("contest_score_submit", {"submission_id": form.get("submission_id", ""), "scores": scores,
                                          "comment": form.get("comment", "")},
                 tk._("Your score is saved."), tk.url_for("shaoxing_contest.judge", name=name))


@contest.route("/contest/<name>/judge/conflicts", methods=["POST"])
@signed_in
def conflicts(name):
    c = _contest(name)
    lines = [x.strip() for x in tk.request.form.get("conflicts", "").splitlines() if x.strip()]
    return _post("contest_judge_conflicts_set", {"contest_id": c["id"], "conflicts": lines},
                 tk._("Your conflicts are saved."), tk.url_for("shaoxing_contest.judge", name=name))


@contest.route("/contest/<name>/admin")
@signed_in
def admin(name):
    c = _contest(name)
    teams = _try("contest_team_list", id=c["id"])
    if teams is None:
        tk.abort(403, tk._("Only contest admins open the console"))
    rankings = {p["code"]: _act("contest_ranking", contest_id=c["id"], phase=p["code"])
                for p in c["phases"] if p["code"] != "registration"}
    return tk.render("contest/admin.html", {"contest": c, "teams": teams, "judges": _act("contest_judge_list", id=c["id"]),
                                            "rankings": rankings, "audit": _act("contest_audit_list", id=c["id"])})


@contest.route("/contest/<name>/admin/<action>", methods=["POST"])
@signed_in
def admin_action(name, action):
    c = _contest(name)
    form = tk.request.form
    back = tk.url_for("shaoxing_contest.admin", name=name)
    if action in ("judge_assign", "judge_remove"):
        return _post(f"contest_{action}", {"contest_id": c["id"], "phase": form.get("phase", ""),
                                           "user": form.get("user", "")}, tk._("Judges updated."), back)
    if action == "advance":
        data = {"contest_id": c["id"], "phase": form.get("phase", "")}
        if form.get("top"):
            data["top"] = form["top"]
        return _post("contest_advance", data, tk._("Teams advanced."), back)
    if action == "publish":
        awards = [{"submission_id": key[len("award_"):], "award": value}
                  for key, value in form.items() if key.startswith("award_") and value]
        return _post("contest_results_publish", {"contest_id": c["id"], "awards": awards},
                     tk._("Results published."), back)
    tk.abort(404)


@contest.route("/contest/<name>/gallery")
def gallery(name):
    c = _contest(name)
    return tk.render("contest/gallery.html", {"contest": c, "gallery": _act("contest_gallery", id=c["id"])})


@contest.route("/contest/<name>/results.xlsx")
def results_workbook(name):
    """The ranking of every phase and the awards; public once the results are published."""
    c = _contest(name)
    wb = Workbook(write_only=True)
    awards = {e["id"]: e["award"] for e in _act("contest_gallery", id=c["id"])["entries"]}
    for ph in c["phases"]:
        if ph["code"] == "registration":
            continue
        try:
            ranked = _act("contest_ranking", contest_id=c["id"], phase=ph["code"])
        except tk.NotAuthorized:
            tk.abort(403, tk._("The results are not published yet"))
        sheet = wb.create_sheet(ph["code"])
        sheet.append(["rank", "tie", "title", "team", "track", "score", "method", "judges", "totals", "award"])
        for e in ranked["entries"]:
            sheet.append(cells(sheet, [e["rank"], e["tie"], e["title"], e.get("team_name", ""), e["track"], e["score"],
                                       e["method"], e["judges"], json.dumps(e["totals"]),
                                       awards.get(e["submission_id"], "")]))
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return send_file(out, as_attachment=True, download_name=f"{c['name']}-results.xlsx",
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@contest.route("/contest/file/<submission_id>/<filename>")
def file(submission_id, filename):
    """A submission's proposal or screenshot, to those who may see the submission (the team, the
    phase's judges, contest admins; everybody once it is an awarded entry of published results).
    Always an attachment of the type its content was accepted as, never sniffed, and sandboxed
    should a browser open it anyway."""
    s = _try("contest_submission_show", id=submission_id)
    if s is None or filename not in [s["proposal"], *s["screenshots"]] or not uploads.stored(filename):
        tk.abort(404, tk._("File not found"))
    response = uploads.response(filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@contest.route("/uploads/contest/<path:filename>")
def legacy_file(filename):
    """Addresses of earlier versions (then served statically to anyone): through the permission
    check of the file view, or not found."""
    s = access.submission_with_file(filename)
    if s is None:
        tk.abort(404, tk._("File not found"))
    return redirect(tk.url_for("shaoxing_contest.file", submission_id=s["id"], filename=filename))
