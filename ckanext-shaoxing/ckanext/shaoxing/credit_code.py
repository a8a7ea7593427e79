"""Unified social credit code (统一社会信用代码, GB 32100-2015).

18 symbols from a 31-symbol alphabet (no I, O, S, V, Z). The 18th is a check symbol computed
mod 31 with weights 3^(i-1) mod 31 over the first 17. Pages that use mod 11 are wrong.

Not python-stdnum's `stdnum.cn.uscc`: it requires the first eight symbols to be digits, but the
standard's registering-authority code may be a letter (A military, N agriculture, Y other), so
it refuses valid codes such as a village collective's `N2…` (tests/catalog/test_credit_code.py).
"""
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [pow(3, i, 31) for i in range(17)]
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}


def check_symbol(first17: str) -> str:
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def problem(code: str) -> str | None:
    """Why `code` is not a valid credit code, or None when it is."""
    if len(code) != 18:
        return "must be 18 characters"
    bad = sorted({ch for ch in code if ch not in _VALUE})
    if bad:
        return "contains characters outside the code alphabet: " + "".join(bad)
    if code[17] != check_symbol(code[:17]):
        return "check character does not match"
    return None
