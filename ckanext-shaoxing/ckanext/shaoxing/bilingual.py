"""The portal's bilingual error text, without CKAN: the file readers and the quality checks raise
it in processes that need not import CKAN (bench/quality.py measures the check in one)."""


def message(zh: str, en: str) -> str:
    """Chinese first, then English."""
    return f"{zh} / {en}"


def in_language(text: str, zh: bool) -> str:
    """One half of a `message()`: the Chinese for a Chinese page, else the English."""
    halves = str(text).split(" / ", 1)
    return halves[0] if zh or len(halves) == 1 else halves[1]
