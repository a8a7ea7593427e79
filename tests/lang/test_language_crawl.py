"""Every page two links from the home page speaks the page's language, to a visitor and a signed-in
sysadmin in Chinese and in English, and (one link from home: the pages of its menu) to a department
editor in Chinese.

The crawl follows the links of the home page and of the pages they lead to (the portal's own
pages in the same language; not the JSON API, whose errors stay bilingual, nor downloads or
sign-out), on a small seeded world: departments, an open entry and a conditional one with a
loaded DataStore table and interfaces, companies, a contest. What counts as "the other
language", and what is kept on purpose (the declared names), is said in tests/lang/crawl.py."""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

import ckan.model as model
import pytest
import sqlalchemy as sa
from ckan.tests import helpers

from tests.conftest import PLUGINS, ROOT
from tests.interfaces.conftest import token
from tests.lang.crawl import Proper, other_language

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS),
              pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")]

# Not pages: files, the JSON API, actions with side effects, the other language's pages.
SKIP = re.compile(r"^/(api|en/api)/|/download|\.(xlsx|csv|json|xml|rdf|jsonld|ttl|zip)$|/logout|/_|/webassets/"
                  r"|/base/|/shaoxing/|/uploads/|/dataset/.*/resource/.*/(view|embed)|/locale|/feeds/")


# The free text of the world's users (faker writes English names and descriptions).
FREE_TEXT = {"package": ("title", "notes"), "resource": ("name", "description"), "group": ("name", "title", "description"),
             "user": ("name", "fullname", "about")}


def _world_words() -> Proper:
    """What the world's users typed: titles, names, descriptions, tags, every value of the entries'
    extra fields, companies and contests (read from the tables, so nothing is left out)."""
    texts, free = [], []
    for table, cols in FREE_TEXT.items():
        for row in model.Session.execute(sa.text(f'SELECT {", ".join(cols)} FROM "{table}"')):
            free.extend(row)
    engine = model.Session.get_bind()
    inspector = sa.inspect(engine)
    for table in ("package", "package_extra", "resource", "group", "group_extra", "tag", "user",
                  *[t for t in inspector.get_table_names() if t.startswith(("shaoxing_", "contest"))]):
        cols = [c["name"] for c in inspector.get_columns(table) if str(c["type"]).startswith(("TEXT", "VARCHAR", "JSON"))] \
            if table in inspector.get_table_names() else []
        if not cols:
            continue
        columns = ", ".join(f'"{c}"::text' for c in cols)
        for row in model.Session.execute(sa.text(f'SELECT {columns} FROM "{table}"')):
            texts.extend(v for v in row if v)
    # and the DataStore tables' column labels and cells
    for (rid,) in model.Session.execute(sa.text("SELECT id FROM resource WHERE extras LIKE '%datastore_active\": true%'")):
        table = helpers.call_action("datastore_search", resource_id=rid, limit=1000)
        texts.extend(str((f.get("info") or {}).get("label") or "") for f in table["fields"])
        free.extend(f["id"] for f in table["fields"])
        texts.extend(str(v) for row in table["records"] for v in row.values())
    return Proper(texts, free)


def _links(body: str, prefix: str) -> list[str]:
    out = []
    for href in re.findall(r'href="([^"#]*)"', body):
        href = href.replace("&amp;", "&")
        parts = urlsplit(href)
        if parts.netloc and parts.netloc not in ("localhost", "test.ckan.net") or not parts.path.startswith("/"):
            continue
        path = parts.path
        if (prefix and not path.startswith(prefix + "/") and path != prefix) or (not prefix and path.startswith("/en/")):
            continue
        if SKIP.search(path):
            continue
        out.append(path + ("?" + parts.query if parts.query else ""))
    return out


UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# A user's pages (profile, activity, edit form, tokens) are the same for every user: one is read.
USER_PAGE = re.compile(r"^((?:/en)?/user/(?:activity/|edit/|delete/)?)(?!login$|register$|reset$|_)[^/]+")


def _shape(url: str) -> tuple:
    """Pages that differ only in a resource's id or in filter values say the same words: one of
    them is read."""
    parts = urlsplit(url)
    return USER_PAGE.sub(r"\1<name>", UUID.sub("<id>", parts.path)), tuple(sorted({k for k, _ in parse_qsl(parts.query)}))


def crawl(app, prefix: str, headers: dict, proper: Proper, depth: int = 2) -> dict[str, list]:
    lang = "en" if prefix else "zh_Hans_CN"
    start = prefix + "/"
    seen, frontier, problems = {_shape(start)}, [start], {}
    for level in range(depth + 1):
        following = []
        for url in frontier:
            res = app.get(url, headers=headers, follow_redirects=False)
            if res.status_code != 200 or "text/html" not in res.headers.get("Content-Type", ""):
                continue
            found = other_language(res.body, lang, proper)
            if found:
                problems[url] = found
            if level < depth:
                for link in _links(res.body, prefix):
                    if _shape(link) not in seen:
                        seen.add(_shape(link))
                        following.append(link)
        frontier = following
    print(f"{prefix or '/'} {'signed in' if headers else 'anonymous'}: {len(seen)} pages")
    return problems


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_every_page_two_links_from_home_speaks_the_pages_language(app, world, prefix):
    proper = _world_words()
    problems = {}
    # The editor sees a part of what the sysadmin sees: its own menu's pages, in Chinese.
    for who, depth in (("", 2), (world["sysadmin"], 2), *([(world["editor"], 1)] if not prefix else [])):
        for url, found in crawl(app, prefix, token(who), proper, depth).items():
            for piece in found:
                problems.setdefault(piece, f"{url} ({who and 'signed in' or 'anonymous'})")
    report = "\n".join(f"{where} {text[:200]!r}  on {url}" for (where, text), url in sorted(problems.items()))
    out = ROOT / ".devstack/test-output" / f"language-crawl{prefix.replace('/', '-')}.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report, encoding="utf-8")
    assert not problems, f"{len(problems)} pieces in the other language (all in {out}):\n{report[:3000]}"
