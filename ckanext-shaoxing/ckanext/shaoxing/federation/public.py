"""What the published catalogue shows of an entry: the same for everyone who asks, signed in or
not (harvesters cache it and pass it on), so nothing only some accounts may see:
- private and draft entries are not published at all;
- shared interfaces (共享接口, government-internal) are left out, and so are quarantined resources
  (personal data found in them: refused to the public on every data path until released);
- the outside addresses of entries not open unconditionally become the portal's own gated
  download address (the access feature's rule, access/links.py), whoever asks."""
from __future__ import annotations

import copy

from ..access import api as access_api
from ..governance import api as governance_api

SHARED = "shared_api"


def entry(pkg_dict: dict) -> dict | None:
    """A copy of the entry as the catalogue publishes it, or None when it is not published."""
    if pkg_dict.get("private") or pkg_dict.get("state", "active") != "active" or pkg_dict.get("type") != "dataset":
        return None
    pkg_dict = copy.deepcopy(pkg_dict)
    pkg_dict["resources"] = [r for r in pkg_dict.get("resources") or []
                             if r.get("interface_type") != SHARED and not governance_api.refuses(None, r.get("id"))]
    return access_api.mask(pkg_dict)
