"""The one gate every data path calls: may this user, or this app key, read this resource's
data now? `decide` answers a Decision (allowed, HTTP status, bilingual reason) and, when asked to
`consume`, applies the rate limits and quotas and counts the call.

Order: a quarantined resource → refused, except to its department and sysadmins
(`resource_refusal`); the entry's department (any member) and sysadmins → served, whatever the
tier (departments.is_member_or_sysadmin); not_open → refused; a private entry → refused; a key
that is sent but invalid, expired or revoked → refused; unconditional data → anyone (a valid key
of a verified company is rate limited and counted); conditional data → a valid key of a
verified, not suspended company holding an active grant on the entry, within its limits.
Redis down: conditional data is refused (503; no call is served, so no quota debit is owed),
unconditional served unlimited with a warning; a valid key's call is then counted in PostgreSQL's
spool (counting.py), so the company's call statistics stay exact."""
from __future__ import annotations

import dataclasses
import datetime as dt
import logging

import ckan.plugins.toolkit as tk
from flask import g, has_request_context

from .. import departments, prepared
from ..governance import api as governance_api
from . import counting, keys, quota

log = logging.getLogger(__name__)

NO_ACCESS = ("该数据为有条件开放：请以企业账号登录后在数据目录页点击「申请使用」，"
             "经数源部门审核通过后用应用密钥（X-App-Key）调用",
             "this data is open on conditions: a company applies on the entry's page (申请使用); once the department "
             "approves, call with the company's app key in the X-App-Key header")
NOT_OPEN = ("该数据目录不予开放，不提供数据；可提交数据需求",
            "this entry is not open: no data is served; you may file a data request")
BAD_KEY = ("应用密钥无效、已过期或已撤销", "the app key is invalid, expired or revoked")
COMPANY_STATE = ("企业尚未通过认证或已被暂停", "the company is not verified or is suspended")
NO_GRANT = ("贵企业没有该数据目录的有效授权（未申请、已过期或已撤销）；请在数据目录页申请使用",
            "your company holds no active grant on this entry (never granted, expired or revoked); apply on the entry's page")
RATE = ("请求过于频繁，请稍后再试", "too many requests; retry later")
DAILY = ("今日调用次数已达配额，北京时间零点重置", "today's call quota is used up; it resets at midnight Beijing time")
DOWN = ("限流服务暂不可用，有条件开放数据暂停服务", "the rate limiter is unavailable: conditional data is not served now")


@dataclasses.dataclass
class Decision:
    allowed: bool
    status: int = 200
    reason: tuple[str, str] | None = None
    retry_after: int | None = None
    company_id: str | None = None
    key_id: str | None = None


SERVED = Decision(True)


def _refused(status: int, reason: tuple[str, str], **kw) -> Decision:
    return Decision(False, status, reason, **kw)


def resource_refusal(resource: dict | None, user: str | None, quarantined: bool | None = None) -> Decision | None:
    """A refusal of this resource before any tier rule: a quarantined one (unmasked personal
    data found by the governance check) is read by its department and sysadmins only.
    `quarantined`: the resource's state when the caller has read it already."""
    if resource and governance_api.refuses(user, resource.get("id"), quarantined):
        return _refused(403, governance_api.REFUSAL)
    return None


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


# One statement, prepared (planning it cost more than running it): the key, its company's state,
# the company's active grant on the entry and whether the resource is quarantined (asked here so
# that a key's call costs one query, not two).
KEY_HOLDER = prepared.Statement("shaoxing_key_holder", f"""
SELECT k.id, k.digest, k.expires, k.revoked_at, c.id AS company_id, c.state, g.id AS grant_id, g.daily_quota,
       {governance_api.QUARANTINED_SQL} AS quarantined
FROM shaoxing_app_key k JOIN shaoxing_company c ON c.id = k.company_id
LEFT JOIN LATERAL (SELECT id, daily_quota FROM shaoxing_grant
                   WHERE company_id = c.id AND package_id = :package_id AND revoked_at IS NULL
                     AND starts <= :at AND expires > :at
                   ORDER BY expires DESC LIMIT 1) g ON true
WHERE k.prefix = :prefix""", {"prefix": "text", "package_id": "text", "at": "timestamptz", "resource_id": "text"})


def key_holder(key: str, package_id: str, resource_id: str | None = None) -> dict | None:
    """The key's row with its company's state, the company's active grant on the entry and
    whether `resource_id` is quarantined (`quarantined`; `matches`: whether the key is the one
    stored); None when no key has its prefix."""
    prefix = keys.prefix_of(key)
    if not prefix:
        return None
    at = now()
    row = KEY_HOLDER({"prefix": prefix, "package_id": package_id, "at": at,
                      "resource_id": resource_id}).mappings().first()
    if row is None:
        return None
    matches = keys.matches(key, row["digest"])
    return dict(row, matches=matches, valid=matches and row["revoked_at"] is None and row["expires"] > at)


def subject(res) -> tuple[dict, dict]:
    """What `decide` reads of a resource and its entry (and the title a refusal page shows), from
    the model's rows: no dictizing (resource_show and package_show read the whole entry for five
    fields)."""
    pkg = res.package
    return ({"id": res.id, "package_id": pkg.id},
            {"id": pkg.id, "name": pkg.name, "title": pkg.title, "owner_org": pkg.owner_org, "private": pkg.private,
             "open_level": (pkg.extras or {}).get("open_level")})


def decide(resource: dict | None, package: dict, user: str | None = None, key: str | None = None,
           ip: str | None = None, consume: bool = True) -> Decision:
    """May `user` (a CKAN account) or `key` (an app key) read `resource` of `package`?"""
    resource_id = (resource or {}).get("id")
    holder = key_holder(key, package["id"], resource_id) if key else None
    refusal = resource_refusal(resource, user, holder["quarantined"] if holder else None)
    if refusal:
        return refusal
    level = package.get("open_level")
    if departments.is_member_or_sysadmin(user, package.get("owner_org")):
        return SERVED
    if level == "not_open":
        return _refused(403, NOT_OPEN)
    open_data = level == "unconditional" and not package.get("private")
    if package.get("private"):
        return _refused(403, NO_ACCESS)
    if key and not (holder and holder["valid"]):
        return _refused(403, BAD_KEY)
    if open_data:
        return _serve_open(resource, package, holder, user, ip, consume)
    if not holder:
        return _refused(403, NO_ACCESS)
    if holder["state"] != "verified":
        return _refused(403, COMPANY_STATE)
    if not holder["grant_id"]:
        return _refused(403, NO_GRANT)
    if not consume:
        return Decision(True, company_id=holder["company_id"], key_id=holder["id"])
    try:
        _admit(holder, package, resource, daily=True)
    except quota.Limited as e:
        return _refused(429, DAILY if e.what == "daily" else RATE, retry_after=e.retry_after)
    except Exception as e:   # quota.Unavailable, or a failure of the counting: closed
        log.warning("access limiter unavailable, conditional data refused: %s", e)
        return _refused(503, DOWN, retry_after=30)
    return Decision(True, company_id=holder["company_id"], key_id=holder["id"])


def _serve_open(resource, package, holder, user, ip, consume) -> Decision:
    if not consume:
        return SERVED
    counted = holder and holder["state"] == "verified"
    try:
        if counted:
            _admit(holder, package, resource, daily=False)
        elif user:
            # Per account, wherever it calls from (many accounts may share one address).
            quota.per_second("user", user, tk.config.get("ckanext.shaoxing.access.user_per_second"))
        else:
            quota.per_second("ip", ip or "-", tk.config.get("ckanext.shaoxing.access.anonymous_per_second"))
    except quota.Limited as e:
        return _refused(429, RATE, retry_after=e.retry_after)
    except Exception as e:   # Redis down: open data stays open
        log.warning("access limiter unavailable, unconditional data served unlimited: %s", e)
        if counted:   # its count did not reach Redis either: spooled, when the answer is known in a request
            _defer(_call(holder, package, resource)) if has_request_context() else \
                _count_now(_call(holder, package, resource), spool_only=True)
    return SERVED


def _call(holder: dict, package: dict, resource: dict | None) -> tuple:
    return holder["id"], holder["company_id"], package["id"], (resource or {}).get("id") or ""


def _admit(holder: dict, package: dict, resource: dict | None, daily: bool) -> None:
    """The key's limits (and, on conditional data, the daily quota), then its count: in one Redis
    round trip outside a request; in a request the call is counted when its answer has succeeded
    (`count_served`, the last of the request's hooks), so a call that ends in an error is not one."""
    limit = holder["daily_quota"]
    if limit is None:
        limit = tk.config.get("ckanext.shaoxing.access.daily_quota")
    call = _call(holder, package, resource)
    in_request = has_request_context()
    quota.admit(holder["id"], tk.config.get("ckanext.shaoxing.access.key_per_second"),
                (holder["company_id"], package["id"], limit) if daily else None,
                None if in_request else counting.fields(*call))
    if in_request:
        _defer(call)


def _defer(call: tuple) -> None:
    g.shaoxing_key_calls = [*g.get("shaoxing_key_calls", []), call]


def count_served(status: int) -> None:
    """Count the key calls this request was let through, if its answer (`status`) succeeded."""
    calls = g.pop("shaoxing_key_calls", []) if has_request_context() else []
    if status < 400:
        for call in calls:
            _count_now(call)


def _count_now(call: tuple, spool_only: bool = False) -> None:
    try:   # counted in Redis, or in the spool while Redis does not answer
        (counting.spooled if spool_only else counting.count)(*call)
    except Exception as e:   # PostgreSQL failed too: the call is still served
        log.error("a key's call to open data not counted: %s", e)
