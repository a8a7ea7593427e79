"""The unified social credit code of a company registration (GB 32100-2015): valid codes
computed here, and each class of invalid one a field error naming `uscc` in both languages."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import helpers

from ckanext.shaoxing.credit_code import check_symbol
from tests import factories
from tests.conftest import PLUGINS

pytestmark = [pytest.mark.ckan_config("ckan.plugins", PLUGINS), pytest.mark.usefixtures("with_plugins", "clean_db")]

# Company (9), village collective (N2), other (Y1) codes: the check symbol computed by the rule.
VALID = [f + check_symbol(f) for f in ("91330602MA2BCD123", "N2330621MF1234567", "Y1330600MJ7654321",
                                         "913306001438765432"[:17])]


def register(user, uscc, **extra):
    return helpers.call_action("shaoxing_company_register", {"user": user}, name="测试企业", uscc=uscc,
                               contact_name="李四", contact_phone="0575-85000000", contact_email="a@example.org", **extra)


def test_known_vector():
    # Worked by hand from the standard's weights: 9×1 + 1×3 + 3×9 + 3×27 + 0 + 6×26 + 0 + 2×17 + …
    first17 = "91330602MA2BCD123"
    values = [int(c) if c.isdigit() else "0123456789ABCDEFGHJKLMNPQRTUWXY".index(c) for c in first17]
    total = sum(v * pow(3, i, 31) for i, v in enumerate(values))
    assert check_symbol(first17) == "0123456789ABCDEFGHJKLMNPQRTUWXY"[(31 - total % 31) % 31]


@pytest.mark.parametrize("uscc", VALID)
def test_valid_codes_register(uscc):
    assert register(factories.user_in_role("user"), uscc)["state"] == "pending"


def _wrong_check(code: str) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    return code[:17] + alphabet[(alphabet.index(code[17]) + 1) % 31]


@pytest.mark.parametrize("uscc, zh, en", [
    (_wrong_check(VALID[0]), "校验位", "check character"),
    (VALID[0][:8] + "I" + VALID[0][9:], "不使用字母", "never uses the letters"),
    (VALID[0][:8] + "O" + VALID[0][9:], "不使用字母", "never uses the letters"),
    (VALID[0][:8] + "S" + VALID[0][9:], "不使用字母", "never uses the letters"),
    (VALID[0][:8] + "V" + VALID[0][9:], "不使用字母", "never uses the letters"),
    (VALID[0][:8] + "Z" + VALID[0][9:], "不使用字母", "never uses the letters"),
    (VALID[0][:17], "18 位", "18 characters"),
    (VALID[0] + "1", "18 位", "18 characters"),
    (VALID[0].lower(), "大写", "capital letters"),
    (VALID[0][:8] + "-" + VALID[0][9:], "不允许的字符", "outside its alphabet"),
    (12345, "文本", "string"),
])
def test_invalid_codes_are_a_field_error_naming_uscc(uscc, zh, en):
    with pytest.raises(tk.ValidationError) as e:
        register(factories.user_in_role("user"), uscc)
    message = " ".join(e.value.error_dict["uscc"])
    assert zh in message and en in message
    assert list(e.value.error_dict) == ["uscc"]


def test_one_company_per_code():
    register(factories.user_in_role("user"), VALID[0])
    with pytest.raises(tk.ValidationError) as e:
        register(factories.user_in_role("user"), VALID[0])
    assert "已登记" in e.value.error_dict["uscc"][0] and "registered already" in e.value.error_dict["uscc"][0]


def test_other_fields_are_named_and_nothing_is_saved():
    user = factories.user_in_role("user")
    with pytest.raises(tk.ValidationError) as e:
        helpers.call_action("shaoxing_company_register", {"user": user}, name="", uscc=VALID[1],
                            contact_name=["x"], contact_phone="abc", contact_email="not-mail")
    assert set(e.value.error_dict) == {"name", "contact_name", "contact_phone", "contact_email"}
    assert register(user, VALID[1])["uscc"] == VALID[1]


@pytest.mark.ckan_config("ckanext.shaoxing.access.auto_verify", "true")
def test_auto_verify_for_demos():
    assert register(factories.user_in_role("user"), VALID[2])["state"] == "verified"
