"""Suggestions as a citizen types, and help when a search finds nothing.

Both ask the catalogue search as anonymous (`package_search` without an account): what it
answers is what anyone may see, so a private or draft entry is never suggested, whoever types.
A prefix query on the title's CJK field (which holds single characters and pairs: any Chinese
substring of a title matches) and on the keywords, rather than Solr's SuggestComponent: its
dictionary is built from every document, private and draft ones too, and rebuilt as a whole;
the query costs a few milliseconds (bench/suggest.py)."""
from __future__ import annotations

import difflib
import re
import unicodedata

import ckan.plugins.toolkit as tk

# Where suggestions come from, in one place: the title's CJK field for what is typed, the
# keywords matched as substrings; Latin words read as pinyin against the title's syllables.
TITLE_FIELDS = ("title_cjk",)
PINYIN_FIELD = "title_py"       # the title's syllables, one token each (search/index.py)
TAG_FIELDS = ("tags",)
MAX_SUGGESTIONS, MAX_TAGS = 8, 3
MAX_INPUT = 50
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
# Characters Lucene's query syntax gives a meaning to.
SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|\s])')


def clean(q) -> str:
    """What was typed, as the suggestions read it (NFKC, spaces collapsed, at most MAX_INPUT)."""
    return " ".join(unicodedata.normalize("NFKC", q).split())[:MAX_INPUT] if isinstance(q, str) else ""


def _escape(text: str) -> str:
    return SPECIAL.sub(r"\\\1", text)


def _title_clause(field: str, terms: list[str]) -> str:
    """Every term in the title: a Chinese one as a phrase of its characters (a substring), the
    last Latin one as a prefix (the word being typed)."""
    parts = []
    for n, term in enumerate(terms):
        if CJK.search(term):
            parts.append(f'{field}:"{_escape(term)}"')
        elif n == len(terms) - 1:
            parts.append(f"{field}:{_escape(term.lower())}*")
        else:
            parts.append(f"{field}:{_escape(term.lower())}")
    return "(" + " AND ".join(parts) + ")"


def _pinyin_clause(terms: list[str]) -> str | None:
    """Latin words typed as pinyin (`gongjiao`, `zhuji gongj`) against the title's syllables
    (search/pinyin.py indexes them): every whole syllable, the last one begun as a prefix; None
    when a word is not pinyin or a Chinese one is mixed in (the CJK clause serves those)."""
    from ..search import api as search_api
    parts = []
    for n, term in enumerate(terms):
        read = search_api.typed_pinyin(term)
        if read is None or (read[1] and n != len(terms) - 1):
            return None
        whole, begun = read
        if n == len(terms) - 1 and not begun:       # the syllable being typed may go on (fan → fang)
            whole, begun = whole[:-1], whole[-1]
        parts += [f"{PINYIN_FIELD}:{_escape(s)}" for s in whole]
        if begun:
            parts.append(f"{PINYIN_FIELD}:{_escape(begun)}*")
    return "(" + " AND ".join(parts) + ")" if parts else None


def _anonymous_search(data: dict) -> dict:
    return tk.get_action("package_search")({"user": ""}, data)


def suggest(q) -> list[dict]:
    """Up to MAX_SUGGESTIONS: matching keywords first (up to MAX_TAGS), then titles, titles
    starting with the text first, the most viewed first: [{"label", "kind": "tag"|"dataset",
    "url"}]."""
    text = clean(q)
    if not text:
        return []
    terms = text.split()
    clauses = [_title_clause(f, terms) for f in TITLE_FIELDS]
    if pinyin := _pinyin_clause(terms):
        clauses.append(pinyin)
    clauses += [f"{f}:*{_escape(text)}*" for f in TAG_FIELDS]
    result = _anonymous_search({"q": " OR ".join(clauses), "fl": "name,title,views_total",
                                "rows": MAX_SUGGESTIONS * 2, "sort": "views_total desc, score desc",
                                "facet.field": '["tags"]', "facet.limit": 50})
    wanted = text.lower()
    tags = [t for t, _n in sorted(result["facets"].get("tags", {}).items(), key=lambda kv: (-kv[1], kv[0]))
            if wanted in t.lower()][:MAX_TAGS]
    titles = sorted(result["results"], key=lambda p: not p["title"].lower().startswith(wanted))
    found = [{"label": t, "kind": "tag", "url": tk.h.url_for("dataset.search", tags=t)} for t in tags]
    found += [{"label": p["title"], "kind": "dataset", "url": tk.h.url_for("dataset.read", id=p["name"])}
              for p in titles[:MAX_SUGGESTIONS - len(found)]]
    return found


def _nearest(text: str, words: list[str], cutoff: float) -> list[str]:
    """Up to three of `words` nearest to `text` (difflib's similarity ≥ cutoff), nearest first,
    equally near ones in their order in `words`."""
    scored = []
    for n, word in enumerate(words):
        matcher = difflib.SequenceMatcher(None, text, word.lower())
        if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff and matcher.ratio() >= cutoff:
            scored.append((-matcher.ratio(), n, word))
    return [word for _score, _n, word in sorted(scored)[:3]]


def _pinyin(word: str) -> str | None:
    try:
        from pypinyin import lazy_pinyin  # the search feature's dependency, when installed
    except ImportError:
        return None
    return "".join(lazy_pinyin(word))


def help_for(q, known: list[str]) -> dict:
    """For a query that found nothing: {"did_you_mean": [terms that find something, nearest
    first], "domains": [{"name", "display_name", "count"}]}. The entries sharing at least half of
    the query's characters and words give the candidate keywords (with `known`: queries that
    found something) and their domains."""
    text = clean(q)
    if not text:
        return {"did_you_mean": [], "domains": []}
    pieces = [p for term in text.split() for p in (list(term) if CJK.search(term) else [term])]
    pieces = [_escape(p) for p in pieces if p.strip()]
    # Explicit ORs: CKAN sends q.op=AND, under which Solr ignores mm.
    result = _anonymous_search({"q": " OR ".join(pieces), "defType": "edismax", "qf": "title_cjk^4 text_cjk",
                                "mm": "50%", "rows": 0, "facet.field": '["tags", "domain"]',
                                "facet.limit": 200}) if pieces else {"facets": {}, "search_facets": {}}
    tags = result["facets"].get("tags") or _anonymous_search(
        {"q": "*:*", "rows": 0, "facet.field": '["tags"]', "facet.limit": 500})["facets"].get("tags", {})
    # Most used first, so that of equally near terms the one finding most entries comes first.
    vocabulary = list(dict.fromkeys([*sorted(tags, key=lambda t: -tags[t]), *known]))
    nearest = _nearest(text.lower(), vocabulary, 0.5)
    if not CJK.search(text) and len(nearest) < 3:
        # Latin letters: pinyin of the keywords, when the pinyin library is installed.
        by_sound = {}
        for word in vocabulary:
            sound = _pinyin(word) if CJK.search(word) else None
            if sound:
                by_sound.setdefault(sound, word)
        for sound in _nearest(text.lower().replace(" ", ""), list(by_sound), 0.75):
            if by_sound[sound] not in nearest:
                nearest.append(by_sound[sound])
    domains = (result.get("search_facets") or {}).get("domain", {}).get("items", [])
    domains = sorted(domains, key=lambda d: (-d["count"], d["name"]))[:3]
    return {"did_you_mean": nearest[:3],
            "domains": [{"name": d["name"], "display_name": d["display_name"], "count": d["count"]} for d in domains]}
