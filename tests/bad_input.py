"""What the bad-input tests send odd values to, found rather than listed: every action and every
page the plugins of this distribution register (`shaoxing` and `shaoxing_contest`), and the
parameters each one reads.

An action's parameters are the keys of the schemas it validates with, read off the registered
function: CKAN's @validate and the contest's `checked` keep the schema function in their closure;
a chained core action names `schema.<name>` of its feature in its code, or in the code of a helper
of an actions module it calls (params.guard's schema). A chained action also gets the parameters
(`:param x:`) the action it chains documents: core's, the DataStore's or xloader's.

A page's parameters are the names it reads from its query string, form and files when asked
(noted by the test app's request class, see `recording`), and the names its view function
reads literally (`form.get("x")`), which finds a field read on one branch only."""
from __future__ import annotations

import functools
import inspect
import itertools
import re
import types
from importlib.metadata import entry_points
from typing import Callable
from urllib.parse import quote

import ckan.logic as logic
import ckan.plugins as p
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.utils import cached_property

DISTRIBUTION = "ckanext-shaoxing"
PACKAGES = ("ckanext.shaoxing.", "ckanext.shaoxing_contest.")

# JSON values; query strings and forms carry their text (a list as a repeated parameter).
ODD_VALUES = {"nul": "\x00", "list": ["a", "b"], "object": {"a": 1}, "number": 12345, "boolean": True,
              "long": "x" * 5000}
# Names an action's schema does not declare (a made-up one too): ignored or refused, never a 500.
UNKNOWN = ("id", "q", "limit", "shaoxing_made_up")
# Names a page does not read. A page reads its query string and form by name (recorded), so an
# unread name matters only where the whole query string travels on (a `came_from` address).
PAGE_UNKNOWN = ("q", "shaoxing_made_up")


def bilingual(message: str) -> bool:
    """A message in Chinese and English ("中文 / English")."""
    return " / " in message and any("\u4e00" <= c <= "\u9fff" for c in message)


def query(name: str, value) -> list[tuple[str, str]]:
    """A JSON value as a query string or form carries it."""
    if isinstance(value, list):
        return [(name, v) for v in value]
    if isinstance(value, bool):
        return [(name, "true")]
    if isinstance(value, dict):
        return [(name, '{"a": 1}')]
    return [(name, str(value))]


def status(call: Callable) -> int:
    try:
        return call().status_code
    except Exception:       # the test app lets a view's exception through: the server's 500
        return 500


def plugins() -> dict[str, type]:
    """Name → class of every CKAN plugin of this distribution."""
    return {ep.name: ep.load() for ep in entry_points(group="ckan.plugins")
            if ep.dist is not None and ep.dist.name.replace("_", "-") == DISTRIBUTION}


# Actions

def actions() -> dict[str, Callable]:
    """Name → function of every action the plugins register (chained ones too)."""
    return {name: fn for cls in plugins().values() if p.IActions.implemented_by(cls)
            for name, fn in cls().get_actions().items()}


def _ours(obj) -> bool:
    return (getattr(obj, "__module__", None) or "").startswith(PACKAGES)


def _is_schema(obj) -> bool:
    return inspect.isfunction(obj) and _ours(obj) and obj.__module__.rsplit(".", 1)[-1] == "schema"


def _names(code: types.CodeType) -> set[str]:
    # Nested code (comprehensions, lambdas) included.
    names = set(code.co_names)
    for const in code.co_consts:
        if inspect.iscode(const):
            names |= _names(const)
    return names


def _references(fn: types.FunctionType) -> list:
    """What a function's code holds or names: its closure, the globals it names, and
    `schema.<name>` for the schema modules it names."""
    cells = []
    for cell in fn.__closure__ or ():
        try:
            cells.append(cell.cell_contents)
        except ValueError:      # a cell not filled yet
            pass
    names = _names(fn.__code__)
    named = [fn.__globals__[n] for n in names if n in fn.__globals__]
    schema_modules = [m for m in named if inspect.ismodule(m) and m.__name__.endswith(".schema")]
    return cells + named + [getattr(m, n) for m in schema_modules for n in names if hasattr(m, n)]


def schemas(action: Callable) -> set[Callable]:
    """The schema functions of an action (see the module's docstring)."""
    found, todo, seen = set(), [action], set()
    while todo:
        fn = todo.pop()
        if id(fn) in seen:
            continue
        seen.add(id(fn))
        if isinstance(fn, functools.partial):
            todo += [fn.func, *fn.args]
        elif inspect.isfunction(fn):
            if hasattr(fn, "__wrapped__"):
                todo.append(fn.__wrapped__)
            for ref in _references(fn):
                if _is_schema(ref):
                    found.add(ref)
                elif inspect.isfunction(ref) and _ours(ref) and "actions" in ref.__module__.split("."):
                    todo.append(ref)
    return found


def documented(name: str) -> set[str]:
    """The parameters the action a chained action chains documents (the innermost of CKAN's
    partials), its results left out."""
    fn = logic.get_action(name)
    fn = getattr(fn, "__wrapped__", fn)
    while isinstance(fn, functools.partial):
        fn = fn.args[0]
    return set(re.findall(r":param (\w+):", (fn.__doc__ or "").split("**Results:**")[0]))


def parameters(name: str, fn: Callable) -> set[str] | None:
    """The parameters of an action; None when nothing declares them (no schema found, not chained)."""
    found = schemas(fn)
    chained = getattr(fn, "chained_action", False)
    if not found and not chained:
        return None
    names = {k for schema in found for k in schema() if not k.startswith("__")}
    return names | documented(name) if chained else names


# Pages

def blueprints() -> set[str]:
    return {bp.name for cls in plugins().values() if p.IBlueprint.implemented_by(cls)
            for bp in (lambda b: b if isinstance(b, list) else [b])(cls().get_blueprint())}


def page_rules(flask_app) -> list:
    """Every URL rule of the plugins' blueprints."""
    ours = blueprints()
    return sorted((r for r in flask_app.url_map.iter_rules() if r.endpoint.split(".", 1)[0] in ours),
                  key=lambda r: r.rule)


# (method, name) of every name read from a request since it was last cleared: "GET" for its query
# string, "POST" for its form and files (what a test sends them in).
READ: set[tuple[str, str]] = set()


class _Recorded(ImmutableMultiDict):
    """A request's form or files (or, as _Query, its query string) noting in READ every name read
    from it."""
    method = "POST"

    def __getitem__(self, key):
        READ.add((self.method, key))
        return super().__getitem__(key)

    def __contains__(self, key):
        READ.add((self.method, key))
        return super().__contains__(key)

    def get(self, key, default=None, type=None):
        READ.add((self.method, key))
        return super().get(key, default, type)

    def getlist(self, key, type=None):
        READ.add((self.method, key))
        return super().getlist(key, type)


class _Query(_Recorded):
    method = "GET"


def recording(request_class: type) -> type:
    """`request_class` noting in READ the names read from its requests (request.values reads
    through the query string and the form)."""
    class RecordingRequest(request_class):
        parameter_storage_class = _Recorded

        @cached_property
        def args(self):
            return _Query(super().args)

    return RecordingRequest


_METHODS = {"args": ("GET",), "form": ("POST",), "files": ("POST",), "values": ("GET", "POST")}
_ALIAS = re.compile(r"\b(\w+) = (?:tk\.)?request\.(args|form|values|files)\b")


def literal_reads(view: Callable) -> set[tuple[str, str]]:
    """(method, name) of the names a view function's code reads literally from request.args,
    .form, .files or .values, or from a name it gave one of them (`form = tk.request.form`)."""
    source = inspect.getsource(inspect.unwrap(view))
    receivers = [(rf"\brequest\.{d}", d) for d in _METHODS] + [(rf"\b{a}", d) for a, d in _ALIAS.findall(source)]
    return {(method, name) for receiver, d in receivers
            for name in re.findall(rf"""{receiver}(?:\.get(?:list)?\(|\[)\s*["']([^"']+)["']""", source)
            for method in _METHODS[d]}


_VARIABLE = re.compile(r"<(?:(\w+):)?(\w+)>")


def converters(rule: str) -> list[str]:
    """The converter of each variable of a URL rule ("default" for a plain one)."""
    return [m.group(1) or "default" for m in _VARIABLE.finditer(rule)]


def paths(rule: str, values: Callable[[str, str, str], tuple]) -> list[str]:
    """The rule's path once for each combination of its variables' values; `values(converter,
    segment, name)` gives them, `segment` being the path part before the variable."""
    slots = [values(m.group(1) or "default", rule[:m.start()].rstrip("/").rsplit("/", 1)[-1], m.group(2))
             for m in _VARIABLE.finditer(rule)]
    out = []
    for combination in itertools.product(*slots):
        given = iter(combination)
        out.append(_VARIABLE.sub(lambda m: quote(str(next(given)), safe="" if m.group(1) != "path" else "/"), rule))
    return out
