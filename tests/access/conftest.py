"""A small world for company access: two departments with an editor each, a conditional entry
of the first with a real DataStore table (and its open API), two companies (the applicant's,
verified; another, verified) and a sysadmin."""
from __future__ import annotations

import dataclasses

import ckan.model as model
import pytest
from ckan.tests import helpers

from tests import factories
from tests.conftest import PLUGINS
from tests.interfaces.conftest import interface_entry, token

# Read by the gate per request: a world built under other values serves as it is.
LIMITS = tuple(f"ckanext.shaoxing.access.{o}" for o in ("key_per_second", "user_per_second", "anonymous_per_second",
                                                       "daily_quota", "redis_url"))
ROLES = ("anonymous", "applicant", "other_company", "owner_editor", "other_editor", "sysadmin")


def company(user: str, n: int, verify: bool = True) -> dict:
    comp = helpers.call_action("shaoxing_company_register", {"user": user}, name=f"测试企业{n}",
                               uscc=factories.credit_code(900000 + n), contact_name="张三",
                               contact_phone="0575-88000000", contact_email=f"c{n}@example.org")
    if verify:
        helpers.call_action("shaoxing_company_decide", {"user": sysadmin_name()}, id=comp["id"], decision="approve")
    return comp


_sysadmin: list[str] = []


def sysadmin_name() -> str:
    """A sysadmin's name, made again when the database was reset since the last call."""
    user = model.User.get(_sysadmin[0]) if _sysadmin else None
    if not user or not user.sysadmin:
        _sysadmin[:] = [factories.user_in_role("sysadmin")]
    return _sysadmin[0]


@dataclasses.dataclass
class World:
    org: dict
    other_org: dict
    entry: dict          # conditional, with a loaded table and an open API
    users: dict          # role → user name ("" for anonymous)
    company: dict        # the applicant's
    other_company: dict

    def apply(self, user: str | None = None, **overrides) -> dict:
        data = {"package_id": self.entry["id"], "purpose": "公交线路规划", "scenario": "出行 App 的实时站点查询",
                "app_name": "绍兴出行", "security_measures": "专网存储、最小授权", "period_days": 30,
                "accept_commitment": True, **overrides}
        return helpers.call_action("shaoxing_access_request_create", {"user": user or self.users["applicant"]}, **data)

    def approve(self, request_id: str) -> dict:
        return helpers.call_action("shaoxing_access_request_decide", {"user": self.users["owner_editor"]},
                                   id=request_id, decision="approve")

    def key(self, user: str | None = None, label: str = "生产") -> dict:
        return helpers.call_action("shaoxing_app_key_create", {"user": user or self.users["applicant"]}, label=label)

    def granted_key(self) -> str:
        self.approve(self.apply()["id"])
        return self.key()["key"]


@pytest.fixture
def world(worlds) -> World:
    """Built once (a real DataStore load), restored for every test after."""
    return worlds("access", _build, unread=LIMITS)


def _build() -> World:
    _sysadmin.clear()
    org = factories.department(name="transport", title="市交通运输局")
    other = factories.department(name="health", title="市卫生健康委员会")
    entry = interface_entry(org, open_level="conditional")
    users = {"anonymous": "", "sysadmin": sysadmin_name(),
             "owner_editor": factories.user_in_role("editor", org), "other_editor": factories.user_in_role("editor", other),
             "applicant": factories.user_in_role("user"), "other_company": factories.user_in_role("user")}
    return World(org, other, entry, users, company(users["applicant"], 1), company(users["other_company"], 2))


def key_header(key: str) -> dict:
    return {"X-App-Key": key}


__all__ = ["PLUGINS", "ROLES", "World", "company", "key_header", "token"]
