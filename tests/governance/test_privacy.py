"""The privacy scan: resident ID numbers only when their check digit holds (vectors computed
here from ISO 7064 MOD 11-2), mobile numbers, Luhn-valid bank cards, e-mail outside contact
columns; masked values are fine; the report shows columns and counts, never values."""
import pytest

from ckanext.shaoxing.governance.checks import kinds, privacy
from tests.conftest import PLUGINS
from tests.governance.conftest import check, entry_with

WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]


def id_check_digit(first17: str) -> str:
    """ISO 7064 MOD 11-2 as GB 11643 states it: Σ digit × 2^(17-i) mod 11 → 1 0 X 9 8 7 6 5 4 3 2."""
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


def luhn_digit(payload: str) -> str:
    total = 0
    for i, d in enumerate(reversed(payload)):
        n = int(d) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return str((10 - total % 10) % 10)


def test_the_check_digit_vectors():
    # The standard's own example (GB 11643-1999 appendix) and ones computed here.
    assert id_check_digit("11010519491231002") == "X"
    assert id_check_digit("44052419800101001") == "3"          # 440524198001010013, the usual sample
    from stdnum.cn import ric
    for first17 in ("33060219900101123", "33068119751231991", "33062420000229002"):
        assert ric.calc_check_digit(first17 + "?") == id_check_digit(first17)   # the library agrees


def test_an_id_of_a_district_newer_than_its_holder_is_still_found():
    first17 = "33068119751231991"          # Zhuji's code is from 1989; its people born before hold it too
    assert privacy.scan(joined(first17 + id_check_digit(first17)), False, False)["resident_id"] == 1
    bad_day = "33060219900230001"
    assert privacy.scan(joined(bad_day + id_check_digit(bad_day)), False, False)["resident_id"] == 0


def joined(*values):
    return kinds.SEP + kinds.SEP.join(values) + kinds.SEP


def made_up_ids(n):
    """IDs that pass the check digit but belong to no one (sequence 99x in a real district)."""
    out = []
    for i in range(n):
        first17 = f"33060219900101{990 + i % 10:03d}"
        out.append(first17 + id_check_digit(first17))
    return out


def test_resident_ids_count_only_with_a_valid_check_digit():
    valid = made_up_ids(3)
    wrong = valid[0][:17] + ("0" if valid[0][17] != "0" else "1")
    assert privacy.scan(joined(*valid, wrong, "123456789012345678"), False, False)["resident_id"] == 3


def test_masked_values_are_fine():
    found = privacy.scan(joined("3306**********1234", "138****5678", "330602********123X"), False, False)
    assert {k: found[k] for k in privacy.KINDS} == {k: 0 for k in privacy.KINDS} and found["masked"] == 3


def test_mobile_cards_and_email_outside_contact_columns():
    card = "622202000000000000"
    card += luhn_digit(card)
    bad_card = card[:-1] + str((int(card[-1]) + 1) % 10)
    found = privacy.scan(joined("13812345678", "0575-88881234", card, bad_card, "zhang@example.com"), False, False)
    assert (found["mobile"], found["bank_card"], found["email"]) == (1, 1, 1)
    contact = privacy.scan(joined("13812345678", "zhang@example.com"), True, False)
    assert contact["mobile"] == contact["email"] == 0


def test_a_licence_number_with_eleven_digits_inside_is_not_a_phone():
    assert privacy.scan(joined("SC11533068180556"), False, False)["mobile"] == 0


@pytest.mark.ckan_config("ckan.plugins", PLUGINS)
@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_findings_name_columns_and_counts_never_values(org):
    ids = made_up_ids(5)
    items = [{"field_name": "name", "field_label": "姓名", "field_type": "string"},
             {"field_name": "idno", "field_label": "证件号", "field_type": "string"},
             {"field_name": "mobile", "field_label": "手机", "field_type": "phone"}]
    data = "name,idno,mobile\n" + "".join(f"测试{i},{v},13812345678\n" for i, v in enumerate(ids))
    result = check(entry_with(org, data, data_items=items, record_count="5"))
    assert result["privacy"][0]["findings"] == [{"column": "idno", "kind": "resident_id", "count": 5}]
    assert result["privacy"][0]["state"] == "quarantined" and not result["passed"]
    text = repr(result)
    assert not any(v in text for v in ids)
