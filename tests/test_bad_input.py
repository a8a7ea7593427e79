"""Odd input reaches no 500: every action our plugins register and every page of our blueprints
gets a NUL byte, a list, an object, a number, a boolean and a 5,000-character string in each
parameter, over the real HTTP API of a test app (POST JSON and GET query strings).

Actions, pages and parameter names are discovered, not listed: the actions and blueprints of
every plugin of this distribution, and the parameters declared in every feature's schema.py (plus
the ids core's chained actions take), so what is added later is covered too."""
from __future__ import annotations

import importlib
import pkgutil
import re
from importlib.metadata import entry_points

import ckan.plugins as p
import pytest
from ckan.tests import factories as ckan_factories

import ckanext.shaoxing
from tests import factories
from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

# JSON values; query strings carry their text (a list as a repeated parameter).
ODD_VALUES = {"nul": "\x00", "list": ["a", "b"], "object": {"a": 1}, "number": 12345, "boolean": True,
              "long": "x" * 5000}
# Parameters of the core actions we chain, which declare no schema of ours.
CORE_PARAMETERS = {"id", "resource_id", "q", "filters", "limit", "offset", "fields", "sort"}


def _project_plugins() -> list:
    return [ep.load() for ep in entry_points(group="ckan.plugins")
            if ep.dist is not None and ep.dist.name.replace("_", "-") == "ckanext-shaoxing"]


def _actions() -> list[str]:
    return sorted(name for cls in _project_plugins() if p.IActions.implemented_by(cls)
                  for name in cls().get_actions())


def _blueprint_names() -> set[str]:
    return {bp.name for cls in _project_plugins() if p.IBlueprint.implemented_by(cls)
            for bp in (lambda b: b if isinstance(b, list) else [b])(cls().get_blueprint())}


def _schema_parameters() -> set[str]:
    names = set()
    for info in pkgutil.walk_packages(ckanext.shaoxing.__path__, "ckanext.shaoxing."):
        if info.name.rsplit(".", 1)[-1] != "schema":
            continue
        module = importlib.import_module(info.name)
        for attr in vars(module).values():
            if callable(attr) and getattr(attr, "__module__", None) == module.__name__:
                names |= {k for k in attr() if not k.startswith("__")}
    return names


def _query(name: str, value) -> list[tuple[str, str]]:
    if isinstance(value, list):
        return [(name, v) for v in value]
    if isinstance(value, bool):
        return [(name, "true")]
    if isinstance(value, dict):
        return [(name, '{"a": 1}')]
    return [(name, str(value))]


@pytest.fixture
def sysadmin_token():
    user = ckan_factories.SysadminWithToken(password="Correct-pass-123")  # the portal's password rules
    return user["token"]


@pytest.fixture
def catalogue():
    # Something to find, so that valid neighbours of an odd parameter reach the queries.
    org = factories.department(name="sx-transport")
    factories.entry(org, name="bus", resources=[{"url": "https://a.b/1", "interface_type": "open_api"}])


def test_discovery_finds_our_actions_pages_and_parameters():
    assert {"shaoxing_target_progress", "shaoxing_usage_show", "shaoxing_ranking_show"} <= set(_actions())
    assert {"shaoxing_targets", "shaoxing_catalog"} <= _blueprint_names()
    assert {"organization", "year", "package_id", "resource_id", "date"} <= _schema_parameters()


@pytest.mark.parametrize("action", _actions())
def test_odd_values_in_every_parameter_of_every_action(app, catalogue, sysadmin_token, action):
    parameters = sorted(_schema_parameters() | CORE_PARAMETERS)
    answers = {}
    for who, headers in (("anonymous", {}), ("sysadmin", {"Authorization": sysadmin_token})):
        for name in parameters:
            for kind, value in ODD_VALUES.items():
                url = f"/api/3/action/{action}"
                posted = app.post(url, json={name: value}, headers=headers)
                got = app.get(url, query_string=_query(name, value), headers=headers)
                answers[(who, name, kind)] = (posted.status_code, got.status_code)
    failed = {k: v for k, v in answers.items() if max(v) >= 500}
    assert not failed, f"{action}: 5xx for {failed}"


def test_our_validators_name_the_field_in_both_languages(app):
    for action, name in (("shaoxing_target_progress", "organization"), ("shaoxing_usage_show", "package_id"),
                         ("shaoxing_usage_show", "resource_id"), ("shaoxing_target_progress", "year")):
        for kind, value in ODD_VALUES.items():
            res = app.post(f"/api/3/action/{action}", json={name: value})
            assert res.status_code == 409, (action, name, kind)
            message = " ".join(res.json["error"][name])
            assert " / " in message and any("\u4e00" <= c <= "\u9fff" for c in message), message


# Pages of features other engineers own, failing on odd input until their fix lands: endpoint → why.
ODD_PATH_VALUE = "odd%00" + "x" * 200


def _pages(app) -> list[tuple[str, str, set[str]]]:
    """(endpoint, path with odd values for its variables, methods) of every URL rule of our blueprints."""
    ours = _blueprint_names()
    pages = []
    for rule in app.flask_app.url_map.iter_rules():
        if rule.endpoint.split(".", 1)[0] in ours:
            path = re.sub(r"<(?:[a-z]+:)?[a-z_]+>", ODD_PATH_VALUE, rule.rule)
            pages.append((rule.endpoint, path, set(rule.methods or ())))
    return pages


def _status(call) -> int:
    try:
        return call().status_code
    except Exception:       # the test app lets a view's exception through: the server's 500
        return 500


def _page_failures(app, pages) -> dict:
    parameters = sorted(_schema_parameters() | CORE_PARAMETERS)
    failed = {}
    for endpoint, path, methods in pages:
        for name in parameters:
            for kind, value in ODD_VALUES.items():
                query = _query(name, value)
                if "GET" in methods:
                    status = _status(lambda: app.get(path, query_string=query, follow_redirects=False))
                    if status >= 500:
                        failed[("GET", endpoint, name, kind)] = status
                if "POST" in methods:
                    status = _status(lambda: app.post(path, data=dict(query), follow_redirects=False))
                    if status >= 500:
                        failed[("POST", endpoint, name, kind)] = status
    return failed


def _log_in(app, who):
    if who == "sysadmin":
        app.set_session_user(ckan_factories.Sysadmin()["name"])


@pytest.mark.parametrize("who", ["anonymous", "sysadmin"])
def test_odd_values_in_every_page(app, catalogue, who):
    pages = _pages(app)
    assert any(path == "/targets" for _, path, _ in pages)
    _log_in(app, who)
    failed = _page_failures(app, pages)
    assert not failed, f"5xx for {failed}"
