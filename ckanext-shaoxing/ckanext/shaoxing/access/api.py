"""The access feature's door: the few names other features may use to ask the data gate and to
answer its refusals. Everything else in access/ (gate, hooks, quota, keys, the tables) is its
own; other features call this module or the shaoxing_* access actions, nothing else.

- `decide`: the gate's decision for an account reading a resource of an entry;
- `may_read`: the same, asked without an app key and without counting (pages);
- `subject`: what the gate reads of a resource and its entry (model rows in, dicts out);
- `resource_refusal`: a refusal of the resource itself (a quarantined one), before any tier rule;
- `refused`: a refusal another feature's own rule makes, in the gate's shape;
- `refusal_response`: the JSON answer (403, 429 with Retry-After, 503) of a refusal;
- `current_user`, `request_key`: the request's account and its X-App-Key, None outside one;
- outside link addresses of entries that are not unconditionally open (links.py): `gated`,
  `is_outside`, `download_address` (the portal's own, gated, address of a resource), `mask`
  (for the search index) and `may_see`;
- `company_standing`: whether an account belongs to a company or has an invitation waiting (the
  account menu asks it on every page, in one query)."""
from __future__ import annotations

import ckan.model as model
import sqlalchemy as sa

from . import gate, hooks
from .gate import Decision
from .links import download_address, gated, is_outside, mask, may_see
from .model import company_member

__all__ = ["Decision", "decide", "may_read", "subject", "resource_refusal", "refused", "refusal_response", "current_user",
           "request_key", "gated", "is_outside", "download_address", "mask", "may_see", "company_standing"]

current_user = hooks.current_user
request_key = hooks.request_key
refusal_response = hooks.refusal
resource_refusal = gate.resource_refusal
subject = gate.subject


def decide(resource: dict | None, package: dict, user: str | None, consume: bool = True) -> Decision:
    """May `user` read `resource` of `package`? For the request's own account the request's app
    key counts and the decision is taken once per resource per request (a dump paging through
    datastore_search is one call); for another account, or outside a request, it is asked
    without a key and nothing is counted."""
    if (user or "") != (hooks.current_user() or ""):
        return gate.decide(resource, package, user or None, None, consume=False)
    return hooks.decide_here(resource, package, consume)


def may_read(user: str | None, package: dict, resource: dict | None = None) -> bool:
    """Whether `user` may read the entry's data, by account alone (no key), without counting."""
    return gate.decide(resource, package, user, None, consume=False).allowed


def refused(status: int, reason: tuple[str, str]) -> Decision:
    """A refusal (`reason` in Chinese and English) that `refusal_response` can answer."""
    return Decision(False, status, reason)


def company_standing(user_id: str | None) -> str | None:
    """"member" (an accepted member: store.company_of's rule), "invited" (an invitation waiting),
    or None."""
    if not user_id:
        return None
    states = set(model.Session.execute(sa.select(company_member.c.state).where(
        company_member.c.user_id == user_id, company_member.c.state.in_(("accepted", "invited")))).scalars())
    return "member" if "accepted" in states else "invited" if states else None
