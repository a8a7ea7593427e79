"""Odd input reaches no 500. Every action and every page of this distribution's plugins (`shaoxing`
and `shaoxing_contest`) gets a NUL byte, a list, an object, a number, a boolean and a
5,000-character string in each of its own parameters and in a few names nobody declared,
anonymously and as a sysadmin: actions over the real HTTP API of a test app (POST JSON and GET
query strings), pages as query strings and forms, at the address of a real entry, interface and
contest, and with the same odd values in their addresses.

Actions, pages and their parameters are discovered, not listed (tests/bad_input.py), so what is
added later is covered too, and an action whose parameters cannot be found fails here."""
from __future__ import annotations

import re

import ckan.model as model
import pytest
from ckan.tests import factories as ckan_factories
from werkzeug.datastructures import MultiDict

from tests import bad_input, factories
from tests.conftest import PLUGINS
from tests.contest.conftest import at, call, phases
from tests.interfaces.conftest import interface_entry

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS), pytest.mark.usefixtures("with_plugins")]
fresh_database = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

PASSWORD = "Correct-pass-123"    # meets the portal's password rules


def test_discovery_finds_every_action_page_and_parameter(app):
    actions = bad_input.actions()
    assert {"shaoxing_target_progress", "shaoxing_usage_show", "contest_create", "contest_score_submit",
            "package_show", "datastore_search"} <= set(actions)
    undeclared = sorted(name for name, fn in actions.items() if bad_input.parameters(name, fn) is None)
    assert not undeclared, f"actions whose parameters no schema declares: {undeclared}"
    assert {"organization", "year", "region_code"} == bad_input.parameters("shaoxing_target_progress",
                                                                          actions["shaoxing_target_progress"])
    assert {"contest_id", "phase", "top"} <= bad_input.parameters("contest_advance", actions["contest_advance"])
    # A chained core action: the parameters our guard checks and those core documents.
    assert {"name_or_id", "id", "use_default_schema"} <= bad_input.parameters("package_show", actions["package_show"])
    assert {"sync", "resource_id", "ignore_hash"} <= bad_input.parameters("xloader_submit", actions["xloader_submit"])
    assert {"shaoxing_targets", "shaoxing_catalog", "shaoxing_contest"} <= bad_input.blueprints()
    assert {"/targets", "/contest/<name>/judge/score", "/api/open/<code>/<int:n>"} <= {
        r.rule for r in bad_input.page_rules(app.flask_app)}


def signed_in(app, user: str):
    """A test client signed in as `user` by its session cookie, and the header that carries its
    CSRF token on posts (as CKAN's JavaScript sends it)."""
    client = app.test_client(user=model.User.get(user))
    page = client.get("/about/licence").get_data(as_text=True)
    return client, {"X-CSRFToken": re.search(r'<meta name="_csrf_token" content="([^"]+)"', page).group(1)}


@pytest.fixture
def catalogue():
    # Rows for the list actions to go through.
    org = factories.department(name="sx-transport")
    factories.entry(org, name="bus", resources=[{"url": "https://a.b/1", "interface_type": "open_api"}])


@fresh_database
def test_odd_values_in_every_parameter_of_every_action(app, catalogue):
    users = {"anonymous": (app.test_client(), {}),
             "sysadmin": signed_in(app, ckan_factories.Sysadmin(password=PASSWORD)["name"])}
    failed = {}
    for action, fn in sorted(bad_input.actions().items()):
        url = f"/api/3/action/{action}"
        # CKAN answers a GET of an action that is not side-effect free before it reads the query string.
        methods = ("POST", "GET") if getattr(fn, "side_effect_free", False) else ("POST",)
        for name in sorted((bad_input.parameters(action, fn) or set()) | set(bad_input.UNKNOWN)):
            for who, (client, headers) in users.items():
                for kind, value in bad_input.ODD_VALUES.items():
                    for method in methods:
                        got = bad_input.status(
                            lambda: client.post(url, json={name: value}, headers=headers) if method == "POST" else
                            client.get(url, query_string=bad_input.query(name, value), headers=headers))
                        if got >= 500:
                            failed[(method, action, who, name, kind)] = got
    assert not failed, f"5xx for {failed}"


@fresh_database
def test_our_validators_name_the_field_in_both_languages(app):
    for action, name in (("shaoxing_target_progress", "organization"), ("shaoxing_usage_show", "package_id"),
                         ("shaoxing_usage_show", "resource_id"), ("shaoxing_target_progress", "year")):
        for kind, value in bad_input.ODD_VALUES.items():
            res = app.post(f"/api/3/action/{action}", json={name: value})
            assert res.status_code == 409, (action, name, kind)
            message = " ".join(res.json["error"][name])
            assert bad_input.bilingual(message), message


@fresh_database
def test_chained_core_actions_name_the_field_in_both_languages(app):
    # Values core would answer with a 500, refused by our chained actions first.
    for action, name, value in (("organization_list", "all_fields", "12345"), ("group_list", "type", ["a", "b"]),
                                ("organization_list", "organizations", [1]), ("user_list", "email", "\x00"),
                                ("user_show", "include_datasets", "maybe"), ("resource_search", "query", 12345)):
        res = app.post(f"/api/3/action/{action}", json={name: value})
        assert res.status_code == 409, (action, name, res.status_code)
        message = " ".join(res.json["error"][name])
        assert bad_input.bilingual(message), message


@pytest.fixture
def world():
    """The real values of the pages' address variables ("segment/<name>" or "name" → values): a
    department, an entry with a loaded table and its two interfaces, and a contest (on a calendar
    far from today: the test moves the clock onto it)."""
    org = factories.department(name="sx-transport", title="市交通运输局")
    entry = interface_entry(org)
    admin = ckan_factories.Sysadmin(password=PASSWORD)["name"]
    contest = call("contest_create", admin, name="sx-2030", title="大赛", edition=3, phases=phases(), admins=[admin])
    nothing = "00000000-0000-4000-8000-000000000000"
    views = model.Session.query(model.ResourceView.id).filter_by(resource_id=entry["table"]["id"],
                                                                  view_type="shaoxing_chart").all()
    return {"view_id": tuple(v.id for v in views),
            "dataset/<id>": (entry["name"],), "organization/<id>": (org["name"],),
            "resource_id": (entry["table"]["id"],), "code": (entry["catalog_code"],), "n": (1,),
            "kind": ("open", "share"), "name": (contest["name"],),
            "action": ("judge_assign", "judge_remove", "advance", "publish"), "answer": ("accept", "decline"),
            # Things this world holds none of: their pages answer that there is no such thing.
            "job_id": (nothing,), "company_id": (nothing,), "grant_id": (nothing,), "submission_id": (nothing,),
            "filename": ("proposal.pdf",), "object_id": (nothing,),
            "requests/<id>": (nothing,), "organization_id": (org["name"],)}


def _real(world: dict):
    return lambda converter, segment, name: world.get(f"{segment}/<{name}>") or world[name]


def _request(client, method: str, path: str, pairs: list, headers: dict) -> int:
    if method == "GET":
        return bad_input.status(lambda: client.get(path, query_string=pairs, headers=headers, follow_redirects=False))
    return bad_input.status(lambda: client.post(path, data=MultiDict(pairs), headers=headers, follow_redirects=False))


@fresh_database
@pytest.mark.parametrize("who", ["anonymous", "sysadmin"])
def test_odd_values_in_every_page(app, world, who, monkeypatch):
    rules = bad_input.page_rules(app.flask_app)
    unnamed = set()
    for rule in rules:
        try:
            bad_input.paths(rule.rule, _real(world))
        except KeyError as e:
            unnamed.add(f"<{e.args[0]}> of {rule.rule}")
    assert not unnamed, f"give the world a real value for {sorted(unnamed)}"
    monkeypatch.setattr(app.flask_app, "request_class", bad_input.recording(app.flask_app.request_class))
    failed = {}
    with at("preliminary_judging"):
        # Signed in inside the frozen clock, or its CSRF token would be from years after it.
        client, headers = (app.test_client(), {}) if who == "anonymous" else signed_in(
            app, ckan_factories.Sysadmin(password=PASSWORD)["name"])
        for rule in rules:
            methods = sorted(rule.methods & {"GET", "POST"})
            for kind, value in bad_input.ODD_VALUES.items():
                if isinstance(value, list) or set(bad_input.converters(rule.rule)) <= {"int"}:
                    continue        # an address has no repeated parts; a number is a number or no route
                text = bad_input.query("v", value)[0][1]
                for path in bad_input.paths(rule.rule, lambda converter, segment, name, text=text:
                                            world[name] if converter == "int" else (text,)):
                    for method in methods:
                        if (got := _request(client, method, path, [], headers)) >= 500:
                            failed[(method, rule.rule, "address", kind)] = got
            for path in bad_input.paths(rule.rule, _real(world)):
                view = app.flask_app.view_functions[rule.endpoint]
                failed.update(_odd_parameters(client, view, path, methods, headers))
    assert not failed, f"5xx for {failed}"


def _odd_parameters(client, view, path: str, methods: list[str], headers: dict) -> dict:
    """Odd values in each name the page reads (from the query string on a GET, the form on a
    POST), asked without any and in every odd request (a name read only once another is given is
    tried too), or that its view reads literally; and in the unknown names."""
    failed = {}
    bad_input.READ.clear()
    for method in methods:
        if (got := _request(client, method, path, [], headers)) >= 500:
            failed[(method, path, "", "")] = got
    known = {(m, n) for m, n in bad_input.literal_reads(view) | bad_input.READ if m in methods}
    known |= {(m, n) for m in methods for n in bad_input.PAGE_UNKNOWN}
    todo = sorted(known)
    while todo:
        method, name = todo.pop()
        for kind, value in bad_input.ODD_VALUES.items():
            bad_input.READ.clear()
            if (got := _request(client, method, path, bad_input.query(name, value), headers)) >= 500:
                failed[(method, path, name, kind)] = got
            new = {(m, n) for m, n in bad_input.READ if m in methods} - known
            todo += sorted(new)
            known |= new
    return failed
