"""Who may read an entry's history: the one rule every activity action applies."""
from __future__ import annotations

import ckan.authz as authz
import ckan.model as model
from ckan.lib.plugins import get_permission_labels

from .. import departments

# CKAN's options the rule needs, applied by the plugin over any configured value: an activity's
# entry dict (its "detail") is as public as the entry, not editors' alone — the restricted
# entries' histories are refused by this feature's own checks.
AUTH = {"ckan.auth.public_activity_stream_detail": True}


def _open_level(pkg: model.Package, pkg_dict: dict | None = None) -> str | None:
    if pkg_dict and "open_level" in pkg_dict:
        return pkg_dict.get("open_level")
    return (pkg.extras or {}).get("open_level")


def restricted(pkg: model.Package, pkg_dict: dict | None = None) -> bool:
    """Whether the entry's history is for its department and the bureau alone: its versions
    hold outside addresses (access/links.py) or data not everyone may read."""
    return pkg.private or pkg.state != "active" or _open_level(pkg, pkg_dict) != "unconditional"


def labels(pkg: model.Package, pkg_dict: dict | None = None) -> list[str]:
    """Permission labels of an activity of `pkg` (CKAN filters activity lists by them)."""
    if not restricted(pkg, pkg_dict):
        return get_permission_labels().get_dataset_labels(pkg)
    return [f"member-{pkg.owner_org}"] if pkg.owner_org else [f"creator-{pkg.creator_user_id}"]


def may_read(user: str | None, pkg: model.Package | None) -> bool:
    """Whether `user` may read the history of `pkg` as the entry is now."""
    if pkg is None:
        return bool(user) and authz.is_sysadmin(user)
    return not restricted(pkg) or departments.is_member_or_sysadmin(user, pkg.owner_org)


def is_package_activity(activity_type: str | None) -> bool:
    # CKAN's own test for activities its permission labels filter.
    return isinstance(activity_type, str) and activity_type.endswith("package")
