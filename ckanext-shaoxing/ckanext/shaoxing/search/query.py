"""What a citizen types, read as a Solr query: Chinese runs cut into words (jieba, with the
synonym list's terms as words of its dictionary), each word widened to its synonyms; Latin words
read as pinyin (joined or spaced syllables) or initials besides themselves. Entries holding every
part rank first, then those missing one; the typed text as an exact substring always matches
(the CJK bigram fields), so nothing found before is lost. Ranking: title above abstract, then
gentle boosts for downloads and recency; faulty entries below clean ones of the same match."""
from __future__ import annotations

import itertools
import logging
import re

from . import pinyin, synonyms

log = logging.getLogger(__name__)

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_PART = re.compile(rf"[{_CJK}]+|[A-Za-z][A-Za-z']*|[0-9]+(?:\.[0-9]+)?")
# Queries rewritten: plain text only. Anything with Solr syntax (field:value, quotes, operators,
# wildcards, brackets, a minus: also catalogue codes such as SX-JT-2024-0001) is left to CKAN.
_PLAIN = re.compile(rf"^[{_CJK}A-Za-z0-9'\s，。、；,.;！？!?（）·]*$")
MAX_PARTS = 8
MAX_LENGTH = 100        # longer text (a pasted abstract) is searched as before

# Multiplicative: ×1–1.3 by downloads (log), ×1–1.2 by how recently the entry changed, ×0.5 for an
# entry failing its quality check or with a quarantined file (never above a clean one matched alike:
# 0.5 × 1.3 × 1.2 < 1).
BOOST = ("product(sum(1,product(0.1,log(sum(1,resources_accessed_total)))),"
         "sum(1,product(0.2,recip(ms(NOW/DAY,metadata_modified),3.16e-11,1,1))),"
         "if(shaoxing_faulty,0.5,1))")


class _Tokenizer:
    """jieba's tokenizer, its dictionary grown by the synonym terms of the list it last saw; and
    the joined pinyin of those terms (`shebao` → 社保), so a term typed in pinyin widens too."""

    def __init__(self):
        self.jieba = None
        self.words: set[str] = set()
        self.by_pinyin: dict[str, list[str]] = {}
        self.seen: dict | None = None

    def spelled(self, word: str, groups: dict) -> list[str]:
        self._follow(groups)
        return self.by_pinyin.get(word, [])

    def cut(self, text: str, groups: dict) -> list[str]:
        self._follow(groups)
        return self.jieba.lcut(text, HMM=False)

    def _follow(self, groups: dict) -> None:
        """Catch up with the list (once after each change; a removed term stays a word of the
        dictionary, which only keeps it whole)."""
        if self.jieba is None:
            import jieba
            jieba.setLogLevel(logging.WARNING)
            self.jieba = jieba.Tokenizer()
        if groups is self.seen:
            return
        by_pinyin: dict[str, list[str]] = {}
        for term, others in groups.items():
            if len(term) > 1 and re.fullmatch(f"[{_CJK}]+", term):
                if term not in self.words:
                    self.jieba.add_word(term, freq=100000)
                    self.words.add(term)
                by_pinyin.setdefault(pinyin.syllables(term).replace(" ", ""), []).extend([term, *others])
        self.by_pinyin, self.seen = by_pinyin, groups


_tokenizer = _Tokenizer()


def search_params(params: dict) -> dict:
    """before_dataset_search: a plain text `q` rewritten (and its ranking boosts) unless the
    caller set its own query parser or the site turned the rewriting off."""
    import ckan.plugins.toolkit as tk
    if params.get("defType") or not tk.config.get("ckanext.shaoxing.search.expand"):
        return params
    try:
        solr_q = rewrite(params.get("q"))
    except Exception:       # never worse than before: CKAN's own query
        log.exception("search query not rewritten: %r", params.get("q"))
        return params
    if solr_q:
        params.update(q=solr_q, defType="edismax", mm="1", boost=BOOST)
    return params


def rewrite(q) -> str | None:
    """The Solr query (edismax syntax) for text `q`, or None to leave `q` to CKAN."""
    if not isinstance(q, str) or not q.strip() or len(q) > MAX_LENGTH or not _PLAIN.match(q):
        return None
    groups = synonyms.load_groups()
    units: list[tuple[bool, str]] = []
    for word in q.split():
        for part in _PART.findall(word):
            if re.match(f"[{_CJK}]", part):
                units.append((True, _chinese(part, groups)))
            elif part[0].isalpha():
                units.append(_latin(part, groups))
            else:
                units.append((True, _words(part)))
    units = _merge_spaced_syllables(units)[:MAX_PARTS]
    if not units:
        return None
    return " ".join("+" + u for _, u in units)


def _any(text: str, title: float, body: float) -> str:
    return f'(title_cjk:"{text}"^{title} OR text_cjk:"{text}"^{body})'


def _words(word: str) -> str:
    """A Latin word or a number as CKAN searched it (its English-stemmed `text`, the title, the
    name) and as a word of the CJK fields."""
    return f'({_any(word, 4, 1)} OR title:"{word}"^4 OR text:"{word}" OR name:"{word}"^4)'


def _chinese(run: str, groups: dict) -> str:
    """A run of Chinese typed without spaces: the run itself as an exact substring (what always
    matched), or its words (jieba; consecutive single characters kept together as one word, a
    lone character such as 的 optional) all present, or all but one, ranked in that order."""
    if run.lower() in groups:
        return _widened(run, groups)
    required, optional, single = [], [], ""
    for word in _tokenizer.cut(run, groups) + [""]:
        if len(word) == 1:
            single += word
            continue
        if single:
            (required if len(single) > 1 else optional).append(_widened(single, groups))
            single = ""
        if word:
            required.append(_widened(word, groups))
    if not required:
        required, optional = optional, []
    if len(required) == 1 and not optional:
        return required[0]
    clauses = [f"{_any(run, 6, 2)}^2", "(" + " ".join(["+" + u for u in required] + optional) + ")^2"]
    if 2 <= len(required) <= 5:      # entries missing one word, below those holding all
        clauses += ["(" + " ".join("+" + u for u in combo) + ")"
                    for combo in itertools.combinations(required, len(required) - 1)]
    return "(" + " OR ".join(clauses) + ")"


def _widened(word: str, groups: dict) -> str:
    alternatives = [_any(word, 4, 1)]
    alternatives += [_term(s) for s in groups.get(word.lower(), [])[:12]]
    return "(" + " OR ".join(alternatives) + ")" if len(alternatives) > 1 else alternatives[0]


def _term(term: str) -> str:
    """A synonym, below the typed word: an entry holding what was typed comes before one
    holding only its synonyms (the alternatives' scores add up, so an entry holding several
    synonyms must not outweigh it)."""
    return _any(term, 1.5, 0.4)


def _latin(word: str, groups: dict) -> tuple[bool, str]:
    word = word.lower().strip("'")
    alternatives = [_words(word.replace("'", ""))]
    alternatives += [_term(s) for s in groups.get(word, [])[:12]]
    spelled = _tokenizer.spelled(word.replace("'", ""), groups)      # the term it spells, then its synonyms
    alternatives += [_any(s, 4, 1) if i == 0 else _term(s) for i, s in enumerate(dict.fromkeys(spelled))][:12]
    syllables = pinyin.split(word)
    if syllables:
        spaced = " ".join(syllables)
        alternatives.append(f'title_py:"{spaced}"^3 OR text_py:"{spaced}"')
    letters = pinyin.as_initials(word)
    if letters:
        spaced = " ".join(letters)
        alternatives.append(f'title_pyi:"{spaced}"^2 OR text_pyi:"{spaced}"^0.5')
    return True, "(" + " OR ".join(alternatives) + ")"


_SYLLABLE = re.compile(r'title_py:"([a-z]+)"')


def _merge_spaced_syllables(units: list[tuple[bool, str]]) -> list[tuple[bool, str]]:
    """`gong jiao` typed spaced: consecutive one-syllable words are one word of the title too."""
    out: list[tuple[bool, str]] = []
    run: list[str] = []

    def flush():
        if len(run) > 1:
            spaced = " ".join(run)
            out.append((True, f'(title_py:"{spaced}"^3 OR text_py:"{spaced}" OR ('
                              + " ".join("+" + _words(s) for s in run) + "))"))
        elif run:
            out.append(pending[0])
        run.clear()
        pending.clear()

    pending: list = []
    for unit in units:
        m = _SYLLABLE.search(unit[1])
        if m and " " not in m.group(1):
            if not run:
                pending.append(unit)
            run.append(m.group(1))
            continue
        flush()
        out.append(unit)
    flush()
    return out
