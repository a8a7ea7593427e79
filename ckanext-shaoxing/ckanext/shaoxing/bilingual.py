"""The portal's bilingual error text, without CKAN: the file readers and the quality checks raise
it in processes that need not import CKAN (bench/quality.py measures the check in one)."""


def message(zh: str, en: str) -> str:
    """Chinese first, then English."""
    return f"{zh} / {en}"


def in_language(text: str, lang: str) -> str:
    """The part of a `message` (or any "中文 / English" text) in `lang`; other text unchanged.
    Pages show one language; the JSON API keeps both."""
    zh, sep, en = (text or "").partition(" / ")
    if not sep or not _has_chinese(zh) or _has_chinese(en):
        return text
    return zh if lang.startswith("zh") else en


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)
