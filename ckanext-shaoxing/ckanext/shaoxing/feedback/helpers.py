"""Template helpers of requests and reports."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ..schemas import api as schemas_api
from . import rights, store

__all__ = ["shaoxing_feedback_answers", "shaoxing_feedback_state_label", "shaoxing_feedback_domains",
           "shaoxing_feedback_departments", "shaoxing_feedback_department_figures", "shaoxing_feedback_my_queues",
           "shaoxing_feedback_figures_by_name"]


def shaoxing_feedback_answers(package_id: str) -> int:
    """How many public requests this entry fulfilled (its page says "answers N requests")."""
    return store.answering([package_id]).get(package_id, 0)


def shaoxing_feedback_state_label(state: str) -> str:
    _ = tk._
    return {"submitted": _("Submitted"), "routed": _("Routed"), "accepted": _("Accepted"),
            "declined": _("Declined"), "duplicate": _("Duplicate"), "fulfilled": _("Fulfilled")}.get(state, state)


def shaoxing_feedback_domains() -> list[dict]:
    lang = "en" if (tk.h.lang() or "").startswith("en") else "zh_Hans_CN"
    return [{"value": c["value"], "label": c["label"].get(lang) if isinstance(c["label"], dict) else c["label"]}
            for c in schemas_api.choices("domain")]


def shaoxing_feedback_departments() -> list[dict]:
    orgs = tk.get_action("organization_list")({}, {"all_fields": True, "limit": 1000})
    return [{"value": o["id"], "label": tk.h.shaoxing_department_name(o)} for o in orgs]


def shaoxing_feedback_department_figures(organization_id: str | None = None) -> dict:
    """Median reply time (working days), open and overdue counts: of one department, or of all."""
    figs = store.department_figures([organization_id] if organization_id else None)
    return figs.get(organization_id, {"open": 0, "overdue": 0, "median_reply_days": None}) if organization_id \
        else figs


def shaoxing_feedback_my_queues() -> list[dict]:
    """The departments whose queue the signed-in account reads."""
    user = tk.current_user.name if tk.current_user.is_authenticated else None
    if not user:
        return []
    orgs = tk.get_action("organization_list_for_user")({"user": user}, {"permission": "read"})
    return [o for o in orgs if rights.in_department(user, o["id"])]


def shaoxing_feedback_figures_by_name() -> dict:
    """Department name → its reply figures (the targets' ranking table)."""
    figs = store.department_figures()
    if not figs:
        return {}
    import ckan.model as model
    names = dict(model.Session.query(model.Group.id, model.Group.name).filter(model.Group.id.in_(list(figs))))
    return {names[o]: f for o, f in figs.items() if o in names}
