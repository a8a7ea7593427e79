"""The contest's state, derived from its phases and the city's clock (ckanext.shaoxing.clock)
at the time of asking.

Nothing here is stored: a phase is open because `opens <= now < closes`, judging because
`closes <= now < judging_closes`. Moving the clock (tests) moves the state."""
from __future__ import annotations

import datetime as dt

from ckanext.shaoxing import clock

PHASES = ("registration", "preliminary", "semifinal", "final")
JUDGED = PHASES[1:]
LABELS = {"registration": "报名 / Registration", "preliminary": "初赛 / Preliminary",
          "semifinal": "复赛 / Semi-final", "final": "决赛 / Final"}


def phase_state(ph: dict, at: dt.datetime | None = None) -> str:
    """upcoming | open | judging | closed for one phase dict (opens, closes, judging_closes)."""
    at = at or clock.now()
    if at < ph["opens"]:
        return "upcoming"
    if at < ph["closes"]:
        return "open"
    if at < ph["judging_closes"]:
        return "judging"
    return "closed"


def contest_state(phases: list[dict], published: bool, at: dt.datetime | None = None) -> dict:
    """The contest's state: `upcoming`, `<phase>_open`, `<phase>_judging`, `between_phases`,
    `awaiting_results`, `results_published`; plus the current phase and seconds left in it."""
    at = at or clock.now()
    if published:
        return {"state": "results_published", "phase": None, "seconds_left": None}
    for ph in phases:
        s = phase_state(ph, at)
        if s == "open":
            return {"state": f"{ph['code']}_open", "phase": ph["code"],
                    "seconds_left": int((ph["closes"] - at).total_seconds())}
        if s == "judging" and ph["code"] != "registration":
            return {"state": f"{ph['code']}_judging", "phase": ph["code"],
                    "seconds_left": int((ph["judging_closes"] - at).total_seconds())}
    if not phases or at < phases[0]["opens"]:
        return {"state": "upcoming", "phase": None, "seconds_left": None}
    if at >= phases[-1]["judging_closes"]:
        return {"state": "awaiting_results", "phase": None, "seconds_left": None}
    return {"state": "between_phases", "phase": None, "seconds_left": None}


def iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(clock.TZ).isoformat() if value else None
