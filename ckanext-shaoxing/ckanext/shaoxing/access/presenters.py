"""The access actions' answers: rows of the access tables as dictionaries. A page of applications
or grants is presented as a set — the entries' and companies' names in one query each, the
grants' calls counted today in one Redis round trip — never a lookup per row."""
from __future__ import annotations

import datetime as dt

import ckan.plugins.toolkit as tk

from .. import clock
from . import keys, queries, quota, store
from .gate import now


def iso(value):
    return value.isoformat() if value else None


def _plain(row: dict, *leave_out: str) -> dict:
    return {k: iso(v) if isinstance(v, dt.datetime) else v for k, v in row.items() if k not in leave_out}


def company(row: dict) -> dict:
    """A company with its profile's version, for a conditional save (if_match)."""
    return {**_plain(row, "role"), "version": store.version(row)}


def event(e: dict) -> dict:
    return {"action": e["action"], "user": e.get("user_name"), "reason": e["reason"], "at": iso(e["at"]),
            "request_id": e["request_id"], "grant_id": e["grant_id"]}


def review_days() -> int:
    """Working days within which a department answers an application: the overdue mark, the
    queue's note and what an applicant is told to expect (one setting)."""
    return tk.config.get("ckanext.shaoxing.access.review_days")


def working_days_since(start: dt.datetime, end: dt.datetime) -> int:
    """Whole working days (Monday–Friday, Shaoxing dates) after `start`'s day up to `end`'s."""
    a, b = clock.day_of(start), clock.day_of(end)
    days = 0
    while a < b:
        a += dt.timedelta(days=1)
        days += a.weekday() < 5
    return days


def _names(rows: list[dict]) -> tuple[dict, dict]:
    return queries.entries(r["package_id"] for r in rows), queries.company_names(r["company_id"] for r in rows)


def applications(rows: list[dict], events: dict[str, list[dict]] | None = None) -> list[dict]:
    """Applications with their entry's and company's names, their pending age in working days
    and whether it is over the review limit; with `events` (request id → events), their trail."""
    entries, companies = _names(rows)
    at, days = now(), review_days()
    out = []
    for row in rows:
        pending_days = working_days_since(row["created"], at) if row["state"] == "pending" else None
        entry = entries.get(row["package_id"], {})
        item = _plain(row, "user_id")
        item.update(package_name=entry.get("name"), package_title=entry.get("title"),
                    company_name=companies.get(row["company_id"]), pending_working_days=pending_days,
                    overdue=pending_days is not None and pending_days > days)
        if events is not None:
            item["events"] = [event(e) for e in events.get(row["id"], [])]
        out.append(item)
    return out


def grants(rows: list[dict]) -> list[dict]:
    """Grants with their entry's and company's names, state (active, expired, revoked), daily
    quota (the configured default where the grant has none) and calls counted today."""
    entries, companies = _names(rows)
    default = tk.config.get("ckanext.shaoxing.access.daily_quota")
    limits = [default if r["daily_quota"] is None else r["daily_quota"] for r in rows]
    used = quota.used_today([(r["company_id"], r["package_id"], limit) for r, limit in zip(rows, limits)])
    at = now()
    out = []
    for row, limit, calls in zip(rows, limits, used):
        entry = entries.get(row["package_id"], {})
        item = _plain(row)
        item.update(package_name=entry.get("name"), package_title=entry.get("title"),
                    company_name=companies.get(row["company_id"]), daily_quota=limit,
                    state="revoked" if row["revoked_at"] else "expired" if row["expires"] <= at else "active",
                    used_today=calls)
        out.append(item)
    return out


def app_key(row: dict, last_used: dict | None = None, calls_today: dict | None = None) -> dict:
    """A key as its company sees it: the visible prefix, never the key."""
    at = now()
    state = ("revoked" if row["revoked_at"] else "expired" if row["expires"] <= at
             else "rotating" if row["replaced_by"] else "active")
    return {"id": row["id"], "prefix": keys.visible(row["prefix"]), "label": row["label"], "created": iso(row["created"]),
            "expires": iso(row["expires"]), "revoked_at": iso(row["revoked_at"]), "replaced_by": row["replaced_by"],
            "state": state, "last_used": (last_used or {}).get(row["id"]),
            "calls_today": (calls_today or {}).get(row["id"], 0)}
