"""Unmasked personal data in a column: resident ID numbers that pass their check digit (ISO 7064
MOD 11-2, python-stdnum's `cn.ric`) and hold a real birth date, mainland mobile numbers,
bank card numbers that pass Luhn (`stdnum.luhn`), and e-mail addresses outside the columns the
entry declares as contacts. Masked values (3306**********1234, 138****5678) match none of these.
Findings are counts per column and kind: the values themselves are never kept.

Not `ric.is_valid`: it also requires the district code to have existed in the birth year, which
misses real numbers (Zhuji's 330681 dates from 1989, yet people born before hold it)."""
from __future__ import annotations

import re

from stdnum import luhn
from stdnum.cn import ric

KINDS = ("resident_id", "mobile", "bank_card", "email")
LABELS = {"resident_id": ("身份证号码", "resident ID numbers"), "mobile": ("手机号码", "mobile numbers"),
          "bank_card": ("银行卡号", "bank card numbers"), "email": ("电子邮箱", "e-mail addresses")}
_ID = re.compile(r"(?<![0-9A-Za-z])[1-8]\d{16}[0-9Xx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?1[3-9]\d{9}(?![0-9])")
# Card numbers of the schemes issued in China (UnionPay 62, Visa 4, Mastercard 51–55, JCB 35):
# any 16–19 digits would flag every long serial number that happens to pass Luhn (one in ten).
_CARD = re.compile(r"(?<![0-9])(?:62|4\d|5[1-5]|35)\d{14,17}(?![0-9])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_MASKED = re.compile(r"\d{2,6}\*{3,}[\dXx]{1,4}|\d{3}\*{4}\d{4}")
# A batch without an 11-digit run or an @ holds none of the kinds. The run is looked for in the
# UTF-8 bytes, each mapped to "1" (an ASCII digit) or "0", with a substring search: all in C, a
# few times faster than a regex stepping through the text. Digits of other scripts (full-width
# １３８…, which the patterns' \d matches too) have UTF-8 lead bytes of their own; a batch
# holding one of those bytes is searched by the regex.
_DIGITS = re.compile(r"\d{11}")
_DIGIT_MAP = bytes(0x31 if 0x30 <= b <= 0x39 else 0x30 for b in range(256))
_RUN = b"1" * 11
_OTHER_DIGIT_LEADS = bytes(sorted({chr(c).encode()[0] for c in range(0x80, 0x20000) if chr(c).isdecimal()}))
_NOT_LEADS = bytes(b for b in range(256) if b not in _OTHER_DIGIT_LEADS)
CONTACT = re.compile(r"contact|phone|tel|mobile|email|mail|联系|电话|手机|邮箱", re.I)


def is_contact(name: str, label: str, field_type: str | None) -> bool:
    """A column the entry declares as a contact (电话/邮箱 type, or a contact name): published on
    purpose, so its numbers and addresses are not findings."""
    return field_type in ("phone", "email") or bool(CONTACT.search(name) or (label and CONTACT.search(label)))


def suspect(joined: str, longest: int | None = None) -> bool:
    """Whether the text may hold a personal value: an @ or a run of 11 digits (`longest`, the
    longest cell, rules the run out when under 11)."""
    if "@" in joined:
        return True
    if longest is not None and longest < 11:
        return False
    if joined.isascii():
        return _RUN in joined.encode("ascii").translate(_DIGIT_MAP)
    data = joined.encode("utf-8", "surrogatepass")
    if _RUN in data.translate(_DIGIT_MAP):
        return True
    return bool(data.translate(None, _NOT_LEADS)) and _DIGITS.search(joined) is not None


def scan(joined: str, contact: bool, credit: bool, longest: int | None = None) -> dict[str, int]:
    """Counts of unmasked personal values of each kind in a batch of one column (its cells
    joined). `credit`: a credit-code column, whose all-digit codes are not ID numbers."""
    found = {k: 0 for k in KINDS}
    found["masked"] = 0
    if "*" in joined:
        found["masked"] = len(_MASKED.findall(joined))
    if not suspect(joined, longest):
        return found
    ids = set()
    if not credit:
        for m in _ID.finditer(joined):
            if _resident_id(m.group()):
                found["resident_id"] += 1
                ids.add(m.start())
    if not contact:
        found["mobile"] = len(_MOBILE.findall(joined))
        found["email"] = len(_EMAIL.findall(joined))
    for m in _CARD.finditer(joined):
        if m.start() not in ids and luhn.is_valid(m.group()):
            found["bank_card"] += 1
    return found


def _resident_id(number: str) -> bool:
    if ric.calc_check_digit(number) != number[-1].upper():
        return False
    try:
        ric.get_birth_date(number)
    except Exception:            # stdnum's InvalidComponent: no such birth date
        return False
    return True


def contains_personal(value: str) -> bool:
    """Whether one value holds anything `scan` would count (to keep it out of report examples)."""
    counts = scan(value, contact=False, credit=False)
    return any(counts[k] for k in KINDS)
