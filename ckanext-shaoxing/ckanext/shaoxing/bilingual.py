"""The portal's bilingual error text, without CKAN: the file readers and the quality checks raise
it in processes that need not import CKAN (bench/quality.py measures the check in one)."""


def message(zh: str, en: str) -> str:
    """Chinese first, then English."""
    return f"{zh} / {en}"
