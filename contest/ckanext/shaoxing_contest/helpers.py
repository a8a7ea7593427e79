"""Template helpers of the contest pages."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.shaoxing import bilingual, charts, clock

__all__ = ["contest_text", "contest_package_apps", "contest_time_left", "contest_phase_label", "contest_award_label",
           "contest_datetime", "contest_label", "contest_track_label", "contest_phase_when", "contest_roles",
           "contest_ranking_chart"]


def contest_package_apps(package_id: str) -> dict:
    """Contest apps citing a dataset, for the snippet on its page."""
    try:
        return tk.get_action("contest_package_apps")({}, {"package_id": package_id})
    except (tk.ObjectNotFound, tk.ValidationError):
        return {"count": 0, "apps": []}


def contest_ranking_chart(ranking: dict, phase: str):
    """A phase's ranking as bars of the scores, best on top (entries not yet scored have none);
    the ranking's table below it is the alternative."""
    entries = ranking["entries"]
    name = tk._("Ranking") + ": " + contest_phase_label(phase)
    return charts.bars([e["title"] for e in entries], [(tk._("Score"), [e["score"] for e in entries])], name=name,
                       category_label=tk._("Entry"), value_label=tk._("Score"), kind="ranking", table=False,
                       fallback=False)


def contest_time_left(seconds: int | None) -> str:
    if seconds is None:
        return ""
    days, rest = divmod(int(seconds), 86400)
    hours, rest = divmod(rest, 3600)
    return tk._("{days} days {hours} h {minutes} min").format(days=days, hours=hours, minutes=rest // 60)


def contest_phase_label(code: str) -> str:
    # "Registration" in its contest sense (报名): CKAN's own "Registration" (注册, the account's)
    # shares the merged catalogue.
    from flask_babel import pgettext
    labels = {"registration": pgettext("contest phase", "Registration"), "preliminary": tk._("Preliminary"),
              "semifinal": tk._("Semi-final"), "final": tk._("Final")}
    return labels.get(code, code)


def contest_award_label(code: str) -> str:
    labels = {"first": tk._("First prize"), "second": tk._("Second prize"), "third": tk._("Third prize"),
              "merit": tk._("Merit award")}
    return labels.get(code, code or "")


def contest_datetime(value: str | None) -> str:
    """ISO text → the date and minute in the page's language and Beijing time, as every portal
    page writes them (h.render_datetime)."""
    if not value:
        return ""
    import datetime as dt
    return tk.h.render_datetime(dt.datetime.fromisoformat(value).astimezone(clock.TZ), with_hours=True)


def contest_label(key: str) -> str:
    """Label of a contest state, phase state, member role or invitation status."""
    _ = tk._
    labels = {
        "upcoming": _("Not started"), "registration_open": _("Registration open"),
        "preliminary_open": _("Preliminary open"), "preliminary_judging": _("Preliminary judging"),
        "semifinal_open": _("Semi-final open"), "semifinal_judging": _("Semi-final judging"),
        "final_open": _("Final open"), "final_judging": _("Final judging"), "between_phases": _("Between phases"),
        "awaiting_results": _("Awaiting results"), "results_published": _("Results published"),
        "open": _("Open"), "judging": _("In judging"), "closed": _("Closed"),
        "leader": _("Leader"), "member": _("Member"), "invited": _("Invited"), "accepted": _("Accepted"),
        "declined": _("Declined"),
    }
    return labels.get(key, key)


def contest_text(text: str | None) -> str:
    """A contest's "中文 / English" label (its tracks and criteria) in the page's language."""
    return bilingual.in_language(text or "", tk.h.lang())


def contest_track_label(contest: dict, code: str) -> str:
    """A track's name in the page's language (the contest keeps "中文 / English"), not its code."""
    for track in contest.get("tracks") or []:
        if track.get("code") == code:
            return contest_text(track.get("label") or code)
    return code


def contest_phase_when(ph: dict) -> str:
    """When a phase opens, closes or its judging ends, after its state: ", opens 1 March 2030, 09:00"."""
    _ = tk._
    when = {"upcoming": (_(", opens {when}"), ph.get("opens")), "open": (_(", closes {when}"), ph.get("closes")),
            "judging": (_(", judging until {when}"), ph.get("judging_closes")),
            "closed": (_(", ended {when}"), ph.get("judging_closes"))}.get(ph.get("state"))
    if not when or not when[1]:
        return ""
    return when[0].format(when=contest_datetime(when[1]))


def contest_roles(contest: dict) -> dict:
    """Whether the current user judges in the contest or administers it (its tabs show only then)."""
    context = {"user": tk.current_user.name if tk.current_user.is_authenticated else ""}

    def may(auth: str, data: dict) -> bool:
        try:
            tk.check_access(auth, dict(context), data)
            return True
        except tk.NotAuthorized:
            return False
    if not context["user"]:
        return {"judge": False, "admin": False}
    return {"judge": may("contest_judge_conflicts_set", {"contest_id": contest["id"]}),
            "admin": may("contest_update", {"id": contest["id"]})}
