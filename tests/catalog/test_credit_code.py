"""The GB 32100-2015 check of unified social credit codes, on codes published by their holders,
on the seed's departments and on each way a code can be wrong."""
import csv

import pytest
from ckan.plugins import toolkit as tk

from ckanext.shaoxing import credit_code as cc
from ckanext.shaoxing.schemas.validators import shaoxing_credit_code
from tests.conftest import ROOT

with (ROOT / "catalog_seed" / "departments.csv").open(encoding="utf-8-sig") as f:
    SEED_CODES = [row["credit_code"] for row in csv.DictReader(f)]

# Printed on the holders' business licences (check symbols a digit, a letter and "X…G").
PUBLISHED = ["91330100799655058B", "914403001922038216", "9144030071526726XG"]


@pytest.mark.parametrize("code", PUBLISHED + SEED_CODES)
def test_valid_codes(code):
    assert cc.problem(code) is None


def test_the_registering_authority_may_be_a_letter():
    # N: agriculture (a village collective economic organization), Y: other authorities.
    for first17 in ("N2330602MA28B9T50", "Y1330600MA2D5UH81"):
        assert cc.problem(first17 + cc.check_symbol(first17)) is None


@pytest.mark.parametrize("code, why", [
    ("91330100799655058C", "check character does not match"),
    ("91330100799655058", "must be 18 characters"),
    ("91330100799655058BB", "must be 18 characters"),
    ("", "must be 18 characters"),
    ("91330100799655058b", "contains characters outside the code alphabet: b"),
    ("9133 100799655058B", "contains characters outside the code alphabet:  "),
])
def test_invalid_codes(code, why):
    assert cc.problem(code) == why


@pytest.mark.parametrize("letter", "IOSVZ")
def test_letters_the_standard_leaves_out(letter):
    first17 = "9133010079965505" + letter
    assert cc.problem(first17 + "0") == f"contains characters outside the code alphabet: {letter}"


def test_one_changed_symbol_is_always_caught():
    code = PUBLISHED[0]
    for i in range(17):
        for ch in cc.ALPHABET:
            if ch != code[i]:
                assert cc.problem(code[:i] + ch + code[i + 1:]) == "check character does not match"


def test_the_validator_names_the_problem_in_both_languages():
    with pytest.raises(tk.Invalid) as e:
        shaoxing_credit_code("91330100799655058C")
    assert str(e.value.error) == "统一社会信用代码无效 / invalid unified social credit code: check character does not match"
    # Typed in lower case or with spaces around, a valid code is kept in its standard form.
    assert shaoxing_credit_code(" 91330100799655058b ") == "91330100799655058B"
    assert shaoxing_credit_code("") == ""
