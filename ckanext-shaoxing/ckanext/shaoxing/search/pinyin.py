"""Pinyin of the indexed text (full syllables and initials, by pypinyin, whose phrase dictionary
settles polyphonic characters: 重庆 chong qing, 银行 yin hang), and the reading of what a citizen
types in Latin letters: joined or spaced syllables (`gongjiao`, `gong jiao`) or initials (`gj`)."""
from __future__ import annotations

import functools
import re

from pypinyin import Style, lazy_pinyin

_WORD = re.compile(r"[a-z0-9]+")


def syllables(text: str) -> str:
    """`诸暨市公交` → `zhu ji shi gong jiao`; other words kept, lower-cased, as tokens."""
    return " ".join(_tokens(lazy_pinyin(text or "")))


def initials(text: str) -> str:
    """`诸暨市公交` → `z j s g j`: one letter a Chinese character, other words kept whole."""
    return " ".join(_tokens(lazy_pinyin(text or "", style=Style.FIRST_LETTER)))


def _tokens(parts: list[str]) -> list[str]:
    return [w for part in parts for w in _WORD.findall(part.lower())]


@functools.cache
def _known() -> frozenset[str]:
    """Every toneless syllable of pypinyin's dictionary (ü as v), less the vowel-less
    interjections (m, n, ng, hm) that would read initials as syllables."""
    from pypinyin.contrib.tone_convert import to_normal
    from pypinyin.pinyin_dict import pinyin_dict
    found = {to_normal(p) for value in pinyin_dict.values() for p in value.split(",")}
    return frozenset(s for s in found if s.isascii() and s.isalpha() and re.search("[aeiouv]", s))


def split(word: str) -> list[str] | None:
    """A Latin word read as joined syllables, fewest syllables first (`gongjiao` → gong jiao,
    `xi'an` → xi an); None if it is not pinyin."""
    known, out = _known(), []
    for piece in word.lower().split("'"):
        if not piece:
            continue
        best: list[list[str] | None] = [[]] + [None] * len(piece)
        for end in range(1, len(piece) + 1):
            for start in range(max(0, end - 6), end):
                head = best[start]
                if head is not None and piece[start:end] in known and (
                        best[end] is None or len(head) + 1 < len(best[end])):
                    best[end] = head + [piece[start:end]]
        if best[-1] is None:
            return None
        out += best[-1]
    return out or None


def typed(word: str) -> tuple[list[str], str] | None:
    """A Latin word being typed read as pinyin: its whole syllables and the start of the next one
    (`gongj` → (["gong"], "j"), `gongjiao` → (["gong", "jiao"], "")); None if it is not pinyin.
    For suggestions as you type."""
    word = word.lower()
    if not (word.isascii() and word.isalpha()):
        return None
    whole = split(word)
    if whole:
        return whole, ""
    known = _known()
    for cut in range(len(word) - 1, 0, -1):
        head, rest = split(word[:cut]), word[cut:]
        if head and len(rest) <= 5 and any(s.startswith(rest) for s in known):
            return head, rest
    return None


def as_initials(word: str) -> list[str] | None:
    """A Latin word of 2–6 letters, at most one a vowel, that is not pinyin, read as initials
    (`gj`, `sb`); a misspelt syllable (`gongjaio`) is not."""
    word = word.lower()
    if (2 <= len(word) <= 6 and word.isascii() and word.isalpha() and len(re.findall("[aeiouv]", word)) <= 1
            and split(word) is None):
        return list(word)
    return None
