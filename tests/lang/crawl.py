"""What a page says, as a reader and a screen reader get it, and which of it is in the other language.

A page's words are its visible text (outside <script>, <style>, <template>, the `hidden` parts and
code samples: <code>, <pre>, <kbd>, <samp>) and its accessible names and hints: the `aria-label`,
`alt`, `title`, `placeholder`, `data-bs-title` attributes and the `value` of input buttons. A part marked
with a `lang` attribute other than the page's (the language switcher's "English" / "中文") says
what language it is in and is not counted.

"The other language":
- on a Chinese page, English: a word of two or more Latin letters. Not counted: web addresses,
  e-mail addresses, paths, file names, tokens holding a digit, an underscore, `=`, brackets or an
  inner `.`/`:` (codes, versions, identifiers, query expressions), lower-case names joined by
  hyphens (URL names), the words of LATIN_NAMES (formats, "API", units, product names, the data
  API's own names) and the Latin words of the world's free text (a faker-made user name).
- on an English page, Chinese: any CJK ideograph or full-width punctuation. Not counted: the
  world's own data (PROPER names given to `other_language`: departments, entries, resources,
  companies, contests and the rest of what users typed) and the words of CHINESE_NAMES."""
from __future__ import annotations

import re
from html.parser import HTMLParser

# Written as they are in every language: file formats, standards, acronyms, product names, units.
LATIN_NAMES = frozenset("""
    API APIs CSV JSON XLSX XLS XML PDF ZIP PNG JPG JPEG SVG GIF HTML DOCX DOC TXT GeoJSON KML SHP WMS WFS RDF
    URL URLs HTTP HTTPS CKAN DataStore SQL ID UUID OK GB GB/T MB KB TB JavaScript curl Python App APP app
    Excel ECharts Solr Redis PostgreSQL RSS Atom SHA QR cURL CSS Markdown GNU ODbL PDDL OGL CC BY CC0 UTC
""".split()) | {
    # The data API's own names (parameters, headers, JSON keys and values, the CLI's command),
    # written inside the Chinese prose of the developer and interface pages.
    *"q fq filters fields sort limit offset desc field value success error false true Authorization facet ckan clean "
     "activities total_was_estimated".split()}

# Chinese kept on English pages on purpose: the catalogue's own Chinese terms, glossed in brackets
# on the English licence, access and interface pages so a reader recognises them in the data and
# the workbook (its sheet names); the example department name in the form for a department's
# Chinese name.
CHINESE_NAMES = frozenset({"有条件开放", "无条件开放", "开放接口", "共享接口", "申请使用", "数源单位", "目录", "资源",
                           "数据项", "市数据局"})

SKIPPED = {"script", "style", "template", "code", "pre", "kbd", "samp", "noscript", "svg"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
NAMED = ("aria-label", "alt", "title", "placeholder", "data-bs-title")


class _Words(HTMLParser):
    def __init__(self, lang: str):
        super().__init__(convert_charrefs=True)
        self.lang = lang
        self.stack: list[tuple[str, bool]] = []      # tag, whether its content is skipped
        self.found: list[tuple[str, str]] = []       # (where, text)

    def _skipped(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        skip = (self._skipped() or tag in SKIPPED or "hidden" in a
                or bool(a.get("lang") and not a["lang"].replace("-", "_").startswith(self.lang[:2])))
        if not skip:
            for name in NAMED:
                if a.get(name):
                    self.found.append((f"<{tag} {name}>", a[name]))
            if tag == "input" and a.get("type") in ("submit", "button", "reset") and a.get("value"):
                self.found.append((f"<{tag} value>", a["value"]))
        if tag not in VOID:
            self.stack.append((tag, skip))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if not self._skipped() and data.strip():
            tag = self.stack[-1][0] if self.stack else "-"
            self.found.append((f"<{tag}>", " ".join(data.split())))


def words(html: str, lang: str) -> list[tuple[str, str]]:
    """(where, text) of every piece of `html` a reader or a screen reader meets."""
    body = html.split("<body", 1)[-1]
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    parser = _Words(lang)
    parser.feed("<body" + body)
    return ([("<title>", " ".join(title.group(1).split()))] if title else []) + parser.found


# Tokens (between spaces) that are no words: addresses, paths, file names, codes (a digit or an
# underscore), names in web addresses (lower-case words joined by hyphens).
_NOT_WORDS = re.compile(r"\W*(?:\w+://\S*|www\.\S*|\S+@\S+|/\S*|\S*\.(?:csv|xlsx|xls|json|pdf|zip|xml|png|jpg|svg|txt)"
                        r"|\S*[\d_=\[\]{}]\S*|\w+[.:]\w\S*|[a-z]+(?:-[a-z]+)+)\W*", re.I)
# Chinese has no spaces between words: a token ends at Chinese text too.
_TOKENS = re.compile(r"[\s\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+(?:/[A-Za-z]+)?")
_CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e]")


def english_words(text: str, proper: frozenset = frozenset()) -> list[str]:
    return [w for token in _TOKENS.split(text) if token and not _NOT_WORDS.fullmatch(token) for w in _LATIN_WORD.findall(token)
            if w not in LATIN_NAMES and w.rstrip("s") not in LATIN_NAMES and w not in proper]


_CHINESE_RUN = re.compile(_CHINESE.pattern + "+")


class Proper:
    """The world's own words (what its users typed), for `other_language`: its Chinese, one text a
    line, and the Latin words of its free text (a faker-made name or description)."""

    def __init__(self, chinese=(), free_text=()):
        self.chinese = "\n".join(sorted({n.strip() for n in chinese if n and _CHINESE.search(n)} | set(CHINESE_NAMES)))
        self.latin = frozenset(w for text in free_text if text for w in _LATIN_WORD.findall(text))


def other_language(html: str, lang: str, proper: Proper | None = None) -> list[tuple[str, str]]:
    """The pieces of `html` (a page in `lang`, "zh_Hans_CN" or "en") in the other language. On an
    English page a run of Chinese is the world's data when it is part of one of the `proper` texts
    (rendered Markdown splits a description into pieces)."""
    proper = proper or Proper()
    found = []
    for where, text in words(html, lang):
        if lang == "en":
            if any(run not in proper.chinese for run in _CHINESE_RUN.findall(text)):
                found.append((where, text))
        elif english_words(text, proper.latin):
            found.append((where, text))
    return found
