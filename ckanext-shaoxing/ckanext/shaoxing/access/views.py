"""Pages of company access: the company's (register, state and members, applications with their
audit trail, grants, keys, usage), the department's review queue and grants, and the bureau's
companies. Every page calls the actions; every form carries the CSRF token."""
from __future__ import annotations

import datetime as dt
import json
import logging
import secrets

import ckan.plugins.toolkit as tk
from ckan.lib.redis import connect_to_redis
from flask import Blueprint, make_response
from redis.exceptions import RedisError

from .. import clock, web
from ..edits import api as edits
from ..web import login_or_forbid, signed_in
from . import charts
from .model import EDITABLE
from .presenters import review_days

access = Blueprint("shaoxing_access", __name__)
log = logging.getLogger(__name__)

COMPANY_FIELDS = ("name", "uscc", "contact_name", "contact_phone", "contact_email")
REQUEST_FIELDS = ("purpose", "scenario", "app_name", "security_measures", "period_days", "accept_commitment")


# The visitor's action context, and an action's answer or field errors (web.py).
_ctx, _call = web.context, web.call


def _confirm_first(question: str, button: str, back: str, danger: bool = True):
    """None once the form's confirmation step was taken; else that step: a page restating the
    action (no JavaScript needed) whose button sends the same form again, confirmed."""
    form = tk.request.form
    if form.get("confirmed") == "yes":
        return None
    fields = [(k, v) for k, v in form.items(multi=True) if k not in ("_csrf_token", "confirmed")]
    return tk.render("shaoxing/access/confirm.html", {"question": question, "button": button, "danger": danger,
                                                      "fields": fields, "action": tk.request.path, "back": back,
                                                      "reason": form.get("reason", "")})


def _company():
    try:
        return tk.get_action("shaoxing_company_show")(_ctx(), {})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return None


@access.route("/company/register", methods=["GET", "POST"])
@signed_in
def register():
    if _company():
        return tk.redirect_to("shaoxing_access.company")
    errors, data = {}, {}
    if tk.request.method == "POST":
        data = {k: tk.request.form.get(k, "") for k in COMPANY_FIELDS}
        result, errors = _call("shaoxing_company_register", data)
        if not errors:
            return tk.redirect_to("shaoxing_access.company")
    return tk.render("shaoxing/access/register.html", {"data": data, "errors": errors}), (400 if errors else 200)


def _in_page_language(errors: dict) -> dict:
    """Field errors in the page's language (the validators say "中文 / English")."""
    zh = str(tk.h.lang() or "").startswith("zh")

    def one(text) -> str:
        halves = str(text).split(" / ", 1)
        return halves[0] if zh or len(halves) == 1 else halves[1]
    return {field: [one(t) for t in texts] for field, texts in errors.items()}


@access.route("/company", methods=["GET", "POST"])
@signed_in
def company():
    comp = _company()
    if comp is None:
        pending, _ = _call("shaoxing_company_invitation_list", {})
        return tk.redirect_to("shaoxing_access.invitations" if pending else "shaoxing_access.register")
    errors, profile, version = {}, {k: comp[k] for k in EDITABLE}, comp["version"]
    if tk.request.method == "POST" and tk.request.form.get("op") == "profile":
        # The version the form was opened at: a save over a newer one shows both, field by field.
        profile, version = {k: tk.request.form.get(k, "") for k in EDITABLE}, tk.request.form.get("if_match", "")
        try:
            tk.get_action("shaoxing_company_update")(_ctx(), {**profile, "id": comp["id"], "if_match": version})
        except edits.Conflict:
            return edits.conflict_page("company", comp["id"], profile)
        except tk.ValidationError as e:
            errors = _in_page_language(e.error_dict)
        except tk.NotAuthorized as e:
            return tk.abort(403, str(e) or tk._("Not authorised"))
        else:
            tk.h.flash_success(tk._("Company profile saved."))
            return tk.redirect_to("shaoxing_access.company")
    elif tk.request.method == "POST":
        _, errors = _call("shaoxing_company_member_invite", {"username": tk.request.form.get("username", "")})
        if not errors:
            tk.h.flash_success(tk._("Invitation sent: the account becomes a member once it accepts."))
            return tk.redirect_to("shaoxing_access.company")
    grants, _ = _call("shaoxing_grant_list", {})
    mine = [g for g in grants or [] if g["company_id"] == comp["id"]]
    return tk.render("shaoxing/access/company.html", {"company": comp, "grants": mine, "errors": errors,
                                                      "profile": profile, "version": version}), (
        400 if errors and tk.request.form.get("op") == "profile" else 200)


@access.route("/company/invitations")
@signed_in
def invitations():
    """The signed-in account's pending company invitations, each to accept or decline."""
    pending, _ = _call("shaoxing_company_invitation_list", {})
    return tk.render("shaoxing/access/invitations.html", {"invitations": pending or [], "company": _company()})


@access.route("/company/invitations/<company_id>/<answer>", methods=["POST"])
@signed_in
def invitation_answer(company_id: str, answer: str):
    if answer not in ("accept", "decline"):
        return tk.abort(404, tk._("Not found"))
    _, errors = _call(f"shaoxing_company_invitation_{answer}", {"company_id": company_id})
    if errors:
        tk.h.flash_error(" ".join(" ".join(v) for v in errors.values()))
        return tk.redirect_to("shaoxing_access.invitations")
    if answer == "accept":
        tk.h.flash_success(tk._("You are now a member of the company."))
        return tk.redirect_to("shaoxing_access.company")
    tk.h.flash_success(tk._("Invitation declined."))
    return tk.redirect_to("shaoxing_access.invitations")


@access.route("/company/grants/<grant_id>/renew", methods=["POST"])
@signed_in
def renew(grant_id: str):
    _, errors = _call("shaoxing_access_request_renew", {
        "grant_id": grant_id, "period_days": tk.request.form.get("period_days", ""),
        "purpose": tk.request.form.get("purpose", ""), "accept_commitment": tk.request.form.get("accept_commitment")})
    if errors:
        tk.h.flash_error(" ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
    else:
        tk.h.flash_success(_what_happens_next())
    return tk.redirect_to("shaoxing_access.applications")


@access.route("/dataset/<id>/apply", methods=["GET", "POST"])
@signed_in
def apply(id: str):
    try:
        pkg = tk.get_action("package_show")(_ctx(), {"id": id})
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        return tk.abort(404, tk._("Dataset not found"))
    errors, data = {}, {"period_days": "90"}
    if tk.request.method == "POST":
        data = {k: tk.request.form.get(k, "") for k in REQUEST_FIELDS}
        result, errors = _call("shaoxing_access_request_create", {**data, "package_id": pkg["id"]})
        if not errors:
            tk.h.flash_success(_what_happens_next())
            return tk.redirect_to("shaoxing_access.applications")
    return tk.render("shaoxing/access/apply.html", {"pkg": pkg, "data": data, "errors": errors, "company": _company(),
                                                    "review_days": review_days()}), (400 if errors else 200)


def _what_happens_next() -> str:
    return tk._("Application sent. The department that holds the data answers within {n} working days; "
                "its answer appears on this page.").format(n=review_days())


@access.route("/company/applications")
@signed_in
def applications():
    comp = _company()
    rows, _ = _call("shaoxing_access_request_list", {})
    mine = [r for r in rows or [] if comp and r["company_id"] == comp["id"]]
    return tk.render("shaoxing/access/applications.html", {"company": comp, "requests": mine})


@access.route("/company/keys", methods=["GET", "POST"])
@signed_in
def keys():
    comp = _company()
    if comp is None:
        return tk.redirect_to("shaoxing_access.register")
    new_key, errors = _handed_over(tk.request.args.get("shown", "")), {}
    if tk.request.method == "POST":
        op, key_id = tk.request.form.get("op"), tk.request.form.get("id", "")
        if op == "create":
            new_key, errors = _call("shaoxing_app_key_create", {"label": tk.request.form.get("label", "")})
        elif op == "rotate":
            new_key, errors = _call("shaoxing_app_key_rotate", {"id": key_id})
        elif op == "revoke":
            if (step := _confirm_first(
                    tk._("Revoke the key {label}? Every call with it is refused at once, and it cannot be restored.")
                    .format(label=tk.request.form.get("subject", "")), tk._("Revoke"),
                    tk.h.url_for("shaoxing_access.keys"))) is not None:
                return step
            _, errors = _call("shaoxing_app_key_revoke", {"id": key_id})
            if not errors:
                tk.h.flash_success(tk._("The key is revoked: calls with it are refused from now on."))
        # Post/redirect/get: reloading the page must not create or rotate a key again.
        if not errors:
            shown = _hand_over(new_key) if new_key else None
            if not new_key or shown:
                return tk.redirect_to("shaoxing_access.keys", **({"shown": shown} if shown else {}))
    listed, _ = _call("shaoxing_app_key_list", {})
    # The new key is in this answer only: never stored in a page or a cookie, never shown again.
    response = make_response(tk.render("shaoxing/access/keys.html", {
        "company": comp, "keys": listed or [], "new_key": new_key, "errors": errors}), 400 if errors else 200)
    response.headers["Cache-Control"] = "no-store"
    return response


# A new key crosses the redirect in Redis, for its creator, once and briefly (the session is a
# signed cookie: readable, so never the place for a secret).
_SHOWN = "shaoxing:access:key-shown:{user}:{token}"
_SHOWN_SECONDS = 120


def _hand_over(new_key: dict) -> str | None:
    token = secrets.token_urlsafe(16)
    try:
        connect_to_redis().setex(_SHOWN.format(user=tk.current_user.id, token=token), _SHOWN_SECONDS,
                                 json.dumps(new_key, default=str))
    except RedisError as e:   # shown in the POST's own answer instead: a key nobody saw is lost
        log.warning("new app key shown without a redirect: %s", e)
        return None
    return token


def _handed_over(token: str) -> dict | None:
    if not token:
        return None
    try:
        raw = connect_to_redis().getdel(_SHOWN.format(user=tk.current_user.id, token=token))
    except RedisError:
        return None
    return json.loads(raw) if raw else None


@access.route("/company/usage")
@signed_in
def usage():
    comp = _company()
    if comp is None:
        return tk.redirect_to("shaoxing_access.register")
    today = clock.today()
    start = today - dt.timedelta(days=29)
    result, _ = _call("shaoxing_api_usage", {"date_from": start.isoformat(), "date_to": today.isoformat()})
    return tk.render("shaoxing/access/usage.html", {
        "company": comp, "usage": result, "chart": charts.calls_per_day(
            result["rows"], start, today, name=tk._("Calls per day per key, last 30 days"),
            day_label=tk._("Day"), calls_label=tk._("Calls"))})


# Department ------------------------------------------------------------------------------

@access.route("/access/review", methods=["GET", "POST"])
def review():
    if (to_login := login_or_forbid("shaoxing_access_review", tk._(
            "Only the departments' editors and admins, and sysadmins, review data applications."))) is not None:
        return to_login
    errors = {}
    if tk.request.method == "POST":
        f = tk.request.form
        if (step := _confirm_first(*_review_question(f), tk.h.url_for("shaoxing_access.review"))) is not None:
            return step
        if f.get("op") == "revoke":
            _, errors = _call("shaoxing_grant_revoke", {"id": f.get("id", ""), "reason": f.get("reason", "")})
        else:
            _, errors = _call("shaoxing_access_request_decide", {"id": f.get("id", ""), "decision": f.get("decision", ""),
                                                                 "reason": f.get("reason", "")})
        if not errors:
            tk.h.flash_success(_review_done(f))
            return tk.redirect_to("shaoxing_access.review")
    state = tk.request.args.get("state") or "pending"
    rows, _ = _call("shaoxing_access_request_list", {"state": state if state != "all" else ""})
    comp = _company()
    queue = [r for r in rows or [] if not comp or r["company_id"] != comp["id"]]
    grants, _ = _call("shaoxing_grant_list", {})
    grants = [g for g in grants or [] if not comp or g["company_id"] != comp["id"]]
    return tk.render("shaoxing/access/review.html", {"requests": queue, "grants": grants, "state": state,
                                                     "errors": errors, "review_days": review_days()}), (
        400 if errors else 200)


def _review_done(f) -> str:
    if f.get("op") == "revoke":
        return tk._("The grant is revoked: the company's calls under it are refused from now on.")
    if f.get("decision") == "approve":
        return tk._("Approved: the company is told and may call the data with its keys until the grant expires.")
    return tk._("Rejected: the company sees your reason on its applications page.")


def _review_question(f) -> tuple[str, str]:
    subject = f.get("subject", "")
    if f.get("op") == "revoke":
        return (tk._("Revoke the grant of {subject}? Every call under it is refused at once.").format(subject=subject),
                tk._("Revoke"))
    if f.get("decision") == "approve":
        return (tk._("Approve the application of {subject}? The company may use the data from now on, until the "
                     "grant expires.").format(subject=subject), tk._("Approve"))
    return (tk._("Reject the application of {subject}? The company sees your reason.").format(subject=subject),
            tk._("Reject"))


# Bureau ----------------------------------------------------------------------------------

@access.route("/ckan-admin/companies", methods=["GET", "POST"])
@signed_in
def companies():
    errors = {}
    if tk.request.method == "POST":
        f = tk.request.form
        if (step := _confirm_first(*_company_question(f), tk.h.url_for("shaoxing_access.companies"))) is not None:
            return step
        if f.get("op") == "suspend":
            _, errors = _call("shaoxing_company_suspend", {"id": f.get("id", ""), "reason": f.get("reason", "")})
        else:
            _, errors = _call("shaoxing_company_decide", {"id": f.get("id", ""), "decision": f.get("decision", ""),
                                                          "reason": f.get("reason", "")})
        if not errors:
            return tk.redirect_to("shaoxing_access.companies")
    rows, _ = _call("shaoxing_company_list", {})
    return tk.render("shaoxing/access/companies.html", {"companies": rows or [], "errors": errors}), (
        400 if errors else 200)


def _company_question(f) -> tuple[str, str]:
    subject = f.get("subject", "")
    if f.get("op") == "suspend":
        return (tk._("Suspend the company {subject}? Its keys and grants stop working at once.").format(subject=subject),
                tk._("Suspend"))
    if f.get("decision") == "approve":
        return tk._("Verify the company {subject}? It may then apply for data.").format(subject=subject), tk._("Verify")
    return tk._("Reject the registration of {subject}? The company sees your reason.").format(subject=subject), tk._("Reject")
